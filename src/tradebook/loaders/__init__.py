"""One loader per raw source, each returning the canonical flows table (see tradebook.schema).

``LOADERS`` maps source ids (as in data/raw/MANIFEST.csv) to loader functions taking no
arguments, except ``dosm_sitc2`` which needs the ringgit rates derived from DOTS; the
dataset module wires that dependency.
"""
