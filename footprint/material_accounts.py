"""The consumer region's material accounts in the production view: domestic extraction, raw-material
equivalents (RME) of imports and of exports, and the raw material input RMI beside the footprint.

For an MRIO with extraction intensities ``s`` (a pressure's row of ``C S``) and world multipliers
``M = s L`` over all n region-products, for the consumer region c:

    DE_c        = sum over i in c of F_i   (+ F_Y of c's final demand, when counted)
    RMC_c       = M y_c                    (+ F_Y)  the footprint, consumption view
    e_c[i]      = sum_{j not in c} Z_ij + sum_{d != c} Y_id     for i in c, 0 elsewhere
    m_c[i]      = sum_{j in c} Z_ij + Y_ic                      for i not in c, 0 elsewhere
    RME_exp,c   = M e_c ;   RME_imp,c = M m_c
    RMI_c       = DE_c + RME_imp,c = RMC_c + RME_exp,c

``e_c`` is what c's industries sell abroad (to foreign industries and final buyers), ``m_c`` what c
buys from abroad (for its industries and its final demand, re-exported goods included). The last
line is an identity: with ``M_j = s_j + sum_i M_i A_ij``, summing ``M_j x_j`` over c's products
and ``M_i x_i`` over c's rows of the balance ``x = Z e + Y e`` gives
``DE_c + M m_c = M e_c + M y_c``. It holds exactly when ``y_c`` is *all* of c's final demand (the
default run: every category, inventories included); with fewer categories RMC is smaller by the left-out
categories' footprint. RMI is the production view (what c's economy draws on, domestically or through
imports); RMC the consumption view (what c's final use causes, anywhere). With the abiotic materials
(used domestic extraction of fossil fuels, metal ores as gross ore and non-metallic minerals) they are
MRIO proxies of the abiotic RMI and RMC; unused extraction is not included. ``DE_c`` alone (the
"territorial" view) is neither RMI nor DMC (DMC = DE + imports - exports in *tonnes of traded goods*,
which an MRIO in M EUR does not have).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from footprint.attribution import consumer_columns
from footprint.config import ConsumerConfig
from footprint.engine.leontief import Leontief
from footprint.inputs.system import MRIO
from footprint.pressures import PressureSet

__all__ = ["ACCOUNTS", "material_accounts"]

ACCOUNTS = ("domestic_extraction", "rme_imports", "rme_exports", "rmi")
"""``account`` values of :func:`material_accounts`."""


def _trade_vectors(mrio: MRIO, region: int) -> tuple[np.ndarray, np.ndarray]:
    """Exports ``e_c`` and imports ``m_c`` of region position ``region`` [M EUR], shape (n,) each."""
    home = mrio.region_of_row() == region
    n_fd = len(mrio.fd_categories)
    fd_home = np.zeros(mrio.Y.shape[1], dtype=bool)
    fd_home[region * n_fd:(region + 1) * n_fd] = True
    A = mrio.A
    sold_abroad = A[:, ~home] @ mrio.x[~home] + mrio.Y[:, ~fd_home].sum(axis=1)
    bought_home = A[:, home] @ mrio.x[home] + mrio.Y[:, fd_home].sum(axis=1)
    return np.where(home, sold_abroad, 0.0), np.where(home, 0.0, bought_home)


def material_accounts(mrio: MRIO, leontief: Leontief, pressures: PressureSet,
                      consumer: ConsumerConfig) -> pd.DataFrame:
    """Domestic extraction, RME of imports and exports, and RMI of the consumer region.

    Parameters
    ----------
    mrio : MRIO
    leontief : Leontief
        Factorisation of ``I - mrio.A``.
    pressures : PressureSet
        Every pressure gets the four accounts (they are meaningful for extraction pressures).
    consumer : ConsumerConfig
        The region; with ``include_household_direct`` its own ``F_Y`` is added to the domestic
        extraction (as the footprint adds it to RMC).

    Returns
    -------
    DataFrame
        year, region, indicator, unit, account (:data:`ACCOUNTS`), value [pressure unit], data.
    """
    r = mrio.regions.index(consumer.region)
    exports, imports = _trade_vectors(mrio, r)
    s = pressures.C @ mrio.S  # (p, n)
    embodied = s @ leontief.solve(np.column_stack([exports, imports]))  # (p, 2)
    per_row = pressures.C @ mrio.F
    domestic = per_row[:, mrio.region_of_row() == r].sum(axis=1)
    if consumer.include_household_direct:
        domestic = domestic + (pressures.C @ mrio.F_Y[:, consumer_columns(mrio, consumer)]).sum(axis=1)
    values = np.column_stack([domestic, embodied[:, 1], embodied[:, 0], domestic + embodied[:, 1]])
    p, a = values.shape
    return pd.DataFrame({
        "year": mrio.year if mrio.year is not None else -1,
        "region": consumer.region,
        "indicator": np.repeat(np.array(pressures.names, dtype=object), a),
        "unit": np.repeat(np.array(pressures.units, dtype=object), a),
        "account": np.tile(np.array(ACCOUNTS, dtype=object), p),
        "value": values.ravel(),
        "data": mrio.label,
    })
