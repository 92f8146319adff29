"""Uncertainty of the MRIO itself: lognormal perturbations of Z, Y and F, one factorisation per draw.

:mod:`footprint.uncertainty.law` holds the perturbation law (coefficient of variation by flow size),
:mod:`footprint.uncertainty.mrio` a draw of the system and the footprint by group, origin region and
pressure it gives, :mod:`footprint.uncertainty.distribute` the draws in this process or on Dask, and
:mod:`footprint.uncertainty.table` the ``mrio_uncertainty`` table (p5 / p50 / p95 beside the
deterministic value), :mod:`footprint.uncertainty.stage` the run's stage (``[uncertainty] mrio_draws``:
where the draws run) and :mod:`footprint.uncertainty.present` its lines in the summary and the report.
"""
