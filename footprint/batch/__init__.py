"""Batch runs: years x scenarios scheduled on Dask, written as a partitioned dataset."""
