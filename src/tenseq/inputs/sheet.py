"""The sample sheet: read as a spreadsheet would save it, then checked row by row.

Reading refuses the encodings and separators spreadsheets produce (see
:mod:`~tenseq.inputs.text_files`). The rules for a row come from
``workflow/schemas/samples.schema.yaml``, found beside the config schema: its
required columns and the pattern of a sample name, which becomes file names, shell
words and wildcard values. Line numbers count as an editor shows them (the header
is line 1).
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tenseq.errors import InputError
from tenseq.inputs.entry_point import entry_point
from tenseq.inputs.files import check_readable_file
from tenseq.inputs.run_checks import contrast_levels, missing_to_empty
from tenseq.inputs.sample_files import check_sample_files
from tenseq.inputs.text_files import describe_text_problem

SCHEMA_NAME = "samples.schema.yaml"


@functools.cache
def _row_schema(schema_dir: Path) -> dict[str, Any]:
    return yaml.safe_load((Path(schema_dir) / SCHEMA_NAME).read_text())


def required_columns(schema_dir: Path) -> list[str]:
    """Columns every sheet must have (the schema's ``required``)."""
    return list(_row_schema(Path(schema_dir))["required"])


def sample_name_pattern(schema_dir: Path) -> str:
    """The schema's anchored regex of a valid sample name (``^...$``)."""
    return _row_schema(Path(schema_dir))["properties"]["sample"]["pattern"]


def read_sample_sheet(path: str | Path, schema_dir: Path) -> pd.DataFrame:
    """Read a tab-separated sample sheet, rejecting the encoding mistakes spreadsheets make."""
    label = str(path)
    path = Path(path)
    check_readable_file(path, label, None, "samples")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(
            label,
            "the sample sheet is empty",
            "write a header line (sample, condition, ...) and one line per sample",
        )
    describe_text_problem(data, label)  # BOM, CRLF, CR-only, UTF-16, Excel exports
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(label, f"not UTF-8 text ({err})", "save the sheet as UTF-8") from err
    lines = text.split("\n")
    header = lines[0].split("\t")
    if len(header) == 1:
        sep = "commas" if "," in lines[0] else "spaces" if " " in lines[0] else None
        if sep:
            raise InputError(
                label,
                f"the header is separated by {sep}, not tabs",
                "separate columns with tab characters",
                row=1,
            )
    names = [h.strip() for h in header]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputError(
            label,
            f"duplicated column names: {', '.join(dup)}",
            "give every column a unique name",
            row=1,
        )
    for required in required_columns(schema_dir):
        if required not in names:
            raise InputError(
                label,
                f"no '{required}' column (columns: {', '.join(names)})",
                "name the columns in the header line: sample, condition, ...",
                row=1,
            )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(names):
            raise InputError(
                label,
                f"{len(fields)} tab-separated fields, the header has {len(names)}",
                "give every line one value per column (empty is fine), separated by tabs",
                row=number,
            )
        for name, value in zip(names, fields, strict=True):
            if value != value.strip():
                raise InputError(
                    label,
                    f"value '{value}' has leading or trailing whitespace",
                    "remove the spaces around the value",
                    row=number,
                    field=name,
                )
        rows.append([number, *fields])
    if not rows:
        raise InputError(label, "the sheet has a header but no samples", "add one line per sample")
    return pd.DataFrame(rows, columns=["_line", *names], dtype=str)


def _what_is_wrong(name: str) -> str | None:
    """What breaks the usual name rule (letters and digits joined by single '.', '-', '_')."""
    if not name:
        return "is empty"
    if " " in name:
        return "contains a space"
    if ".." in name:
        return "contains '..'"
    if "/" in name:
        return "contains a '/'"
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        return "contains characters other than letters, digits, '.', '-' and '_'"
    if re.search(r"^[._-]|[._-]$|[._-]{2}", name):
        return "starts or ends with a separator, or repeats one"
    return None  # a rule the schema adds beyond the usual ones


def _bad_name(name: str, pattern: str, label: str, line: int) -> InputError:
    """The error for a sample name outside the schema's pattern, saying what is wrong."""
    what = _what_is_wrong(name)
    if what is None:
        return InputError(
            label,
            f"sample name '{name}' does not match the pattern {pattern} of {SCHEMA_NAME}",
            "rename the sample to match it; names become file names and shell arguments",
            row=line,
            field="sample",
        )
    suggestion = re.sub(r"([._-])[._-]+", r"\1", re.sub(r"[^A-Za-z0-9._-]", "_", name))
    suggestion = suggestion.strip("._-")
    return InputError(
        label,
        f"sample name '{name}' {what}",
        "use letters, digits, and single '.', '-' or '_' between them"
        f"{f' (e.g. {suggestion!r})' if suggestion else ''}; names become "
        "file names and shell arguments",
        row=line,
        field="sample",
    )


def _check_names_and_conditions(
    records: list[dict[str, Any]], config: dict[str, Any], label: str, schema_dir: Path
) -> None:
    """Sample names valid and unique; every sample has a condition the config knows."""
    pattern = sample_name_pattern(schema_dir)
    valid = re.compile(pattern)
    seen: dict[str, int] = {}
    for row in records:
        name, line = row["sample"], int(row["_line"])
        if not valid.search(name):
            raise _bad_name(name, pattern, label, line)
        if name in seen:
            raise InputError(
                label,
                f"sample '{name}' is listed twice (also line {seen[name]})",
                "give every sample a unique name",
                row=line,
                field="sample",
            )
        seen[name] = line
        if not row["condition"]:
            raise InputError(
                label,
                f"sample '{name}' has no condition",
                "fill in its biological group (e.g. naive or TEN)",
                row=line,
                field="condition",
            )
    levels = config.get("conditions")
    if levels:
        for row in records:
            if row["condition"] not in levels:
                close = difflib.get_close_matches(row["condition"], levels, n=1, cutoff=0.3)
                close = close or [lv for lv in levels if lv.lower() == row["condition"].lower()]
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise InputError(
                    label,
                    f"condition '{row['condition']}' is not one of the "
                    f"config's conditions ({', '.join(levels)})",
                    f"{hint}fix the sheet or add the level to `conditions:` in the config",
                    row=int(row["_line"]),
                    field="condition",
                )


def check_samples(
    sheet: pd.DataFrame, config: dict[str, Any], label: str, workdir: Path, schema_dir: Path
) -> tuple[pd.DataFrame, str, bool]:
    """Semantic checks of the sheet; returns (samples indexed by name, entry, paired)."""
    _check_names_and_conditions(sheet.to_dict("records"), config, label, schema_dir)
    sizes = sheet["condition"].value_counts()
    small = sizes[(sizes < 2) & sizes.index.isin(contrast_levels(config, "condition"))]
    if len(small):
        raise InputError(
            label,
            f"condition '{small.index[0]}' has {small.iloc[0]} sample; "
            "differential expression needs replicates",
            "add at least 2 samples per condition (or remove that group)",
            field="condition",
        )
    entry, paired = entry_point(sheet, config, label)
    check_sample_files(sheet, entry, paired, label, workdir)
    return sample_table(sheet, label), entry, paired


def sample_table(sheet: pd.DataFrame, label: str) -> pd.DataFrame:
    """The sheet indexed by sample, its phenotype numbers (empty: missing) as floats."""
    samples = sheet.set_index("sample")
    samples.index.name = "sample"
    if "phenotype" in samples.columns:
        samples["phenotype"] = missing_to_empty(samples["phenotype"])  # NA, N/A, NaN: missing
        numbers = pd.to_numeric(samples["phenotype"].replace("", None), errors="coerce")
        bad = samples["phenotype"][numbers.isna() & (samples["phenotype"] != "")]
        if len(bad):
            raise InputError(
                label,
                f"phenotype '{bad.iloc[0]}' of sample '{bad.index[0]}' is not a number",
                "give a number (e.g. % tumor-cell killing) or leave it empty",
                row=int(samples.loc[bad.index[0], "_line"]),
                field="phenotype",
            )
        samples["phenotype"] = numbers
    return samples.drop(columns="_line")


def read_samples(path: str | Path, schema_dir: Path) -> pd.DataFrame:
    """The sample table as the start-up check returns it, for a job that needs the sheet.

    The sheet is a job's input file, so a job reads it again rather than taking the table
    as a param; the file checks passed before the DAG was built and are not repeated.
    """
    return sample_table(read_sample_sheet(path, schema_dir), str(path))
