"""Inputs layer: reading MRIO systems (sources, cache, formats, checks on read) and their tables."""
