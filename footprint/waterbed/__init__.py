"""Waterbed layer: bilateral indicators (I1-I3), ex-ante scenarios, displacement, input cuts, tables."""
