"""Outputs layer: figures, maps, the report, the column dictionary and the writers of a results folder."""
