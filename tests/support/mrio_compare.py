"""Cross-check of footprint's real-data path against pymrio ``calc_all`` on the same files.

:func:`deviation` runs footprint's pressure selection and attribution (one pressure per stressor row,
every final-demand category of each consumer region, households' direct stressors on) and returns the
largest relative difference to pymrio's ``D_cba_reg`` over all stressors and regions.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from footprint.attribution import attribute, group_weights
from footprint.config import ConsumerConfig
from footprint.engine.leontief import factorise
from footprint.inputs.system import MRIO
from footprint.pressures import select_pressures
from footprint.vocabulary import TOTAL_GROUP


def stressor_table(mrio: MRIO) -> pd.DataFrame:
    """A pressure table with one pressure per stressor row (factor 1, the data's unit)."""
    st = mrio.stressors
    return pd.DataFrame({
        "pressure": [f"p{k}" for k in range(len(st))], "layout": "*", "extension": st["extension"],
        "pattern": ["^" + re.escape(s) + "$" for s in st["stressor"]], "input_unit": st["unit"],
        "factor": 1.0, "unit": st["unit"], "source": "test: one pressure per stressor"})


def one_group(mrio: MRIO) -> pd.DataFrame:
    s = mrio.sectors[0]
    return pd.DataFrame({"group": ["g"], "subgroup": [""], "pxp_code": [""], "pxp_name": [s],
                         "ixi_code": [""], "ixi_name": [s], "role": ["final_demand"],
                         "weight": [1.0], "note": [""]})


def footprints(mrio: MRIO) -> np.ndarray:
    """Footprint of every region's whole final demand (plus direct stressors), (stressors, regions)."""
    pressures = select_pressures(stressor_table(mrio), mrio)
    lf = factorise(mrio.A)
    groups = group_weights(one_group(mrio), mrio)
    out = np.zeros((len(mrio.stressors), mrio.n_regions))
    for c, region in enumerate(mrio.regions):
        consumer = ConsumerConfig(region, tuple(mrio.fd_categories), include_inventories=False,
                                  include_household_direct=True)
        long = attribute(mrio, lf, pressures, consumer, groups)
        total = long[long["group"] == TOTAL_GROUP].groupby("indicator")["value"].sum()
        out[:, c] = total.reindex([f"p{k}" for k in range(len(mrio.stressors))]).fillna(0.0)
    return out


def pymrio_footprints(io: Any, regions: tuple[str, ...]) -> np.ndarray:
    """pymrio's D_cba_reg of every extension, stacked in footprint's stressor order."""
    io.calc_all()
    parts = [getattr(io, attr).D_cba_reg.reindex(columns=list(regions)).to_numpy(dtype=float)
             for attr in io.get_extensions()]
    return np.vstack(parts)


def deviation(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Largest relative difference, each entry relative to its own size (floor: 1e-12 of the
    largest entry, so that exact zeros compare absolutely)."""
    assert ours.shape == theirs.shape
    floor = max(float(np.abs(theirs).max()), 1e-300) * 1e-12
    return float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), floor)))


def pymrio_deviation(mrio: MRIO, io: Any) -> float:
    """:func:`deviation` of footprint's footprints of ``mrio`` from pymrio's on ``io`` (the same data)."""
    return deviation(footprints(mrio), pymrio_footprints(io, mrio.regions))
