"""Ligand stage: response signatures, activity, calls, the ligand table."""
