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
    "OutputFolderError",
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


class OutputFolderError(FootprintError, OSError):
    """An output, dataset or cache folder cannot be used: it exists and footprint did not write it,
    a file is in the way, or it cannot be written."""

    def __str__(self) -> str:  # OSError would format (errno, strerror); keep the message as given
        return str(self.args[0]) if self.args else ""


def close_matches(item: str, options: Iterable[str], n: int = 5, listed: int = 30) -> str:
    """Return a short human hint listing the options closest to ``item``.

    ``item`` itself is never offered (it was rejected). Matching ignores case and also offers the
    options that contain ``item``. Without any close match the valid names are listed: all of them
    when there are at most ``listed``, else the first ``listed`` in the given order.

    Parameters
    ----------
    item : str
        The unknown name as the user wrote it.
    options : iterable of str
        The valid names, in the order to list them.
    n : int
        How many suggestions at most.
    listed : int
        How many valid names to list at most when nothing is close.

    Returns
    -------
    str
        ``"close matches: 'a', 'b'"`` or ``"valid names are: 'a', 'b', 'c'"`` (``"valid names
        include: ... (and N more)"`` when there are more than ``listed``).

    Examples
    --------
    >>> close_matches("F_HOSU", ["F_HOUS", "F_GOVE", "I_GFCF"])
    "close matches: 'F_HOUS', 'F_GOVE'"
    >>> close_matches("NPSH", ["HFCE", "NPS", "GGFC"])
    "close matches: 'NPS'"
    >>> close_matches("F_NPSH", ["F_NPSH", "HFCE", "GGFC"])
    "valid names are: 'HFCE', 'GGFC'"
    """
    opts = [o for o in dict.fromkeys(str(o) for o in options) if o != item]
    lowered: dict[str, str] = {}
    for o in opts:
        lowered.setdefault(o.lower(), o)
    key = item.lower()
    hits = difflib.get_close_matches(key, list(lowered), n=n, cutoff=0.5)
    hits += [o for o in lowered if key and key in o and o not in hits]
    if hits:
        return "close matches: " + ", ".join(repr(lowered[h]) for h in hits[:n])
    if not opts:
        return "there are no valid names to choose from"
    shown = ", ".join(repr(o) for o in opts[:listed])
    if len(opts) > listed:
        return f"valid names include: {shown} (and {len(opts) - listed} more)"
    return f"valid names are: {shown}"
