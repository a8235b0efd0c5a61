"""Validation checks, one module per concern: files → header → cells → tabular (frictionless) → rules."""
