"""Engine layer: the Leontief solver (factorisation, solves) and its BLAS helpers."""
