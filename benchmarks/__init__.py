"""Benchmarks of footprint against pymrio on synthetic EXIOBASE-sized systems.

Never part of ``make test``; run them with ``make bench`` (see ``benchmarks/README.md``).
Modules: :mod:`benchmarks.generate` (the seeded synthetic MRIO), :mod:`benchmarks.route` (one route
per process: ``pymrio``, ``footprint`` or ``lu``), :mod:`benchmarks.run` (the entry point that
compares them), :mod:`benchmarks.cache` (first parse through pymrio vs footprint's cache).
"""
