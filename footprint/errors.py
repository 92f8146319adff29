"""One exception tree for footprint.

Every error footprint raises on purpose is a :class:`FootprintError`. Each subclass also inherits the
builtin exception a Python user would reach for, so ``except FileNotFoundError`` or ``except ValueError``
keeps working. Messages name the offending item and say how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "ConfigError",
    "CorruptDataError",
    "DataFileNotFoundError",
    "FootprintError",
    "InvalidValuesError",
    "MissingFactorError",
    "NotProductiveError",
    "SingularSystemError",
    "UnitMismatchError",
    "UnknownCodeError",
    "UnmatchedPatternError",
    "close_matches",
]


class FootprintError(Exception):
    """Base class of every error raised by footprint on purpose."""


class ConfigError(FootprintError, ValueError):
    """A run file or a config table is malformed or inconsistent."""


class UnknownCodeError(ConfigError, LookupError):
    """A region, product, final-demand category or stressor named in config is not in the data."""

    def __str__(self) -> str:  # LookupError/KeyError would quote the message; keep it readable
        return str(self.args[0]) if self.args else ""


class UnmatchedPatternError(UnknownCodeError):
    """A pressure's stressor pattern matches no stressor row of the loaded system."""


class MissingFactorError(UnknownCodeError):
    """A region or land type carries a pressure but the characterisation table has no factor for it."""


class DataFileNotFoundError(FootprintError, FileNotFoundError):
    """An input data file or folder does not exist."""


class CorruptDataError(FootprintError, ValueError):
    """An input file exists but cannot be read as the expected MRIO layout."""


class InvalidValuesError(FootprintError, ValueError):
    """NaN or infinite values where numbers are required."""


class NotProductiveError(FootprintError, ArithmeticError):
    """The technical-coefficient matrix is not productive (some column sum of A >= 1)."""


class SingularSystemError(FootprintError, ArithmeticError):
    """(I - A) is singular or numerically so close to it that no solve can be trusted."""


class UnitMismatchError(FootprintError, ValueError):
    """A stressor's unit differs from the unit a table expects for it."""


def close_matches(item: str, options: Iterable[str], n: int = 5) -> str:
    """Return a short human hint listing the options closest to ``item``.

    Parameters
    ----------
    item : str
        The unknown name as the user wrote it.
    options : iterable of str
        The valid names.
    n : int
        How many suggestions at most.

    Returns
    -------
    str
        ``"close matches: 'a', 'b'"`` or, without any close match, a few valid names.
    """
    opts = sorted({str(o) for o in options})
    lowered = {o.lower(): o for o in opts}
    hits = difflib.get_close_matches(item.lower(), list(lowered), n=n, cutoff=0.5)
    hits += [o.lower() for o in opts if item.lower() in o.lower() and o.lower() not in hits]
    if hits:
        return "close matches: " + ", ".join(repr(lowered[h]) for h in hits[:n])
    shown = ", ".join(repr(o) for o in opts[:8])
    more = f" (and {len(opts) - 8} more)" if len(opts) > 8 else ""
    return f"valid names include: {shown}{more}"
