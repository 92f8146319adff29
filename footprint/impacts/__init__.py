"""Biodiversity impact by origin (package): characterise land-use footprints with origin-specific factors.

Methods (DOMAIN.md 1.2, 1.3, 1.6; factor tables in ``footprint/defaults/characterisation/``, reduced
from published data by ``config/characterisation/reduce_factors.py``):

* ``msa_ibif2``: MSA loss, IBIF v2 (GLOBIO 4; Schipper et al. 2025), per country and land type, plus a
  global climate factor per t CO2-eq [MSA-loss*ha*yr].
* ``pdf_glam1``: potentially disappeared fraction of species, UNEP GLAM 1.0 land occupation per country
  [global PDF*yr].
* ``pdf_lcimpact_glo``, ``msa_globio3_default``: global (not region-specific) cross-checks: LC-IMPACT
  global defaults and GLOBIO3 default BIF_LU.

Land is characterised from the stressor rows, by land type (``land_type_map.csv``), so finer types
than the pressure table's (fodder, paddy rice, ...) keep their own factor::

    I[m, b, g, t, r] = CF[m, b, t, r] * Land[g, t, r]        Land = footprint by land type t and origin r
    = sum_i q[i] (L y_g)[i],   q[i] = sum_t CF[t, r(i)] (C_t S)[i]   (characterisation commutes)

with m method, b bound (low / central / high), g product group. Climate: ``CF_cc * GHG[g, r]`` with one
global factor, attributed to the origin where the gas is emitted.
Modules (data flows one way, top to bottom): :mod:`~footprint.impacts.tables` (constants, factor table
and land-type map readers), :mod:`~footprint.impacts.land` (land rows split by land type),
:mod:`~footprint.impacts.factors` (factor matrices per method), :mod:`~footprint.impacts.characterise`
(impact tables and impact intensities), :mod:`~footprint.impacts.ranking` (origin rankings and their
stability). This file re-exports nothing: import the module you need.
"""
