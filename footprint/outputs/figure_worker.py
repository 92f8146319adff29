"""Figure worker: ``python -m footprint.outputs.figure_worker`` imports the figure modules, then reads batches
of pickled figure jobs on stdin and draws each as it comes; when the input ends it writes the pickled
results (file names and CPU seconds per job, then the process's CPU seconds) on stdout.
:class:`footprint.outputs.figure_jobs.FigureWorkers` starts it as a fresh interpreter at the start of a run,
so the imports overlap the computing, the caller's main module is never imported again (as
multiprocessing's spawn and fork server would) and nothing forks."""

from __future__ import annotations

import importlib
import pickle
import sys
import time
from typing import Any

Job = tuple[str, str, tuple[Any, ...], dict[str, Any]]  # module, function, args, kwargs
MODULES = ("footprint.outputs.plots", "footprint.outputs.maps", "footprint.outputs.waterbed_plots")


def run_job(job: Job) -> tuple[list[str], float]:
    """Draw one job's figures: the file names written and the CPU time [s]."""
    cpu = time.process_time()
    module, name, args, kwargs = job
    written = list(getattr(importlib.import_module(module), name)(*args, **kwargs))
    return written, time.process_time() - cpu


def main() -> int:
    for module in MODULES:  # while the caller still computes; then wait for the jobs
        importlib.import_module(module)
    done = []
    while True:  # batches of (index, job) until the caller closes the input
        try:
            batch: list[tuple[int, Job]] = pickle.load(sys.stdin.buffer)
        except EOFError:
            break
        done += [(i, *run_job(job)) for i, job in batch]
    sys.stdout.buffer.write(pickle.dumps((done, time.process_time())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
