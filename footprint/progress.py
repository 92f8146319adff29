"""Progress lines of long work, through the standard :mod:`logging` module.

The public entry points (:func:`footprint.run`, :func:`footprint.run_batch`,
:func:`footprint.inputs.sources.read_system`) take ``progress=``: a callable that receives each line.
Without one, the lines go to the logger ``footprint`` at level INFO, and Python's logging shows
nothing of that level until a handler is installed: notebooks and library use stay quiet unless
asked (``footprint.progress.show_progress()``, or ``logging.basicConfig(level=logging.INFO)``). The
command line installs a handler that prints the lines as they are, on standard error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO

__all__ = ["LOGGER", "Progress", "quiet", "reporter", "show_progress"]

Progress = Callable[[str], None]
"""A receiver of progress lines."""
LOGGER = logging.getLogger("footprint")
"""The package's logger: every progress line no caller asked for goes here, at level INFO."""


def quiet(_: str) -> None:
    """A receiver that drops every line (the internal default)."""
    return None


def reporter(progress: Progress | None) -> Progress:
    """The caller's receiver, or the package's logger at level INFO when there is none."""
    return progress if progress is not None else LOGGER.info


def show_progress(stream: TextIO | None = None, level: int = logging.INFO) -> logging.Handler:
    """Print the package's progress lines as they are (one per line, no prefix) on ``stream``.

    Parameters
    ----------
    stream : file, optional
        Default: standard error at the time of the call.
    level : int
        Lowest level shown.

    Returns
    -------
    logging.Handler
        The installed handler (``LOGGER.removeHandler(handler)`` undoes it).
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    LOGGER.propagate = False  # printed once, even when the application also logs to the root logger
    return handler
