"""config/README.md documents every key of the schema, and the examples validate."""

from __future__ import annotations

import pytest
import yaml

from tenseq.inputs import validate_config
from tests.conftest import REPO

SCHEMA = REPO / "workflow" / "schemas" / "config.schema.yaml"


def _leaves(node: dict, defs: dict, prefix: str = "") -> list[str]:
    """Dotted paths of every configurable key (objects are descended into)."""
    paths = []
    for name, sub in node.get("properties", {}).items():
        if "$ref" in sub:
            sub = defs[sub["$ref"].split("/")[-1]]
        path = f"{prefix}{name}"
        if sub.get("type") == "object" and "properties" in sub:
            paths += _leaves(sub, defs, f"{path}.")
        else:
            paths.append(path)
    return paths


def test_every_schema_key_is_in_config_readme():
    schema = yaml.safe_load(SCHEMA.read_text())
    text = (REPO / "config" / "README.md").read_text()
    keys = _leaves(schema, schema["$defs"])
    assert "symbol_column" in keys and "ligands.max_selected" in keys
    # a table row may list siblings as `pathways.msigdb.version`, `.timeout`
    missing = [
        key
        for key in keys
        if f"`{key}`" not in text
        and not (f"`.{key.rsplit('.', 1)[-1]}`" in text and f"`{key.rsplit('.', 1)[0]}." in text)
    ]
    assert not missing, f"document these keys in config/README.md: {missing}"


@pytest.mark.parametrize("name", ["demo.yaml", "minimal.yaml", "single_end_three_groups.yaml"])
def test_examples_are_valid_configs(name):
    config = yaml.safe_load((REPO / "config" / "examples" / name).read_text())
    filled = validate_config(config, SCHEMA)
    assert filled["ligands"]["sources"] == config.get("ligands", {}).get(
        "sources", ["cytosig_expand", "secact"]
    )
