"""A hand-checkable MRIO for the scenario tests (test_displacement.py, test_input_cut.py).

The system: regions NL (the consumer) and BR, products soy and meat, final-demand categories hh
(the consumer's consumption) and inv (an NL category outside it). Meat is made from soy:
``A[NL soy, NL meat] = 0.1``, ``A[BR soy, NL meat] = 0.3``, ``A[BR soy, BR meat] = 0.4`` and nothing
else, so ``A^2 = 0`` and ``L = I + A`` exactly. Final demand (M EUR), columns NL/hh, NL/inv, BR/hh,
BR/inv::

    NL soy    10   0    0  0      (bought by no other final buyer; NL meat buys 12 as input)
    NL meat  100  20    0  0      (its only other buyer is NL's inv: the consumer's own category)
    BR soy     5   0   15  0
    BR meat   50   0  150  0

Output ``x = (I + A) Y e = (22, 120, 136, 200)``. Land intensity (ha / M EUR) 1 on NL soy and 2 on
BR soy, nothing on meat; GHG (t / M EUR) 1 on NL meat and 3 on BR meat. Every expected value below is
worked out by hand from these numbers (no code shared with the implementation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from footprint.attribution import GroupWeights
from footprint.config import ConsumerConfig
from footprint.inputs.system import MRIO
from footprint.waterbed.bilateral import Indicators

NL, BR, OTHER = 0, 1, 2  # buyer columns of a scenario change: NL, BR, NL's other buyers
CONSUMER = ConsumerConfig("NL", ("hh",), include_inventories=False, include_household_direct=False)
LAND_GHG = Indicators(("land", "ghg"), ("ha", "t"), np.array([[1.0, 0.0, 2.0, 0.0],
                                                              [0.0, 1.0, 0.0, 3.0]]))
GROUPS = GroupWeights(("food", "soy"), np.array([[1.0, 1.0], [1.0, 0.0]]), ())


def hand_system(y: np.ndarray | None = None) -> MRIO:
    """The system above; ``y`` replaces its final demand (output follows, x = (I + A) y e)."""
    A = np.zeros((4, 4))
    A[0, 1], A[2, 1], A[2, 3] = 0.1, 0.3, 0.4
    Y = np.array([[10.0, 0, 0, 0], [100, 20, 0, 0], [5, 0, 15, 0], [50, 0, 150, 0]]) if y is None else y
    x = Y.sum(axis=1) + A @ Y.sum(axis=1)  # L = I + A
    return MRIO(regions=("NL", "BR"), sectors=("soy", "meat"), fd_categories=("hh", "inv"),
                A=A, x=x, Y=Y, F=LAND_GHG.s * x, F_Y=np.zeros((2, 4)),
                stressors=pd.DataFrame({"extension": "t", "stressor": ["land", "ghg"],
                                        "unit": ["ha", "t"]}),
                label="hand-checkable test system, synthetic", year=2022)
