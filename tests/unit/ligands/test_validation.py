"""Validation on real treatments: the settings it scores with are the workflow's defaults."""

from __future__ import annotations

import yaml

from tenseq.ligands import validation


def test_validation_defaults_are_the_schema_defaults(repo_dir):
    schema = repo_dir / validation.SCHEMA
    spec = yaml.safe_load(schema.read_text())["$defs"]["ligands"]["properties"]
    defaults = validation.default_settings(schema)
    assert set(defaults) == set(spec) - {"activate"}
    assert defaults["sources"] == ["cytosig_expand", "secact"]
    assert (defaults["alpha"], defaults["max_selected"], defaults["min_residual_df"]) == (0.1, 5, 2)
