"""Command line: ``footprint run CONFIG``, ``... batch CONFIG``, ``... config export DIR``, ``... download``.

``CONFIG`` is a run file or the name of a packaged one (``footprint run demo``).

Exit status: 0 done; 1 a batch finished with failed tasks (the others' partitions are kept), or an
internal error (a bug: rerun with ``--debug`` and report the traceback); 2 the command was refused
or stopped by an error in its input (run file, tables, data, output folder), with one line
``footprint: error: ...`` that names the item and the fix; 130 interrupted (Ctrl-C). Tracebacks are
printed only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from footprint import __version__
from footprint.batch.run import run_batch
from footprint.defaults import export
from footprint.errors import FootprintError
from footprint.group_scope import GROUP_LENS
from footprint.inputs.sources import download_exiobase3
from footprint.pipeline import run
from footprint.progress import LOGGER, show_progress
from footprint.uncertainty.present import summary_lines
from footprint.vocabulary import TOTAL_GROUP
from footprint.waterbed.scenario_tables import unallocated_warnings

__all__ = ["main", "print_impacts", "print_scenarios", "print_summary", "print_tracker"]


def print_summary(summary: pd.DataFrame, label: str, indicator_prefix: str = "land_total") -> str:
    """Format the headline table: each group's land footprint, share abroad and top origins."""
    sel = summary[summary["indicator"].str.startswith(indicator_prefix)]
    if sel.empty:
        sel = summary[summary["indicator"] == summary["indicator"].iloc[0]]
    lines = [f"Data: {label}", ""]
    header = f"{'group':<10} {'footprint':>14} {'unit':<10} {'abroad':>7} {'of total':>8}  top origins"
    lines += [header, "-" * len(header)]
    for _, row in sel.iterrows():
        abroad, share = (f"{v:.1%}" if pd.notna(v) else "-" for v in (row["share_abroad"],
                                                                      row["share_of_total"]))
        lines.append(
            f"{row['group']:<10} {row['total']:>14,.0f} {row['unit']:<10} "
            f"{abroad:>7} {share:>8}  {row['top_origins']}"
        )
    return "\n".join([*lines, *_scope_lines(summary)])


def _scope_lines(summary: pd.DataFrame) -> list[str]:
    """What the groups hold, the product-group lens, and the households' own stressors per group."""
    if "group_label" not in summary.columns:
        return []
    first = summary.drop_duplicates("group")
    lines = ["", f"Groups are the {GROUP_LENS}:"]
    lines += [f"  {g}: {lab}" for g, lab in zip(first["group"], first["group_label"], strict=True)
              if g != TOTAL_GROUP and lab]
    direct = summary[(summary["group"] != TOTAL_GROUP) & (summary["direct"] != 0)]
    for (g, ind), rows in direct.groupby(["group", "indicator"], sort=False):
        row = rows.iloc[-1]
        lines.append(f"  {g} carries households' own {ind} ({row['direct']:,.0f} {row['unit']}, "
                     f"{row['year']}): {row['direct_rows']}")
    return lines


def print_impacts(impacts: pd.DataFrame, notes: Sequence[str]) -> str:
    """Format biodiversity impact per group and method (central, low-high) and the rank-change notes."""
    totals = impacts.groupby(["group", "method", "unit", "land_type", "bound"], sort=False)["value"].sum()
    lines = ["Biodiversity impact (central, low-high); land use and, where the method has one, climate:",
             ""]
    for (group, method, unit), frame in totals.groupby(level=[0, 1, 2], sort=False):
        parts = []
        for kind, sel in (("land", frame.drop("climate", level=3, errors="ignore")),
                          ("climate", frame.xs("climate", level=3, drop_level=False)
                           if "climate" in frame.index.get_level_values(3) else frame.iloc[:0])):
            if len(sel):
                by = sel.groupby(level=4).sum()
                parts.append(f"{kind} {by['central']:.3g} ({by['low']:.3g}-{by['high']:.3g})")
        lines.append(f"{group:<10} {method:<20} {'; '.join(parts)} {unit}")
    return "\n".join([*lines, "", *(n for n in notes if n.startswith("impact ranking"))])


def print_scenarios(scenarios: pd.DataFrame, indicator: str = "land_total") -> str:
    """Format the scenarios: d as declared beside d_effective and the unallocated share, and NGE.

    One line per single-variant scenario; a q x d sweep in one line with its NGE range. A warning
    line follows for every scenario whose ``unallocated_share`` exceeds
    :data:`footprint.waterbed.scenario_tables.UNALLOCATED_WARNING`.
    """
    sel = scenarios[scenarios["indicator"] == indicator]
    if sel.empty:
        indicator = str(scenarios["indicator"].iloc[0])
        sel = scenarios[scenarios["indicator"] == indicator]
    year = f" ({sel['year'].iloc[0]})" if "year" in sel.columns and len(sel) else ""
    lines = [f"Scenarios{year}: d declared, d_effective (share of the freed supply others take), "
             f"unallocated share, NGE of {indicator}:", ""]
    w = max([8, *(len(str(n)) for n in sel["scenario"])])
    header = f"{'scenario':<{w}} {'q':>5} {'d':>5} {'d_eff':>6} {'unalloc':>8} {'NGE':>7}"
    lines += [header, "-" * len(header)]
    for name, frame in sel.groupby("scenario", sort=False):
        if len(frame) > 1:
            lines.append(f"{name!s:<{w}} sweep of {len(frame)} (q, d): NGE "
                         f"{frame['nge'].min():.2f} to {frame['nge'].max():.2f}, unallocated "
                         f"up to {frame['unallocated_share'].max():.1%}")
            continue
        row = frame.iloc[0]
        lines.append(f"{name!s:<{w}} {row['q']:>5.2f} {row['d']:>5.2f} {row['d_effective']:>6.2f} "
                     f"{row['unallocated_share']:>8.1%} {row['nge']:>7.2f}")
    lines += [f"warning: {w}" for w in unallocated_warnings(scenarios)]
    return "\n".join(lines)


def _cmd_run(args: argparse.Namespace) -> int:
    result = run(args.config, out_dir=args.out, force=args.force)  # progress: the logger (main)
    print()
    summ = result.summary
    if summ["year"].nunique() > 1:  # a multi-year run: the headline is the main year
        summ = summ[summ["year"] == result.mrio.year]
    print(print_summary(summ, result.mrio.label))
    for note in result.notes:  # what the consumer's final demand could not include, or a zero
        if "[consumer]" in note or "the footprint is zero" in note:
            print(f"\n{note}" if "the footprint is zero" in note else note)
    if "impacts" in result.extra:
        print()
        print(print_impacts(result.extra["impacts"], result.notes))
    if "mrio_uncertainty" in result.extra:
        print()
        print("\n".join(summary_lines(result.extra["mrio_uncertainty"])))
    if "scenarios" in result.extra and len(result.extra["scenarios"]):
        print()
        print(print_scenarios(result.extra["scenarios"]))
    if result.out_dir is not None:
        print(f"\nResults written to {result.out_dir}")
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    result = run_batch(args.config, out_dir=args.out, scheduler=args.scheduler, fresh=args.fresh,
                       debug=args.debug)
    tracker = result.series.get("tracker")
    if tracker is not None and len(tracker):
        print()
        print(print_tracker(tracker))
    print(f"\nDataset: {result.dataset}")
    if result.failed:
        for year, error in sorted(result.failed.items()):
            print(f"failed: {year}: {error}", file=sys.stderr)
        return 1
    return 0


def print_tracker(tracker: pd.DataFrame) -> str:
    """Format the halving-target tracker: footprint, index, target path and gap per year."""
    cols = [c for c in ("year", "value", "unit", "index", "path", "gap_pp", "rmi_value", "rmi_index",
                        "domestic_extraction_index") if c in tracker.columns]
    names = ""
    if "series_rmc" in tracker.columns:
        first = tracker.iloc[0]
        names = (f"  value/index: {first['series_rmc']}\n  rmi_*: {first['series_rmi']}\n"
                 f"  domestic_extraction_index: {first['series_domestic_extraction']}\n"
                 "  (used extraction of the pressure's EXIOBASE rows; unused extraction excluded)\n")
    return "Halving-target tracker (index: base year = 100):\n" + names + tracker[cols].to_string(
        index=False, float_format=lambda v: f"{v:,.1f}")


def _cmd_download(args: argparse.Namespace) -> int:
    paths = download_exiobase3(args.years, Path(args.out), system=args.system)
    for path in paths:
        print(path)
    return 0


def _cmd_config_export(args: argparse.Namespace) -> int:
    written = export(Path(args.dir))
    print(f"{len(written)} files copied into {args.dir}; run the demo from there with "
          f"footprint run {Path(args.dir) / 'demo.toml'}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footprint",
        description="Supply-chain footprints of a region's consumption by origin and pressure.",
        epilog="Exit status: 0 done, 1 a batch with failed tasks (or an internal error), 2 an error "
               "in the input (a footprint: error: line names it), 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"footprint {__version__}")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an error")
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="print the traceback of an error")
    common = argparse.ArgumentParser(add_help=False, parents=[debug])
    common.add_argument("--quiet", action="store_true", help="no progress lines")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", parents=[common], help="run a TOML run file, or the packaged demo: "
                         "footprint run demo")
    run.add_argument("config", help="run file (e.g. my-run.toml) or a packaged run file's name "
                     "(demo, demo-series)")
    run.add_argument("--out", help="results folder of this run (default: results/<run name>); it "
                     "must not exist yet or hold footprint's results of this run")
    run.add_argument("--force", action="store_true", help="also replace footprint's results of a "
                     "run of another name in --out (never a folder footprint did not write)")
    run.set_defaults(func=_cmd_run)
    batch = sub.add_parser("batch", parents=[common],
                           help="run a run file's years x scenarios on Dask into one dataset")
    batch.add_argument("config", help="run file with [data] years, or a packaged one: demo-series")
    batch.add_argument("--out", help="batch folder (default: results/<run name>-batch)")
    batch.add_argument("--scheduler", help='"local" (default), "sequential" or a Dask scheduler '
                       "address such as tcp://10.0.0.5:8786 (overrides [batch] scheduler)")
    batch.add_argument("--fresh", action="store_true", help="delete the earlier dataset first")
    batch.set_defaults(func=_cmd_batch)
    cfg = sub.add_parser("config", help="the packaged default tables and run files")
    cfg_sub = cfg.add_subparsers(dest="action", required=True)
    export_cmd = cfg_sub.add_parser("export", parents=[debug], help="copy the packaged default tables and "
                                "run files into DIR, to edit (nothing is overwritten)")
    export_cmd.add_argument("dir", help="target folder (made if missing)")
    export_cmd.set_defaults(func=_cmd_config_export)
    dl = sub.add_parser("download", parents=[debug],
                        help="download EXIOBASE 3 from Zenodo (needs internet)")
    dl.add_argument("--years", type=int, nargs="+", required=True)
    dl.add_argument("--out", default="data/exiobase")
    dl.add_argument("--system", default="pxp", choices=["pxp", "ixi"])
    dl.set_defaults(func=_cmd_download)
    return parser


def _error(line: str) -> None:
    print(f"footprint: {line}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (see the module docstring)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (argparse printed them)
        return exc.code if isinstance(exc.code, int) else 2
    shown = None if getattr(args, "quiet", False) else show_progress()  # the progress lines, on stderr
    try:
        return _call(args)
    finally:
        if shown is not None:
            LOGGER.removeHandler(shown)


def _call(args: argparse.Namespace) -> int:
    """The command's exit status; errors become one line on stderr (tracebacks with --debug)."""
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return int(func(args))
    except KeyboardInterrupt:
        if args.debug:
            raise
        _error("interrupted; rerun the same command to resume (a run leaves no partial results; "
               "a batch keeps its finished partitions)")
        return 130
    except FootprintError as exc:
        if args.debug:
            raise
        _error(f"error: {exc}")
        return 2
    except OSError as exc:  # a file or folder the user named cannot be read or written
        if args.debug:
            raise
        where = f" {exc.filename}" if exc.filename else ""
        _error(f"error: cannot read or write{where}: {exc.strerror or exc}. Check the path and its "
               "permissions (--debug shows where it happened).")
        return 2
    except Exception as exc:
        if args.debug:
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}). This is a bug in footprint: rerun "
               "with --debug and report the traceback.")
        return 1
