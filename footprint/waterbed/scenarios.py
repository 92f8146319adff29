"""Ex-ante waterbed scenarios: their specification, read from ``config/scenarios.toml`` and checked.

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

The arithmetic lives in :mod:`footprint.waterbed.displacement` and :mod:`footprint.waterbed.input_cut`; this
module only holds and validates the data.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footprint.errors import ConfigError, DataFileNotFoundError, UnknownCodeError, close_matches

__all__ = [
    "ALLOCATIONS",
    "FAOSTAT",
    "KINDS",
    "MARKETS",
    "Scenario",
    "check_scenarios",
    "displacement_rate",
    "parse_scenarios",
    "read_scenarios",
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
_KEYS = {"name", "description", "kind", "group", "products", "origins", "q", "d", "elasticities",
         "market", "allocation", "to_regions", "shift_to", "price_ratio"}


@dataclass(frozen=True)
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
    kind : str
        One of :data:`KINDS`.
    products : tuple of str
        Input cut: the products (sector names of the data) whose purchases by the consumer's
        industries are cut; empty for a final-demand cut.
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
    """

    name: str
    group: str
    q: tuple[float, ...]
    d: tuple[float, ...] = ()
    elasticities: tuple[float, float] | None = None
    market: str = "small_buyer"
    origins: tuple[str, ...] = ()
    allocation: str = "pro_rata_final"
    to_regions: tuple[str, ...] = ()
    shift_to: str | None = None
    price_ratio: float = 1.0
    description: str = ""
    kind: str = "final_demand"
    products: tuple[str, ...] = ()
    d_faostat: bool = False
    """``d = "faostat"``: d is estimated from real trade (:mod:`footprint.trade.scenario_d`); until
    the trade stage resolves it, ``d`` is empty."""
    d_note: str = ""
    """Where a resolved ``d = "faostat"`` came from (the estimate, its interval and events)."""

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


def _fractions(value: Any, key: str, where: str) -> tuple[float, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, int | float) and not isinstance(v, bool)
                             and 0.0 <= v <= 1.0 for v in values):
        raise ConfigError(
            f"{where}: {key} must be a number in [0, 1] or a list of them (a sweep), got {value!r}."
        )
    return tuple(float(v) for v in values)


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: {key} must be a list of region codes such as [\"BR\"].")
    return tuple(values)


def _elasticities(value: Any, where: str) -> tuple[float, float]:
    if not isinstance(value, Mapping) or set(value) != {"supply", "demand"}:
        raise ConfigError(
            f"{where}: elasticities must be a table {{ supply = 0.3, demand = -0.6 }}, got {value!r}."
        )
    eta = (float(value["supply"]), float(value["demand"]))
    displacement_rate(*eta)  # validates signs
    return eta


def _allocation(raw: Mapping[str, Any], where: str) -> tuple[str, tuple[str, ...]]:
    """``allocation`` and ``to_regions`` of a scenario, checked."""
    allocation = raw.get("allocation", "pro_rata_final")
    if allocation not in ALLOCATIONS:
        raise ConfigError(
            f"{where}: allocation '{allocation}' is not known; "
            f"{close_matches(str(allocation), ALLOCATIONS)}. Use one of {', '.join(ALLOCATIONS)}."
        )
    to_regions = _codes(raw.get("to_regions", []), "to_regions", where)
    if (allocation == "to_regions") != bool(to_regions):
        raise ConfigError(
            f"{where}: allocation = \"to_regions\" needs to_regions = [\"CN\", ...] and "
            "to_regions needs that allocation."
        )
    return str(allocation), to_regions


def _shift(raw: Mapping[str, Any], origins: tuple[str, ...], where: str) -> tuple[str | None, float]:
    """``shift_to`` and ``price_ratio`` of a scenario, checked."""
    shift_to = raw.get("shift_to")
    if shift_to is not None and (not isinstance(shift_to, str) or len(origins) != 1):
        raise ConfigError(
            f"{where}: a sourcing shift needs exactly one origin given up and one region code "
            "taking over, e.g. origins = [\"BR\"] and shift_to = \"US\"."
        )
    if shift_to is not None and shift_to in origins:
        raise ConfigError(
            f"{where}: shift_to = \"{shift_to}\" is the origin the purchases shift away from "
            f"(origins = [\"{shift_to}\"]): a shift to the same region changes nothing. Name "
            "another region in shift_to, or drop shift_to for a plain cut."
        )
    ratio = raw.get("price_ratio", 1.0)
    if not isinstance(ratio, int | float) or isinstance(ratio, bool) or ratio <= 0:
        raise ConfigError(
            f"{where}: price_ratio must be a positive number: the M EUR of the shift_to region's "
            "product that replace 1 M EUR of the origin's (p_R2 / p_R1), e.g. price_ratio = 1.2."
        )
    return shift_to, float(ratio)


def _kind(raw: Mapping[str, Any], where: str) -> tuple[str, str, tuple[str, ...]]:
    """``kind`` with what it cuts: ``group`` (final demand) or ``products`` (input cut), checked."""
    kind = raw.get("kind", "final_demand")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind '{kind}' is not known; {close_matches(str(kind), KINDS)}. "
                          f"Use one of {', '.join(KINDS)}.")
    what, other = ("group", "products") if kind == "final_demand" else ("products", "group")
    example = 'group = "protein"' if kind == "final_demand" else 'products = ["Oil seeds"]'
    if what not in raw or other in raw:
        raise ConfigError(f"{where}: a kind = \"{kind}\" scenario names what it cuts with {what} "
                          f"(e.g. {example}), not with {other}.")
    if kind == "final_demand":
        return kind, str(raw["group"]), ()
    products = raw["products"]
    if (not isinstance(products, list) or not products
            or not all(isinstance(v, str) for v in products)):
        raise ConfigError(f"{where}: products must be a non-empty list of product names of the "
                          f"data, e.g. products = [\"Oil seeds\"], got {products!r}.")
    return kind, "", tuple(products)


def _one(raw: Mapping[str, Any], where: str) -> Scenario:
    unknown = set(raw) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"{where}: unknown key '{key}'; {close_matches(key, sorted(_KEYS))}.")
    for key in ("name", "q"):
        if key not in raw:
            raise ConfigError(f"{where}: '{key}' is required (e.g. name, group = \"protein\", q = 0.5).")
    kind, group, products = _kind(raw, where)
    has_d, has_eta = "d" in raw, "elasticities" in raw
    if has_d == has_eta:
        raise ConfigError(
            f"{where}: give exactly one of d (displacement rate, e.g. d = 0.5, or d = \"faostat\" for the "
            "rate estimated from real trade) or elasticities (e.g. elasticities = { supply = 0.3, "
            "demand = -0.6 })."
        )
    allocation, to_regions = _allocation(raw, where)
    market = raw.get("market", "small_buyer")
    if market not in MARKETS:
        raise ConfigError(f"{where}: market '{market}' is not known; use one of {', '.join(MARKETS)}.")
    origins = _codes(raw.get("origins", []), "origins", where)
    shift_to, ratio = _shift(raw, origins, where)
    faostat = has_d and raw["d"] == FAOSTAT
    if has_d and isinstance(raw["d"], str) and not faostat:
        raise ConfigError(f"{where}: d = {raw['d']!r} is not known; {close_matches(raw['d'], [FAOSTAT])}. "
                          "Write a number in [0, 1], a list of them, or d = \"faostat\".")
    return Scenario(
        name=str(raw["name"]), group=group, q=_fractions(raw["q"], "q", where),
        d=_fractions(raw["d"], "d", where) if has_d and not faostat else (), d_faostat=faostat,
        elasticities=_elasticities(raw["elasticities"], where) if has_eta else None,
        market=market, origins=origins, allocation=allocation, to_regions=to_regions,
        shift_to=shift_to, price_ratio=ratio, description=str(raw.get("description", "")),
        kind=kind, products=products,
    )


def parse_scenarios(raw: Mapping[str, Any], where: str = "scenarios") -> tuple[Scenario, ...]:
    """Validate the content of a scenarios file (``[[scenario]]`` tables).

    Raises
    ------
    ConfigError
        Unknown keys, missing or contradictory keys, values out of range, unknown allocation rules
        or duplicate names; each message names the scenario and the fix.
    """
    extra = set(raw) - {"scenario"}
    if extra:
        raise ConfigError(f"{where}: unknown top-level key(s) {sorted(extra)}; declare [[scenario]] tables.")
    items = raw.get("scenario", [])
    if not isinstance(items, list):
        raise ConfigError(f"{where}: write each scenario as a [[scenario]] table.")
    out = tuple(_one(item, f"{where}: scenario {i + 1} ({item.get('name', '?')!r})")
                for i, item in enumerate(items))
    names = [s.name for s in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ConfigError(f"{where}: scenario name(s) {dup} are used twice; names must be unique.")
    return out


def read_scenarios(path: Path) -> tuple[Scenario, ...]:
    """Read and validate a scenarios TOML file (see ``config/scenarios.toml``).

    Raises
    ------
    DataFileNotFoundError
        The file does not exist.
    ConfigError
        Malformed TOML or an invalid scenario (see :func:`parse_scenarios`).
    """
    if not path.is_file():
        raise DataFileNotFoundError(
            f"scenarios file {path} does not exist; fix [waterbed] scenarios in the run file "
            "(e.g. scenarios = \"scenarios.toml\") or set it to \"\" for no scenarios."
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc
    return parse_scenarios(raw, path.name)


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
