"""entry_point: one entry per run (FASTQ single or paired, BAM, counts), else the line."""

from __future__ import annotations

import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.inputs.entry_point import entry_point


def sheet(**columns: list[str]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"_line": [str(i + 2) for i in range(n)], **columns}, dtype=str)


def test_each_entry_point():
    assert entry_point(sheet(fq1=["a", "b"], fq2=["c", "d"]), {}, "s") == ("fastq", True)
    assert entry_point(sheet(fq1=["a", "b"], fq2=["", ""]), {}, "s") == ("fastq", False)
    assert entry_point(sheet(fq1=["a", "b"]), {}, "s") == ("fastq", False)
    assert entry_point(sheet(bam=["a", "b"]), {}, "s") == ("bam", False)
    assert entry_point(sheet(fq1=["a", ""]), {"counts": "m.tsv"}, "s") == ("counts", False)


@pytest.mark.parametrize(
    ("columns", "parts"),
    [
        ({"fq1": ["", "b"], "fq2": ["c", "d"]}, ["fq2 is given without fq1", "row 2"]),
        ({"fq1": ["a", "b"], "fq2": ["a", "d"]}, ["fq1 and fq2 are the same file", "row 2"]),
        ({"fq1": ["a", ""]}, ["no fq1 for this sample while others have reads", "row 3"]),
        ({"bam": ["", "b"]}, ["no bam for this sample while others have one", "row 2"]),
        ({"fq1": ["a", "b"], "bam": ["", "x"]}, ["the sample has both FASTQ and BAM", "row 3"]),
        ({"fq1": ["", ""]}, ["no input files"]),
    ],
)
def test_mixed_or_missing_entries_name_the_line(columns, parts):
    with pytest.raises(InputError) as err:
        entry_point(sheet(**columns), {}, "samples.tsv")
    for part in parts:
        assert part in str(err.value), str(err.value)
