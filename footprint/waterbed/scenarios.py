"""Ex-ante waterbed scenarios: their specification (a schema) and its check against the system.

Two kinds of scenario (``kind``):

* ``final_demand`` (default): the consumer cuts its final demand for one product group by a fraction
  ``q`` (optionally only the purchases from given origins);
* ``input_cut``: the consumer region's industries cut their purchases of given products from given
  origins by ``q`` (a cut of technical coefficients, e.g. Brazilian oil seeds in every Dutch
  industry).

Either way a fraction ``d`` of the freed supply is taken by other buyers (the displacement rate, given
directly or from supply and demand elasticities, DOMAIN.md 4.2), the allocation rule says who takes it,
and with ``shift_to`` the cut purchases are bought from another origin instead (a sourcing shift,
DOMAIN.md 4.3; ``price_ratio`` = M EUR of the new origin's product that replace 1 M EUR of the old
one's). Lists for ``q`` and ``d`` declare a sweep.

The arithmetic lives in :mod:`footprint.waterbed.displacement` and
:mod:`footprint.waterbed.input_cut`; this module only holds the data: the schema of :class:`Scenario`
(a frozen pydantic dataclass; unknown keys are errors) and the check of its codes against the
system. A scenarios file is read by :mod:`footprint.waterbed.scenario_file`, whose messages name the
scenario, the key and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator
from pydantic.dataclasses import dataclass

from footprint.errors import ConfigError, UnknownCodeError, close_matches

__all__ = [
    "ALLOCATIONS",
    "FAOSTAT",
    "KINDS",
    "MARKETS",
    "Scenario",
    "check_scenarios",
    "displacement_rate",
]

#: Allocation rules of the freed supply (DOMAIN.md 4.3).
ALLOCATIONS = ("pro_rata_final", "pro_rata_total", "to_regions")
#: How the market sizes in the elasticity formula are taken: other buyers as large as the supply
#: (``small_buyer``, O = S) or from the data (``data``: O = S - the consumer's cut purchases).
MARKETS = ("small_buyer", "data")
#: Scenario kinds: a cut of the consumer's final demand for a product group, or a cut of its
#: industries' purchases of given origin products (technical coefficients).
KINDS = ("final_demand", "input_cut")
FAOSTAT = "faostat"
"""``d = "faostat"``: the displacement rate estimated from real trade (``[trade]`` on)."""
SET_BY_THE_RUN = ("d_faostat", "d_note")
"""Fields of :class:`Scenario` that the run sets, never a scenarios file."""


def _sweep(value: Any) -> Any:
    """One number stands for a list of one (a list declares a sweep)."""
    return value if isinstance(value, list | tuple) else [value]


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else str(value)


SWEEP = "a number in [0, 1] or a list of them (a sweep)"
CODES = 'a list of region codes such as ["BR"]'
Fractions = Annotated[tuple[Annotated[float, Field(strict=True, ge=0, le=1)], ...], BeforeValidator(_sweep)]
Codes = Annotated[tuple[Annotated[str, Field(strict=True)], ...], BeforeValidator(_listed)]
Text = Annotated[str, BeforeValidator(_text)]


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class Scenario:
    """One declared scenario (a sweep when ``q`` or ``d`` hold several values).

    Attributes
    ----------
    name : str
        Label written to the ``scenario`` column.
    group : str
        Product group whose final demand is cut (weights of the group table apply); empty for an
        input cut.
    q : tuple of float
        Cut fractions [-], each in [0, 1]: of the consumer's group final demand, or (input cut) of
        the consumer's industries' purchases of the cut products.
    d : tuple of float
        Displacement rates [-], each in [0, 1]; empty when ``elasticities`` give it (or, with
        ``d = "faostat"``, until the trade stage estimates it: then central, low and high).
    elasticities : tuple of (float, float) or None
        (supply elasticity eta_s >= 0, demand elasticity eta_d <= 0) [-].
    market : str
        ``small_buyer`` or ``data`` (see :data:`MARKETS`).
    origins : tuple of str
        Origin regions whose sales to the consumer are cut (empty: all origins). With ``shift_to``
        this is the origin R1 given up.
    allocation : str
        One of :data:`ALLOCATIONS`.
    to_regions : tuple of str
        Receiving regions for ``allocation = "to_regions"``.
    shift_to : str or None
        Origin R2 that replaces the cut purchases (sourcing shift); None: the cut purchases are
        dropped, not replaced.
    price_ratio : float
        M EUR of R2's product that replace 1 M EUR of R1's product, ``p_R2 / p_R1`` [-]: the same
        physical quantity bought from R2 costs ``price_ratio`` times as much (DOMAIN.md 4.3).
    description : str
    kind : str
        One of :data:`KINDS`.
    products : tuple of str
        Input cut: the products (sector names of the data) whose purchases by the consumer's
        industries are cut; empty for a final-demand cut.
    """

    name: Text
    group: Text
    q: Annotated[Fractions, Field(min_length=1, description=SWEEP)]
    d: Annotated[Fractions, Field(description=SWEEP)] = ()
    elasticities: Annotated[tuple[float, float] | None, Field(
        description="a table { supply = 0.3, demand = -0.6 }")] = None
    market: Literal[MARKETS] = "small_buyer"  # type: ignore[valid-type]
    origins: Annotated[Codes, Field(description=CODES)] = ()
    allocation: Literal[ALLOCATIONS] = "pro_rata_final"  # type: ignore[valid-type]
    to_regions: Annotated[Codes, Field(description=CODES)] = ()
    shift_to: Annotated[str | None, Field(strict=True, description="a region code such as \"US\"")] = None
    price_ratio: Annotated[float, Field(strict=True, gt=0, description=(
        "a positive number: the M EUR of the shift_to region's product that replace 1 M EUR of the "
        "origin's (p_R2 / p_R1), e.g. price_ratio = 1.2"))] = 1.0
    description: Text = ""
    kind: Literal[KINDS] = "final_demand"  # type: ignore[valid-type]
    products: Annotated[tuple[Annotated[str, Field(strict=True)], ...], Field(description=(
        'a non-empty list of product names of the data, e.g. products = ["Oil seeds"]'))] = ()
    d_faostat: bool = False
    """``d = "faostat"``: d is estimated from real trade (:mod:`footprint.trade.scenario_d`); until
    the trade stage resolves it, ``d`` is empty."""
    d_note: str = ""
    """Where a resolved ``d = "faostat"`` came from (the estimate, its interval and events)."""

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, raw: Any) -> Any:
        """A ``[[scenario]]`` table: which keys are given, and what the file spells differently."""
        if not isinstance(raw, Mapping):
            return raw
        for key in ("name", "q"):
            if key not in raw:
                raise ValueError(f"'{key}' is required (e.g. name, group = \"protein\", q = 0.5).")
        kind = raw.get("kind", "final_demand")
        what, other = ("products", "group") if kind == "input_cut" else ("group", "products")
        if kind in KINDS and (what not in raw or other in raw):
            example = 'group = "protein"' if what == "group" else 'products = ["Oil seeds"]'
            raise ValueError(f"a kind = \"{kind}\" scenario names what it cuts with {what} (e.g. "
                             f"{example}), not with {other}.")
        unknown = sorted(set(raw) & set(SET_BY_THE_RUN))
        if unknown:
            raise ValueError(f"unknown key '{unknown[0]}' (set by the run, not in the file).")
        if ("d" in raw) == ("elasticities" in raw):
            raise ValueError("give exactly one of d (displacement rate, e.g. d = 0.5, or d = \"faostat\" "
                             "for the rate estimated from real trade) or elasticities (e.g. elasticities "
                             "= { supply = 0.3, demand = -0.6 }).")
        d = raw.get("d")
        if isinstance(d, str) and d != FAOSTAT:
            raise ValueError(f"d = {d!r} is not known; {close_matches(d, [FAOSTAT])}. Write a number "
                             'in [0, 1], a list of them, or d = "faostat".')
        faostat = {"d": (), "d_faostat": True} if d == FAOSTAT else {}
        eta = raw.get("elasticities")
        if eta is not None and (not isinstance(eta, Mapping) or set(eta) != {"supply", "demand"}):
            raise ValueError(f"elasticities must be a table {{ supply = 0.3, demand = -0.6 }}, got "
                             f"{eta!r}.")
        return {"group": "", **raw, **faostat,
                **({"elasticities": (eta["supply"], eta["demand"])} if eta else {})}

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.kind == "input_cut" and not self.products:
            raise ValueError('products must be a non-empty list of product names of the data, e.g. '
                             'products = ["Oil seeds"], got [].')
        if self.elasticities is not None:
            displacement_rate(*self.elasticities)  # checks the signs
        if (self.allocation == "to_regions") != bool(self.to_regions):
            raise ValueError('allocation = "to_regions" needs to_regions = ["CN", ...] and to_regions '
                             "needs that allocation.")
        if self.shift_to is not None and len(self.origins) != 1:
            raise ValueError("a sourcing shift needs exactly one origin given up and one region code "
                             'taking over, e.g. origins = ["BR"] and shift_to = "US".')
        if self.shift_to is not None and self.shift_to in self.origins:
            raise ValueError(f"shift_to = \"{self.shift_to}\" is the origin the purchases shift away "
                             f"from (origins = [\"{self.shift_to}\"]): a shift to the same region "
                             "changes nothing. Name another region in shift_to, or drop shift_to for "
                             "a plain cut.")
        return self

    @property
    def cut(self) -> str:
        """What the scenario cuts, for the ``group`` column of the scenario tables: the product
        group, or ``inputs: <products>`` for an input cut."""
        return f"inputs: {'; '.join(self.products)}" if self.kind == "input_cut" else self.group

    @property
    def d_source(self) -> str:
        """How d was set, for the reports (always show the d assumption)."""
        if self.d_faostat:
            return self.d_note or "faostat (estimated by the trade stage)"
        if self.elasticities is None:
            return "given"
        eta_s, eta_d = self.elasticities
        return f"elasticities eta_s={eta_s:g}, eta_d={eta_d:g} ({self.market})"



def displacement_rate(eta_supply: float, eta_demand: float, supply: float = 1.0,
                      others: float | None = None) -> float:
    """Displacement rate of a cut from the partial-equilibrium market model.

    Parameters
    ----------
    eta_supply : float
        Supply elasticity eta_s >= 0 [-].
    eta_demand : float
        Demand elasticity of the other buyers, eta_d <= 0 (its magnitude is used) [-].
    supply : float
        Market supply S [M EUR] (only the ratio O / S matters).
    others : float, optional
        Purchases of all other buyers O [M EUR]; default ``supply`` (small-buyer limit, O = S).

    Returns
    -------
    float
        d in [0, 1]: the share of the cut taken over by other buyers [-].

    Raises
    ------
    ConfigError
        A negative supply elasticity, a positive demand elasticity, or both zero.

    Notes
    -----
    DOMAIN.md 4.2: with pi = dp/p, clearing ``S eta_s pi = dQ_NL - O |eta_d| pi`` gives

    .. math:: d = \\frac{O |\\eta_d|}{S \\eta_s + O |\\eta_d|}, \\qquad
              d \\approx \\frac{|\\eta_d|}{\\eta_s + |\\eta_d|} \\; (O \\approx S)

    and the global production change is ``(1 - d) dQ_NL``.

    Examples
    --------
    >>> round(displacement_rate(0.3, -0.6), 4)
    0.6667
    """
    if eta_supply < 0 or eta_demand > 0:
        raise ConfigError(
            f"elasticities: supply must be >= 0 and demand <= 0, got supply={eta_supply}, "
            f"demand={eta_demand}. Write e.g. elasticities = {{ supply = 0.3, demand = -0.6 }}."
        )
    o = supply if others is None else others
    num = o * abs(eta_demand)
    den = supply * eta_supply + num
    if den <= 0:
        raise ConfigError("elasticities: supply and demand elasticities are both 0; d is undefined.")
    return float(num / den)


def _known(code: str, options: Sequence[str], what: str, name: str, fix: str) -> None:
    if code not in options:
        raise UnknownCodeError(
            f"scenario '{name}': {what} '{code}' is not in the data; "
            f"{close_matches(code, options)}. {fix}"
        )


def check_scenarios(scenarios: Iterable[Scenario], regions: Sequence[str], groups: Sequence[str],
                    consumer: str, sectors: Sequence[str] | None = None) -> None:
    """Check scenario codes against the loaded data and the selected groups.

    Parameters
    ----------
    scenarios : iterable of Scenario
    regions, groups : sequence of str
        The data's regions and the selected product groups.
    consumer : str
        The consumer region.
    sectors : sequence of str, optional
        The data's products, for the ``products`` of input cuts (not checked when None, e.g. before
        the data is read).

    Raises
    ------
    UnknownCodeError
        An unknown group, product or region; the message names the scenario, lists close matches
        and says what to fix.
    ConfigError
        The consumer is named as a receiving region.
    """
    for s in scenarios:
        if s.kind == "final_demand" and s.group not in groups:
            raise UnknownCodeError(
                f"scenario '{s.name}': group '{s.group}' is not a selected product group; "
                f"{close_matches(s.group, groups)}. Fix 'group' in the scenarios file or add the "
                "group to [groups] select."
            )
        for code in s.products if sectors is not None else ():
            _known(code, sectors or (), "product", s.name,
                   "Fix 'products' (product names of the data).")
        for code in (*s.origins, *((s.shift_to,) if s.shift_to else ())):
            _known(code, regions, "origin region", s.name, "Fix 'origins' / 'shift_to'.")
        for code in s.to_regions:
            _known(code, regions, "receiving region", s.name, "Fix 'to_regions'.")
        if consumer in s.to_regions:
            raise ConfigError(
                f"scenario '{s.name}': the consumer {consumer} cannot receive its own freed supply; "
                "remove it from to_regions."
            )
