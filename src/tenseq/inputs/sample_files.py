"""The files a sample sheet names: readable, each used once, FASTQ heads intact.

A truncated download, a FASTQ given twice or read 2 of another sample fails only in
fastp or STAR, hours later. The first reads of every FASTQ (and the mates' names)
are checked here, once per file state (:mod:`~tenseq.inputs.scan_cache`): 1,000
samples are read at the first start, not at every one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tenseq.errors import InputError
from tenseq.inputs.entry_point import FILE_COLUMNS
from tenseq.inputs.files import check_readable_file, resolve
from tenseq.inputs.scan_cache import ScanCache, cache_path, file_key


def check_sample_files(
    sheet: pd.DataFrame, entry: str, paired: bool, label: str, workdir: Path
) -> None:
    """Every fq1/fq2/bam path readable and given once; FASTQ heads checked (cached)."""
    if entry == "counts":
        return
    used: dict[str, tuple[int, str]] = {}
    columns = [c for c in FILE_COLUMNS if c in sheet.columns]
    for row in sheet.to_dict("records"):
        line = int(row["_line"])
        for column in columns:
            value = row[column]
            if not value:
                continue
            resolved = resolve(value, workdir)
            check_readable_file(resolved, label, line, column)
            key = str(resolved.resolve())
            if key in used:
                other_line, other_col = used[key]
                raise InputError(
                    label,
                    f"{value} is also used on line {other_line} ({other_col})",
                    "give every sample and read its own file",
                    row=line,
                    field=column,
                )
            used[key] = (line, column)
    if entry == "fastq":
        check_fastq_heads(sheet, paired, label, workdir)


def check_fastq_heads(sheet: pd.DataFrame, paired: bool, label: str, workdir: Path) -> None:
    """First reads of every FASTQ (and mate names) checked; results cached per file state."""
    from tenseq.fastq import head_check

    cache = ScanCache(cache_path(workdir))
    checked = None
    for row in sheet.to_dict("records"):
        fq1 = resolve(row["fq1"], workdir)
        fq2 = resolve(row["fq2"], workdir) if paired else None
        key = "fastq|" + file_key(fq1) + ("|" + file_key(fq2) if fq2 else "")
        if cache.get(key):
            continue
        head_check(fq1, fq2, label, int(row["_line"]))
        cache.data[key] = True
        checked = key
    if checked:
        cache.put(checked, True)  # one write for all newly checked files
