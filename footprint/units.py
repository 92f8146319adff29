"""Units of the domain, through one pint registry: parsing, conversion and the pressure-row check.

Every unit footprint reads (stressor units of EXIOBASE and other MRIOs, the pressure table's
``input_unit`` and ``unit``, the characterisation table's ``impact_unit`` and ``per_unit``) goes
through :func:`parse`, so a conversion is never written by hand. The registry holds only the units of
this domain (:data:`DEFINITIONS`), not pint's default list: there ``kt`` is a knot and ``Mm3`` a cubic
megametre, while EXIOBASE means a kilotonne and a million cubic metres.

A unit string is a product of tokens separated by ``*`` or spaces:

* physical and impact units of the registry: ``m2, ha, km2, Mm3, g, kg, t, kt, Mt, Gg, TJ, yr, EUR,
  USD, p, hr, MSA-loss, global PDF, PDF`` (``MSA-loss*ha*yr``, ``global PDF*yr``, ``PDF*m2*yr``);
  ``m2``/``km2``/``m3`` are powers of the metre, ``Mm3`` is EXIOBASE's million m3;
* numbers and scale words before a unit: ``1000 p``, ``M.EUR``, ``000 USD``, ``'000 US$``,
  ``Million USD``, ``M USD`` (:data:`SCALE_WORDS`);
* at most one substance label saying what is weighed (``t N``, ``kg CO2``, ``kg 1,4-DB``), which may
  be marked as an equivalent (``kg CO2-eq``, ``kg CO2 eq.``: a characterised quantity).

Two units convert when their registry parts have the same dimension, their substance labels agree
(an unlabelled mass converts to a labelled one: the label names what is weighed) and both or neither
are equivalents. MSA loss, global PDF and regional PDF are dimensions of their own, so a PDF never
converts to an MSA loss, nor a regional PDF to a global one.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import pint

from footprint.errors import UnitMismatchError

__all__ = ["DEFINITIONS", "Unit", "check_factor", "check_reference", "parse", "registry", "same", "scale"]

#: The registry's definitions (pint syntax). Each base quantity is a dimension of its own: money in
#: EUR and in USD do not convert (no exchange rate), and neither do the impact indicators.
DEFINITIONS = """
metre = [length] = m
gram = [mass] = g
year = [time] = yr = a
joule = [energy] = J
euro = [currency_eur] = EUR
us_dollar = [currency_usd] = USD
person = [persons] = p
MSA_loss = [msa_loss]
global_PDF = [global_pdf]
PDF = [regional_pdf]
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
tera- = 1e12 = T-
peta- = 1e15 = P-
hour = year / 8766 = hr = h
tonne = 1e6 * gram = t
hectare = 1e4 * metre ** 2 = ha
Mm3 = 1e6 * metre ** 3
"""

#: Words for a factor written before a unit, as other MRIOs' files spell them (``000 USD``, ``'000 US$``,
#: ``M USD``, ``Million USD``, ``Mill USD``).
SCALE_WORDS = {"000": 1e3, "thousand": 1e3, "thousands": 1e3, "M": 1e6, "Mill": 1e6, "Mill.": 1e6,
               "Million": 1e6, "million": 1e6, "millions": 1e6, "Mio": 1e6, "bn": 1e9, "billion": 1e9,
               "billions": 1e9}  # case matters: m is a metre
_FILLERS = ("of",)  # "millions of US$" (WIOD through pymrio)
#: Spellings in data and tables -> registry names (applied before parsing).
_ALIASES = ((re.compile(r"MSA-loss"), "MSA_loss"), (re.compile(r"\bglobal PDF\b"), "global_PDF"),
            (re.compile(r"US\$"), "USD"),
            (re.compile(r"\bM\.(?=[A-Za-z])"), "M"))
_POWER = re.compile(r"(?<![\w.])((?:k|h|d|c)?m)([23])(?![\w])")  # m2, km2, m3: powers of a length
_EQUIVALENT = re.compile(r"^(?P<substance>.+?)-eq\.?$")
_SUBSTANCE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9,()\-]*$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]*)?(?:e[-+]?[0-9]+)?$")
#: Units offered in messages, per dimension, when a factor fits another unit than the one written.
_SUGGEST = ("m2", "ha", "km2", "Mha", "m2*yr", "ha*yr", "km2*yr", "g", "kg", "t", "kt", "Mt", "m3",
            "Mm3", "MJ", "TJ", "PJ")


@functools.cache
def registry() -> pint.UnitRegistry:
    """The domain's unit registry, built once from :data:`DEFINITIONS` (about 15 ms)."""
    reg: pint.UnitRegistry = pint.UnitRegistry(None)
    for line in DEFINITIONS.strip().splitlines():
        reg.define(line)
    return reg


@dataclass(frozen=True)
class Unit:
    """A parsed unit.

    Attributes
    ----------
    text : str
        As written.
    quantity : pint.Quantity
        The registry part with its numeric scale, e.g. ``1000 person`` for ``1000 p``.
    substance : str or None
        What is weighed or counted (``N``, ``CO2``), if the unit says it.
    equivalent : bool
        Whether the unit is an equivalent (``kg CO2-eq``): a characterised quantity.
    """

    text: str
    quantity: pint.Quantity
    substance: str | None
    equivalent: bool

    def describe(self) -> str:
        """The dimension in words, for messages (e.g. ``[length] ** 2 * [time]``)."""
        dims = str(self.quantity.dimensionality)
        label = f" of {self.substance}{'-eq' if self.equivalent else ''}" if self.substance else ""
        return (dims if dims != "dimensionless" else "a number") + label


def _token(reg: pint.UnitRegistry, token: str, text: str) -> tuple[pint.Quantity | None, str | None, bool]:
    """One token: a registry unit, number or scale word (quantity), or a substance label (maybe an
    equivalent)."""
    if token.lower() in ("eq", "eq."):
        return None, None, True
    if token.lstrip("'‘’") in SCALE_WORDS:
        return reg.Quantity(SCALE_WORDS[token.lstrip("'‘’")]), None, False
    if _NUMBER.match(token):
        return reg.Quantity(float(token)), None, False
    expr = _POWER.sub(r"\1**\2", token)
    try:
        return reg.parse_expression(expr), None, False
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, SyntaxError):
        pass
    hit = _EQUIVALENT.match(token)
    if hit and _SUBSTANCE.match(hit["substance"]):
        return None, hit["substance"], True
    if _SUBSTANCE.match(token):
        return None, token, False
    raise UnitMismatchError(f"unit {text!r}: {token!r} is neither a known unit nor a substance label; "
                            f"known units: {', '.join(_SUGGEST)}, yr, M.EUR, 1000 p, M.hr, MSA-loss, "
                            "global PDF, PDF (see footprint.units.DEFINITIONS).")


@functools.lru_cache(maxsize=512)
def parse(text: str) -> Unit:
    """Parse a unit string of data or a table (see the module docstring for the grammar).

    Parameters
    ----------
    text : str
        E.g. ``"km2"``, ``"t CO2-eq"``, ``"MSA-loss*ha*yr"``, ``"1000 p"``.

    Returns
    -------
    Unit

    Raises
    ------
    UnitMismatchError
        An unknown token, two substance labels, or an empty unit.
    """
    reg = registry()
    prepared = str(text).strip()
    for pattern, replacement in _ALIASES:
        prepared = pattern.sub(replacement, prepared)
    tokens = [t for t in re.split(r"[*\s·]+", prepared) if t and t not in _FILLERS]
    if not tokens:
        raise UnitMismatchError(f"unit {text!r} is empty; write a unit such as 'kg' or 'ha'.")
    quantity, substance, equivalent = reg.Quantity(1.0), None, False
    for token in tokens:
        part, label, eq = _token(reg, token, str(text))
        if part is not None:
            quantity = quantity * part
        if label is not None:
            if substance is not None:
                raise UnitMismatchError(f"unit {text!r} names two substances ({substance!r}, {label!r}).")
            substance = label
        equivalent = equivalent or eq
    return Unit(str(text), quantity, substance, equivalent)


def _compatible(a: Unit, b: Unit) -> bool:
    if a.quantity.dimensionality != b.quantity.dimensionality or a.equivalent != b.equivalent:
        return False
    return a.substance is None or b.substance is None or a.substance == b.substance


def scale(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` one ``from_unit`` is.

    Parameters
    ----------
    from_unit, to_unit : str
        E.g. ``"MSA-loss*km2*yr"`` and ``"MSA-loss*ha*yr"``.

    Returns
    -------
    float
        E.g. 100 for km2 -> ha, 1e-4 for m2*yr -> ha*yr, 1000 for t CO2-eq -> kg CO2-eq.

    Raises
    ------
    UnitMismatchError
        The units measure different quantities (or one of them is unknown).
    """
    a, b = parse(from_unit), parse(to_unit)
    if not _compatible(a, b):
        raise UnitMismatchError(
            f"cannot convert '{from_unit}' to '{to_unit}': they measure different quantities "
            f"({a.describe()} vs {b.describe()}). Fix the unit columns of the table that names them."
        )
    return float((a.quantity / b.quantity).to_reduced_units().to("dimensionless").magnitude)


def same(a: str, b: str) -> bool:
    """Whether two unit strings mean the same unit (``"kg CO2 eq."`` and ``"kg CO2-eq"`` do; an
    unknown unit is the same only as its own spelling)."""
    if str(a).strip() == str(b).strip():
        return True
    try:
        return math.isclose(scale(a, b), 1.0, rel_tol=1e-12)
    except UnitMismatchError:
        return False


def _suggest(input_unit: str, factor: float, like: Unit) -> str:
    """A unit in which ``input_unit`` times ``factor`` comes out (from :data:`_SUGGEST`), if any."""
    for name in _SUGGEST:
        cand = parse(name)
        if _compatible(parse(input_unit), cand) and math.isclose(scale(input_unit, name), factor,
                                                                   rel_tol=1e-9):
            label = f" {like.substance}" if like.substance and not like.equivalent else ""
            return f"{name}{label}"
    return ""


def check_factor(input_unit: str, factor: float, output_unit: str, *, where: str) -> float:
    """Check that ``input_unit`` times ``factor`` gives ``output_unit``; return the characterisation.

    A row that keeps its unit with factor 1 passes as it is (whatever the unit). A row whose output is
    an equivalent of another substance (``kg`` of CH4 -> ``t CO2-eq``) converts units *and*
    characterises: there ``factor = scale(input, output) * cf`` and only the dimension can be
    checked (mass to mass); ``cf`` is returned. Every other row only converts units, and its factor must
    equal the conversion (relative tolerance 1e-9); 1.0 is returned.

    Parameters
    ----------
    input_unit, output_unit : str
    factor : float
        Output units per input unit.
    where : str
        The row, for messages (e.g. ``"footprint/defaults/pressures.csv row 6 (pressure 'land_total')"``).

    Returns
    -------
    float
        The characterisation factor in the row's factor [output / input, after unit conversion].

    Raises
    ------
    UnitMismatchError
        The dimensions differ, or a conversion row's factor is not the conversion; the message names
        the row, both units, the factor that fits and the unit the given factor fits.
    """
    if str(input_unit).strip() == str(output_unit).strip() and factor == 1.0:
        return 1.0  # nothing converted (also for a unit outside the registry)
    a, b = parse(input_unit), parse(output_unit)
    characterises = b.equivalent and (not a.equivalent or a.substance != b.substance)
    same_kind = a.quantity.dimensionality == b.quantity.dimensionality
    if not same_kind or (not characterises and not _compatible(a, b)):
        raise UnitMismatchError(
            f"{where}: input_unit '{input_unit}' ({a.describe()}) cannot become unit '{output_unit}' "
            f"({b.describe()}) by a factor. Fix input_unit to the data's unit or unit to the quantity "
            "the factor gives."
        )
    conversion = float((a.quantity / b.quantity).to_reduced_units().to("dimensionless").magnitude)
    if characterises:
        return factor / conversion
    if not math.isclose(factor, conversion, rel_tol=1e-9):
        fits = _suggest(input_unit, factor, b)
        raise UnitMismatchError(
            f"{where}: input_unit '{input_unit}' x factor {factor:g} does not give unit '{output_unit}': "
            f"1 {input_unit} = {conversion:g} {output_unit}. Fix: set factor to {conversion:g} for unit "
            f"'{output_unit}'" + (f", or set unit to '{fits}' (which factor {factor:g} gives)." if fits
                                  else ", or set unit to what the factor gives.")
        )
    return 1.0


def check_reference(substance: str | None, cf: float, stressors: list[str], *, where: str) -> None:
    """A characterisation row of the reference substance itself must have factor 1.

    CO2 is the reference of CO2-eq (GWP 1): rows whose every stressor name starts with the output
    unit's substance (``CO2 - combustion - air`` for ``t CO2-eq``) must characterise by 1. This catches a
    scaled output unit (``kt CO2-eq``) whose factor was left for ``t CO2-eq``.

    Raises
    ------
    UnitMismatchError
        The reference substance's rows characterise by a factor other than 1.
    """
    if substance is None or not stressors or math.isclose(cf, 1.0, rel_tol=1e-9):
        return
    head = re.compile(rf"^{re.escape(substance)}(?![\w\-])")
    if all(head.match(s) for s in stressors):
        raise UnitMismatchError(
            f"{where}: the rows of {substance} itself ({stressors[0]!r}, ...) are characterised by "
            f"{cf:g} {substance}-eq per {substance}, but {substance} is the reference of {substance}-eq "
            f"(1 by definition). Fix the factor to the unit conversion alone, or the unit."
        )
