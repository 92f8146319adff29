"""Tables of the ex-ante scenarios: I3 per scenario (``scenarios``), I2 per origin
(``scenario_absorption``) and who took the freed supply (scenario rows of ``waterbed_takers``).

Every row says what was assumed and what was applied: ``d`` as declared (or from elasticities),
``d_effective`` (the share of the freed supply other buyers actually took) and ``unallocated_share``
(the part of the supply meant to be displaced that no buyer under the allocation rule could take).
The algebra is in :mod:`footprint.waterbed.displacement`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from footprint.config import ConsumerConfig
from footprint.waterbed.bilateral import Bilateral, YearSystem
from footprint.waterbed.displacement import Purchases, ScenarioDelta, other_buyers_label, scenario_deltas
from footprint.waterbed.input_cut import input_cut_delta
from footprint.waterbed.measures import absorption, net_global_effect, top_mask, top_takers
from footprint.waterbed.scenarios import Scenario
from footprint.waterbed.tables import TAKER_COLUMNS, takers_table

__all__ = [
    "ABSORPTION_COLUMNS",
    "UNALLOCATED_WARNING",
    "scenario_absorption_table",
    "scenario_changes",
    "scenario_frames",
    "scenario_table",
    "scenario_takers",
    "unallocated_warnings",
]

#: ``unallocated_share`` above which the report and the printed summary warn [-].
UNALLOCATED_WARNING = 0.01
#: Columns of the ``scenario_absorption`` table, in order.
ABSORPTION_COLUMNS = ["scenario", "group", "q", "d", "d_effective", "indicator", "unit",
                      "origin_region", "d_consumer", "d_others", "war", "war_gross", "top_takers",
                      "data"]


def _buyers(base: Bilateral, consumer: str) -> list[str]:
    """Labels of the buyer columns of a scenario change: the regions, then the consumer's other
    buyers."""
    return [*base.regions, other_buyers_label(consumer)]


def _footprint_base(base: Bilateral, scen: Scenario, c: int) -> np.ndarray:
    """The consumer's embodied footprint of the cut group (input cut: all products) [unit]."""
    g = base.groups.index(scen.group) if scen.kind == "final_demand" else 0
    return base.P[g, :, :, c].sum(axis=1)


def scenario_table(deltas: Sequence[ScenarioDelta], base: Bilateral, consumer: str, label: str
                   ) -> pd.DataFrame:
    """I3 per scenario, (q, d) variant and indicator, with the displacement applied.

    Parameters
    ----------
    deltas : sequence of ScenarioDelta
    base : Bilateral
        The baseline matrices of the scenario year.
    consumer : str
    label : str
        Data label.

    Returns
    -------
    DataFrame
        One row per scenario, variant and indicator. Columns:

        * ``scenario``, ``kind`` (``final_demand`` or ``input_cut``), ``group`` (what is cut: the
          product group, or ``inputs: <products>`` for an input cut), ``origins`` (``all`` or the list),
          ``allocation`` (with the receiving regions), ``shift_to`` (sourcing shift: the region
          replacing the cut purchases; empty: none), ``price_ratio`` (M EUR of ``shift_to``'s
          product replacing 1 M EUR of the origin's, p_R2 / p_R1 [-]);
        * ``q`` [-] cut fraction; ``d`` [-] displacement rate as declared (or from elasticities);
          ``d_source`` where d came from; ``d_effective`` [-] share of the freed supply actually
          taken by other buyers, ``d (1 - unallocated_share)``; ``unallocated_share`` [-] share of
          the supply meant to be displaced that no buyer under the allocation rule can take
          (production falls instead; 0 when d = 0);
        * ``indicator``, ``unit``; ``footprint_base_embodied`` [unit] the consumer's footprint
          before the scenario, embodied in its final demand (households' direct stressors
          excluded: no scenario changes them), of the cut group (all products for an input cut);
          ``d_consumer`` [unit] change booked to the consumer, i.e. what its cut demand does (for
          an input cut: the change of the pressure embodied in its industries' cut purchases,
          wherever their products are finally consumed); ``d_consumption`` [unit] change of the
          consumer's consumption-based footprint (= d_consumer for a final-demand cut; for an input
          cut the part of d_consumer its own final demand embodies); ``d_global`` [unit] change of
          world pressure (every buyer, the consumer region's other buyers included); ``nge`` [-] =
          d_global / d_consumer; ``leakage`` [-] = 1 - nge, which is also the absorption ratio of
          all origins together (per-origin WAR: ``scenario_absorption``);
        * ``description``, ``year`` (the run's main year), ``consumer``, ``data``.
    """
    c = base.regions.index(consumer)
    rows = []
    for delta in deltas:
        s = delta.scenario
        i3 = net_global_effect(delta.dP, c)
        f_base = _footprint_base(base, s, c)
        d_eff, unalloc = delta.d_effective, delta.unallocated_share
        for v, (q, d) in enumerate(delta.variants):
            for k, name in enumerate(base.indicators.names):
                rows.append({
                    "scenario": s.name, "kind": s.kind, "group": s.cut,
                    "origins": ", ".join(s.origins) or "all",
                    "allocation": s.allocation + (f" ({', '.join(s.to_regions)})" if s.to_regions
                                                  else ""),
                    "shift_to": s.shift_to or "",
                    "price_ratio": s.price_ratio if s.shift_to else np.nan,
                    "q": q, "d": d, "d_source": s.d_source, "d_effective": d_eff[v],
                    "unallocated_share": unalloc[v],
                    "indicator": name, "unit": base.indicators.units[k],
                    "footprint_base_embodied": f_base[k], "d_consumer": i3["d_consumer"][v, k],
                    "d_consumption": delta.d_consumption[v, k],
                    "d_global": i3["d_global"][v, k], "nge": i3["nge"][v, k],
                    "leakage": i3["leakage"][v, k], "description": s.description,
                    "year": base.year, "consumer": consumer, "data": label,
                })
    return pd.DataFrame(rows)


def scenario_absorption_table(deltas: Sequence[ScenarioDelta], base: Bilateral, consumer: str,
                              label: str) -> pd.DataFrame:
    """I2 per scenario, variant, indicator and origin whose sales to the consumer fell.

    Columns: scenario, group (the product group cut), q, d, d_effective [-], indicator, unit,
    origin_region, d_consumer (change of the consumer's pressure from the origin), d_others (change
    of every other buyer's, the consumer region's other buyers included) [unit], war, war_gross
    [-], top_takers (largest taker shares; ``<consumer> (other buyers)`` = its industries and
    other final demand), data.
    """
    c = base.regions.index(consumer)
    buyers = _buyers(base, consumer)
    frames = [pd.DataFrame(columns=ABSORPTION_COLUMNS)]
    for delta in deltas:
        i2 = absorption(delta.dP, c)
        v_i, k_i, r_i = np.nonzero(i2["d_consumer"] < 0)
        frames.append(pd.DataFrame({
            "scenario": delta.scenario.name,
            "group": delta.scenario.cut,
            "q": [delta.variants[v][0] for v in v_i],
            "d": [delta.variants[v][1] for v in v_i],
            "d_effective": delta.d_effective[v_i],
            "indicator": np.array(base.indicators.names, dtype=object)[k_i],
            "unit": np.array(base.indicators.units, dtype=object)[k_i],
            "origin_region": np.array(base.regions, dtype=object)[r_i],
            "d_consumer": i2["d_consumer"][v_i, k_i, r_i],
            "d_others": i2["d_others"][v_i, k_i, r_i],
            "war": i2["war"][v_i, k_i, r_i], "war_gross": i2["war_gross"][v_i, k_i, r_i],
            "top_takers": [top_takers(i2["theta"][v, k, r], buyers)
                           for v, k, r in zip(v_i, k_i, r_i, strict=True)],
            "data": label,
        }))
    return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)


def scenario_takers(deltas: Sequence[ScenarioDelta], base: Bilateral, consumer: str, label: str,
                    top_n: int) -> pd.DataFrame:
    """Who took the freed supply, for every single-variant scenario (sweeps are left out; a
    ``d = "faostat"`` scenario with one q shows its central d, the first of its three variants).

    Columns :data:`footprint.waterbed.tables.TAKER_COLUMNS`; per indicator the ``top_n`` origins whose
    sales to the consumer fell most; ``taker`` is a region or ``<consumer> (other buyers)``.
    """
    c = base.regions.index(consumer)
    units = dict(zip(base.indicators.names, base.indicators.units, strict=True))
    frames = [pd.DataFrame(columns=TAKER_COLUMNS)]
    for delta in deltas:
        if len(delta.variants) != 1 and not (delta.scenario.d_faostat and len(delta.scenario.q) == 1):
            continue
        dP = delta.dP[0]
        keep = top_mask(absorption(dP, c)["d_consumer"], top_n)
        t = takers_table(dP, base.regions, consumer, base.indicators.names, delta.scenario.name,
                         keep, _buyers(base, consumer))
        q, d = delta.variants[0]
        frames.append(t.assign(group=delta.scenario.cut, q=q, d=d, data=label,
                               unit=t["indicator"].map(units))[TAKER_COLUMNS])
    return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)


def unallocated_warnings(scenarios: pd.DataFrame) -> list[str]:
    """One line per scenario whose ``unallocated_share`` exceeds :data:`UNALLOCATED_WARNING`."""
    if "unallocated_share" not in scenarios.columns:
        return []
    bad = scenarios[scenarios["unallocated_share"] > UNALLOCATED_WARNING]
    out = []
    for name, frame in bad.groupby("scenario", sort=False):
        row = frame.iloc[0]
        out.append(
            f"scenario '{name}': {row['unallocated_share']:.1%} of the supply meant to be "
            f"displaced has no buyer under allocation '{row['allocation']}' (d = {row['d']:.2f}, "
            f"d_effective = {row['d_effective']:.2f}); that part is not taken by anyone."
        )
    return out


def scenario_changes(system: YearSystem, consumer: ConsumerConfig, scenarios: Sequence[Scenario]
                     ) -> list[ScenarioDelta]:
    """Every scenario's change, in the order given: final-demand cuts in one batched solve
    (:func:`footprint.waterbed.displacement.scenario_deltas`), input cuts each through a low-rank update
    of the same factorisation (:func:`footprint.waterbed.input_cut.input_cut_delta`)."""
    mrio = system.mrio
    purchases = Purchases.of(mrio)
    final = [s for s in scenarios if s.kind == "final_demand"]
    out = dict(zip((s.name for s in final),
                   scenario_deltas(mrio, system.leontief, system.indicators, system.groups,
                                   consumer, final, purchases), strict=True))
    for s in scenarios:
        if s.kind == "input_cut":
            out[s.name] = input_cut_delta(mrio, system.leontief, system.indicators, consumer, s,
                                          purchases)
    return [out[s.name] for s in scenarios]


def scenario_frames(system: YearSystem, consumer: ConsumerConfig, scenarios: Sequence[Scenario],
                    base: Bilateral, label: str, top_n: int) -> dict[str, pd.DataFrame]:
    """The scenario tables of one year: ``scenarios``, ``scenario_absorption``, ``waterbed_takers``.

    Parameters
    ----------
    system : YearSystem
        The scenario year's system and factorisation.
    consumer : ConsumerConfig
    scenarios : sequence of Scenario
    base : Bilateral
        That year's baseline matrices.
    label : str
        Data label.
    top_n : int
        Origins listed per indicator in the takers table.
    """
    deltas = scenario_changes(system, consumer, scenarios)
    region = consumer.region
    return {"scenarios": scenario_table(deltas, base, region, label),
            "scenario_absorption": scenario_absorption_table(deltas, base, region, label),
            "waterbed_takers": scenario_takers(deltas, base, region, label, top_n)}
