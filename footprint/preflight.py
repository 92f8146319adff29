"""What a run reads and checks before any data is loaded: the tables its run file names (groups,
pressures, scenarios, impact factors, direct rows) and its region codes against the data's.

Read once per run, or once per batch task; a broken table or an unknown code stops the run before
any computing, with a message that names the item and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from footprint import direct
from footprint.config import RunConfig, read_groups_table, read_pressures_table
from footprint.errors import UnknownCodeError, close_matches
from footprint.impacts.stage import ImpactInputs, read_impact_inputs
from footprint.impacts.tables import GLOBAL
from footprint.inputs import peek
from footprint.trade.scenario_d import resolve_scenarios
from footprint.trade.source import TradeSource
from footprint.waterbed.scenario_file import read_scenarios
from footprint.waterbed.scenarios import Scenario, check_scenarios

__all__ = ["Inputs", "check_codes", "read_inputs"]


@dataclass(frozen=True, eq=False)
class Inputs:
    """The tables a run reads once, before any data: groups, pressures, scenarios and, with
    impacts on, the characterisation factors and the land-type map."""

    groups: pd.DataFrame
    pressures: pd.DataFrame
    scenarios: tuple[Scenario, ...] = ()
    impacts: ImpactInputs | None = None
    """:func:`footprint.impacts.stage.read_impact_inputs` (None with impacts off)."""
    direct: pd.DataFrame | None = None
    """:func:`footprint.direct.read_direct_table` (None: no direct stressors booked to groups)."""
    scenario_d: pd.DataFrame | None = None
    """The estimates behind the ``d = "faostat"`` scenarios (:mod:`footprint.trade.scenario_d`)."""
    trade: TradeSource | None = None
    """Where the trade rows come from (with ``[trade] enabled`` or a ``d = "faostat"`` scenario)."""


def read_inputs(cfg: RunConfig, *, resolve: bool = True) -> Inputs:
    """Read and check every table the run file names (once per run, or once per batch task).

    With ``resolve`` the ``d = "faostat"`` scenarios get their estimates from the trade history here;
    without, they stay unresolved (:func:`run` resolves them in the trade stage's thread)."""
    wb, spec = cfg.waterbed, cfg.impacts
    scenarios = read_scenarios(wb.scenarios) if wb.enabled and wb.scenarios is not None else ()
    groups = read_groups_table(cfg.groups_table)
    faostat = any(s.d_faostat for s in scenarios)
    source = TradeSource(cfg.trade) if cfg.trade.enabled or faostat else None
    scenario_d = None
    if faostat and source is not None and resolve:  # d = "faostat": estimated from the trade history
        scenarios, scenario_d = resolve_scenarios(scenarios, source, groups, cfg.trade)
    return Inputs(groups,
                  read_pressures_table(cfg.pressures_table, cfg.gwp, cfg.gwp_table),
                  scenarios,
                  read_impact_inputs(spec),
                  direct.read_direct_table(cfg.direct_table) if cfg.direct_table else None,
                  scenario_d, source)


def _check_fallback(cfg: RunConfig, regions: tuple[str, ...]) -> None:
    """``[impacts] fallback`` maps regions of the data to a proxy region of the data or "GLO"."""
    spec = cfg.impacts
    if spec is None or not spec.enabled:
        return
    for region, proxy in spec.fallback.items():
        for code, what in ((region, "region"), (proxy, "proxy")):
            if code not in regions and (what == "region" or code != GLOBAL):
                options = regions if what == "region" else (*regions, GLOBAL)
                raise UnknownCodeError(
                    f"[impacts] fallback {{ {region} = \"{proxy}\" }}: the {what} '{code}' is not "
                    f"in the data; {close_matches(code, options)}. Fix [impacts] fallback."
                )


def check_codes(cfg: RunConfig, inputs: Inputs) -> None:
    """Check the run's region codes against the data's region list before anything is loaded.

    The consumer region, the regions of ``[impacts] fallback`` and the scenarios' ``origins``,
    ``to_regions`` and ``shift_to`` (with the waterbed on) are checked against the regions of the
    main year's data, read from its core table's header line (:mod:`footprint.inputs.peek`); where that
    cannot be read cheaply the same checks run after loading.

    Raises
    ------
    UnknownCodeError
        A code is not among the data's regions; the message lists close matches.
    """
    regions = peek.data_regions(cfg.data.source, cfg.data.path_for(cfg.data.year), cfg.data.year)
    if regions is None:
        return
    region = cfg.consumer.region
    if region not in regions:
        raise UnknownCodeError(
            f"consumer region '{region}' is not in the data ({cfg.data.source}, year "
            f"{cfg.data.year}); {close_matches(region, regions)}. Fix [consumer] region."
        )
    _check_fallback(cfg, regions)
    table_groups = tuple(dict.fromkeys(inputs.groups["group"]))
    if cfg.waterbed.enabled and set(cfg.group_select) <= set(table_groups):
        names = tuple(g for g in table_groups if not cfg.group_select or g in cfg.group_select)
        check_scenarios(inputs.scenarios, regions, names, region)
