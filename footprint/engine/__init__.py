"""Engine layer: factorise (I - A) once, then every footprint is a solve against it.

Modules: :mod:`~footprint.engine.leontief` (the factorisation and its solves),
:mod:`~footprint.engine.checks` (checks of ``A``), :mod:`~footprint.engine.accounts` (multipliers,
footprints by origin, regional accounts), :mod:`~footprint.engine.krylov` (the iterative route),
:mod:`~footprint.engine.threads` (BLAS threads per call), :mod:`~footprint.engine._lapack` (blocked
kernels).

The Leontief inverse ``L = (I - A)^-1`` is never formed unless a user asks for it (``Leontief.inverse``).
Products with ``L`` are triangular solves against one LU factorisation, batched over right-hand sides:
``L @ B`` is ``Leontief.solve``, ``L.T @ B`` (hence ``S L``) is ``Leontief.solve_transposed``.

Two routes are implemented:

``"dense-lu"``
    LAPACK ``dgetrf`` on a float64 copy of ``I - A`` (about ``(2/3) n^3`` flops), ``dgetrs`` per
    solve.
``"dense-lu-f32"``
    LAPACK ``sgetrf`` on a float32 copy (about twice as fast as float64 on this hardware), then
    mixed-precision iterative refinement: residuals ``R = B - (I - A) X`` in float64, corrections
    from the float32 factors, column by column until the estimated remaining error of the column
    is below ``leontief.REFINE_TOL`` of its largest value (one correction on well-conditioned systems;
    a column that needs a second one does not hold the others back). On MRIO systems (``A >= 0``)
    results then agree with float64 LU entry by entry within about 1e-12; where signs mix and
    results cancel, small entries carry the column's absolute error. If refinement stalls (badly
    conditioned systems) the object factorises in float64 once and uses that from then on.

``"iterative"``
    No factorisation: GMRES with a block-Jacobi preconditioner on the domestic blocks (plus a rank-one
    part for the import blocks), in float32 on a float32 copy of ``I - A``, inside the same float64
    iterative refinement
    (:mod:`footprint.engine.krylov`). Costs ``2 n^2`` flops per right-hand side and iteration
    (4-5 iterations for a solve and for its first refinement correction on the benchmark's
    systems, 2 for a second correction, which needs only about two digits) instead of the
    ``(2/3) n^3`` of a factorisation: faster for a one-off job on very large tables, slower per
    further scenario than solves against factors. Needs ``A >= 0`` with column sums below 1.

``"auto"`` picks ``"dense-lu-f32"`` from ``leontief.AUTO_F32_MIN_N`` rows up, ``"dense-lu"`` below,
and ``"iterative"`` from ``leontief.AUTO_ITERATIVE_MIN_N`` rows up where ``A >= 0`` with column sums
below 1.
The float32 factorisation saves about half of the ``O(n^3)`` work; a refined solve costs two
float32 triangular solves and one float64 product with ``A`` (``O(n^2 m)`` for ``m``
right-hand sides). The float32 triangular solves are blocked (:mod:`footprint.engine._lapack`): each
block row of the factors is read once for all right-hand sides (3 right-hand sides at n = 9,800:
0.026-0.03 s against 0.18 s with LAPACK ``getrs``; 52: 0.09 s against 0.17 s). Before
factorising, one pass over ``A`` gives the column sums for the checks and the copy of ``I - A``
to factorise (:func:`footprint.engine._lapack.scan`); ``A`` may be a read-only memory map.

Where ``A >= 0`` and every column sum is below 1 (every productive monetary table), ``I - A`` is
diagonally dominant by columns: then a cheap bound replaces LAPACK's condition estimate, which would cost
several passes over the factors.

Threads: the factorisation and every solve run on the BLAS threads chosen, call by call, from the cores
free at that moment (:mod:`footprint.engine.threads`; ``factorise(..., threads=k)`` fixes them): on a
machine where other jobs keep cores busy, OpenBLAS threads that wait for each other on shared cores made
a refined solve several times slower than on the free cores alone.
"""
