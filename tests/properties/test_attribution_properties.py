"""Property tests of the functions the pipeline calls, on random productive systems (Hypothesis).

``test_invariants`` checks the engine's accounts; these check what a run actually computes:
:func:`footprint.attribution.attribute` (the long table by group, pressure, origin region and
product) and :func:`footprint.tables.summary` (the headline table), against an independent dense
solve with numpy and against :func:`footprint.engine.regional_accounts` (DOMAIN.md 5.2: balance,
conservation, additivity over groups, linearity, autarky), and their tables against the helpers in
:mod:`footprint.testing` (totals over origins, domestic + abroad, shares, no NaN, the data
label).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from footprint.attribution import GroupWeights, attribute
from footprint.config import ConsumerConfig
from footprint.engine.accounts import regional_accounts
from footprint.engine.leontief import factorise
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet
from footprint.tables import summary
from footprint.testing import (
    assert_data_label,
    assert_finite,
    assert_origins_sum_to_totals,
    assert_shares_sum_to_one,
)
from footprint.vocabulary import DIRECT_SECTOR, TOTAL_GROUP

RTOL = 1e-9
SETTINGS = settings(max_examples=12, deadline=None)
MakeMRIO = Callable[..., MRIO]

seeds = st.integers(0, 2**32 - 1)


@st.composite
def cases(draw: st.DrawFn, autarky: bool = False) -> dict[str, object]:
    """A random system's shape, the consumer, the pressures (random positive combinations of the
    stressors) and groups that partition the products (and the consumer's own stressor rows)."""
    R, ns, k = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    n_groups = draw(st.integers(1, 3))
    return {
        "seed": draw(seeds), "R": R, "ns": ns, "k": k, "autarky": autarky,
        "consumer": draw(st.integers(0, R - 1)),
        "direct": draw(st.booleans()),
        "p": draw(st.integers(1, 3)),
        "group_of_sector": draw(st.lists(st.integers(0, n_groups - 1), min_size=ns, max_size=ns)),
        "group_of_stressor": draw(st.lists(st.integers(0, n_groups - 1), min_size=k, max_size=k)),
        "n_groups": n_groups,
    }


def build(random_mrio: MakeMRIO, case: dict[str, object]) -> tuple[MRIO, PressureSet, ConsumerConfig,
                                                                   GroupWeights]:
    mrio = random_mrio(case["seed"], case["R"], case["ns"], case["k"], autarky=case["autarky"])
    rng = np.random.default_rng(int(case["seed"]) % 1000)  # type: ignore[call-overload]
    p = int(case["p"])  # type: ignore[call-overload]
    pressures = PressureSet(tuple(f"pressure{i}" for i in range(p)), ("t",) * p,
                            rng.uniform(0.1, 2.0, (p, mrio.F.shape[0])), pd.DataFrame())
    consumer = ConsumerConfig(mrio.regions[int(case["consumer"])], mrio.fd_categories,  # type: ignore[call-overload]
                              include_inventories=False, include_household_direct=bool(case["direct"]))
    names = tuple(f"g{g}" for g in range(int(case["n_groups"])))  # type: ignore[call-overload]
    of_sector, of_stressor = np.array(case["group_of_sector"]), np.array(case["group_of_stressor"])
    groups = GroupWeights(names, np.stack([(of_sector == g).astype(float) for g in range(len(names))]), (),
                          np.stack([of_stressor == g for g in range(len(names))]))
    return mrio, pressures, consumer, groups


def close(actual: np.ndarray, desired: np.ndarray) -> None:
    size = float(np.abs(desired).max(initial=0.0))
    np.testing.assert_allclose(actual, desired, rtol=RTOL, atol=RTOL * max(size, 1e-300))


def by_origin(long: pd.DataFrame, group: str, mrio: MRIO, pressures: PressureSet) -> np.ndarray:
    """``(pressure, origin row)`` matrix of ``group``'s supply-chain part (direct rows left out)."""
    rows = long[(long["group"] == group) & (long["origin_sector"] != DIRECT_SECTOR)]
    index = pd.MultiIndex.from_product([pressures.names, mrio.regions, mrio.sectors])
    values = rows.set_index(["indicator", "origin_region", "origin_sector"])["value"]
    return values.reindex(index, fill_value=0.0).to_numpy().reshape(len(pressures.names), mrio.n)


@SETTINGS
@given(cases())
def test_attribute_equals_an_independent_dense_solve(random_mrio: MakeMRIO, case: dict[str, object]) -> None:
    """Every origin row of every group: (C S)[p, i] (L W_g y)[i], with L y from numpy's dense solve;
    the direct rows are C F_Y of the consumer's columns (masked per group)."""
    mrio, pressures, consumer, groups = build(random_mrio, case)
    long = attribute(mrio, factorise(mrio.A), pressures, consumer, groups)
    r = mrio.regions.index(consumer.region)
    n_fd = len(mrio.fd_categories)
    y = mrio.Y[:, r * n_fd:(r + 1) * n_fd].sum(axis=1)
    fy = mrio.F_Y[:, r * n_fd:(r + 1) * n_fd].sum(axis=1)
    s = pressures.C @ (mrio.F / mrio.x)  # S = F diag(x)^-1 (x > 0 in these systems)
    solve = np.linalg.solve(np.eye(mrio.n) - mrio.A, np.column_stack([y, *(y * np.tile(w, mrio.n_regions)
                                                                             for w in groups.W)]))
    for j, name in enumerate((TOTAL_GROUP, *groups.names)):
        close(by_origin(long, name, mrio, pressures), s * solve[:, j])
        direct = long[(long["group"] == name) & (long["origin_sector"] == DIRECT_SECTOR)]
        mask = np.ones(len(fy), bool) if name == TOTAL_GROUP else groups.direct[j - 1]  # type: ignore[index]
        want = pressures.C @ (fy * mask * consumer.include_household_direct)
        got = direct.set_index("indicator")["value"].reindex(pressures.names, fill_value=0.0).to_numpy()
        close(got, want)
        assert (direct["origin_region"] == consumer.region).all()


@SETTINGS
@given(cases())
def test_total_is_the_consumption_based_account(random_mrio: MakeMRIO, case: dict[str, object]) -> None:
    """All of a region's final demand with its own stressors: the total group summed over origins is
    C D_cba_reg[:, r] of the pymrio-style accounts (another route through the engine)."""
    case = {**case, "direct": True}
    mrio, pressures, consumer, groups = build(random_mrio, case)
    lf = factorise(mrio.A)
    long = attribute(mrio, lf, pressures, consumer, groups)
    total = long[long["group"] == TOTAL_GROUP].groupby("indicator")["value"].sum()
    d_cba = regional_accounts(mrio, lf)["D_cba_reg"][consumer.region].to_numpy()
    close(total.reindex(pressures.names, fill_value=0.0).to_numpy(), pressures.C @ d_cba)


@SETTINGS
@given(cases())
def test_groups_that_partition_products_add_up_to_the_total(random_mrio: MakeMRIO,
                                                           case: dict[str, object]) -> None:
    mrio, pressures, consumer, groups = build(random_mrio, case)
    long = attribute(mrio, factorise(mrio.A), pressures, consumer, groups)
    keys = ["indicator", "origin_region", "origin_sector"]
    parts = long[long["group"] != TOTAL_GROUP].groupby(keys)["value"].sum()
    total = long[long["group"] == TOTAL_GROUP].set_index(keys)["value"]
    index = total.index.union(parts.index)
    close(parts.reindex(index, fill_value=0.0).to_numpy(), total.reindex(index, fill_value=0.0).to_numpy())


@SETTINGS
@given(cases(), st.floats(0.01, 100.0))
def test_attribute_is_linear_in_final_demand(random_mrio: MakeMRIO, case: dict[str, object],
                                              lam: float) -> None:
    """Scaling final demand and the consumer's own stressors by lam scales every value by lam."""
    mrio, pressures, consumer, groups = build(random_mrio, case)
    lf = factorise(mrio.A)
    base = attribute(mrio, lf, pressures, consumer, groups)
    scaled = attribute(replace(mrio, Y=lam * mrio.Y, F_Y=lam * mrio.F_Y), lf, pressures, consumer, groups)
    keys = ["group", "indicator", "origin_region", "origin_sector"]
    a, b = base.set_index(keys)["value"], scaled.set_index(keys)["value"]
    assert a.index.equals(b.index)
    close(b.to_numpy(), lam * a.to_numpy())


@SETTINGS
@given(cases(autarky=True))
def test_autarky_keeps_every_origin_at_home(random_mrio: MakeMRIO, case: dict[str, object]) -> None:
    mrio, pressures, consumer, groups = build(random_mrio, case)
    long = attribute(mrio, factorise(mrio.A), pressures, consumer, groups)
    assert (long["origin_region"] == consumer.region).all()
    table = summary(long, names={})
    close(table["abroad"].to_numpy(), np.zeros(len(table)))


@SETTINGS
@given(cases())
def test_summary_keeps_the_identities(random_mrio: MakeMRIO, case: dict[str, object]) -> None:
    """The headline table of a random system passes the result-table checks: totals are the long table
    summed over origins, domestic + abroad = total, the groups' shares of total of a partition sum to
    one, nothing is NaN where the total is positive, and every row carries the system's label."""
    mrio, pressures, consumer, groups = build(random_mrio, case)
    long = attribute(mrio, factorise(mrio.A), pressures, consumer, groups)
    table = summary(long, names={})
    assert_origins_sum_to_totals(long, table)
    assert_data_label(long, mrio.label, table="attribution")
    assert_data_label(table, mrio.label)
    assert_finite(long, ["value"], table="attribution")
    assert_finite(table[table["total"] > 0],
                  ["total", "domestic", "abroad", "share_abroad", "share_of_total"])
    assert_shares_sum_to_one(table[table["group"] != TOTAL_GROUP], "share_of_total", ["indicator"])
    shares = table.loc[table["group"] == TOTAL_GROUP, "share_of_total"].to_numpy()
    assert len(shares) == len(pressures.names)
    close(shares, np.ones(len(shares)))
