"""The sample sheet's rules come from workflow/schemas/samples.schema.yaml, not from Python."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tenseq.errors import InputError
from tenseq.inputs.sheet import (
    check_samples,
    read_sample_sheet,
    required_columns,
    sample_name_pattern,
)
from tenseq.inputs.wildcards import sample_wildcard_constraint
from tests.conftest import REPO

SCHEMAS = REPO / "workflow" / "schemas"
CONFIG = {"conditions": ["naive", "TEN"], "de": {"contrasts": []}, "counts": "counts.tsv"}


def schema_dir(tmp_path: Path, *, pattern: str | None = None, required=None) -> Path:
    """A copy of the shipped schemas with the sample pattern or required columns changed."""
    out = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, out)
    schema = yaml.safe_load((out / "samples.schema.yaml").read_text())
    if pattern is not None:
        schema["properties"]["sample"]["pattern"] = pattern
    if required is not None:
        schema["required"] = required
    (out / "samples.schema.yaml").write_text(yaml.safe_dump(schema))
    return out


def write_sheet(tmp_path: Path, names: list[str], header: str = "sample\tcondition") -> Path:
    rows = [f"{n}\t{'naive' if i % 2 else 'TEN'}" for i, n in enumerate(names)]
    path = tmp_path / "samples.tsv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def check(tmp_path: Path, names: list[str], schemas: Path):
    path = write_sheet(tmp_path, names)
    sheet = read_sample_sheet(path, schemas)
    return check_samples(sheet, CONFIG, "samples.tsv", tmp_path, schemas)


def test_shipped_schema_gives_the_name_rule_and_required_columns():
    pattern = sample_name_pattern(SCHEMAS)
    assert pattern.startswith("^") and pattern.endswith("$")
    assert required_columns(SCHEMAS) == ["sample", "condition"]
    assert sample_wildcard_constraint(SCHEMAS) == pattern[1:-1]
    for good in ["IL22.24h.Rep.1", "DCH7_DOX-pulse_1", "n1"]:
        assert re.search(pattern, good), good
    for bad in ["-n1", "n1.", "n__1", "a b", "a/b", "a..b", ""]:
        assert not re.search(pattern, bad), bad


def test_a_stricter_schema_pattern_is_the_one_checked(tmp_path):
    """A name the shipped rule accepts is refused once the schema forbids dots."""
    names = ["n1", "n2", "IL22.24h", "t2"]
    samples, entry, _ = check(tmp_path, names, SCHEMAS)
    assert list(samples.index) == names and entry == "counts"
    strict = schema_dir(tmp_path, pattern="^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$")
    with pytest.raises(InputError) as err:
        check(tmp_path, names, strict)
    message = str(err.value)
    for part in ("samples.tsv", "row 4", "field 'sample'", "sample name 'IL22.24h'"):
        assert part in message, message
    assert "^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$" in message and "Fix:" in message
    assert re.compile(sample_wildcard_constraint(strict)).fullmatch("IL22_24h")
    assert not re.compile(sample_wildcard_constraint(strict)).fullmatch("IL22.24h")


def test_a_name_breaking_the_shipped_pattern_says_what_is_wrong(tmp_path):
    with pytest.raises(InputError) as err:
        check(tmp_path, ["n1", "n2", "t1.", "t2"], SCHEMAS)
    message = str(err.value)
    assert "sample name 't1.' starts or ends with a separator, or repeats one" in message
    assert "(e.g. 't1')" in message and "row 4" in message


def test_required_columns_come_from_the_schema(tmp_path):
    strict = schema_dir(tmp_path, required=["sample", "condition", "batch"])
    path = write_sheet(tmp_path, ["n1", "n2"])
    assert list(read_sample_sheet(path, SCHEMAS).columns) == ["_line", "sample", "condition"]
    with pytest.raises(InputError, match=r"no 'batch' column \(columns: sample, condition\)"):
        read_sample_sheet(path, strict)


def test_an_unanchored_pattern_cannot_become_the_wildcard(tmp_path):
    loose = schema_dir(tmp_path, pattern="[A-Za-z0-9]+")
    with pytest.raises(ValueError, match="anchored"):
        sample_wildcard_constraint(loose)
