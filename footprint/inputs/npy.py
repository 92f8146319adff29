"""Read-only memory maps of ``.npy`` files (footprint's cache, the benchmark's systems).

Kept apart from :mod:`footprint.inputs.sources` so that it imports numpy only.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np


def map_npy(path: Path) -> np.ndarray:
    """Memory-map the ``.npy`` file ``path`` read-only, its page table filled at once.

    Like ``np.load(path, mmap_mode="r")``: no private copy, the array is the file's pages in the
    operating system's page cache (read from disk if not there yet), shared by every process that
    maps the same file, and writing into it raises ``ValueError``. Where the platform has
    ``MAP_POPULATE`` the kernel maps every page in one go instead of one page fault per 4 KiB on
    first use (at n = 9,800, the 768 MB of ``A``: 0.07 s, then a first pass over ``A`` 0.26-0.29 s,
    against 0.34-0.66 s for that pass alone when faulting).

    Parameters
    ----------
    path : Path
        A ``.npy`` file of a numeric array (no pickled objects).

    Returns
    -------
    ndarray
        Read-only view of the file's data.
    """
    flags = getattr(mmap, "MAP_POPULATE", 0)
    if not flags:  # pragma: no cover - not Linux
        return np.load(path, mmap_mode="r", allow_pickle=False)
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        read_header = (
            np.lib.format.read_array_header_1_0 if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = read_header(f)
        if dtype.hasobject:
            raise ValueError(f"{path} holds Python objects; only numeric arrays can be mapped")
        offset = f.tell()
        if int(np.prod(shape)) == 0:  # mmap cannot map an empty tail
            return np.load(path, allow_pickle=False)
        pages = mmap.mmap(f.fileno(), 0, flags=mmap.MAP_SHARED | flags, prot=mmap.PROT_READ)
    return np.ndarray(shape, dtype=dtype, buffer=pages, offset=offset, order="F" if fortran else "C")
