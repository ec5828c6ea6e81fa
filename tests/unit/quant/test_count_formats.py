"""Count matrices in the shapes users have them: each read as what it is, or named."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.quant import counts

SHEET = pd.DataFrame({"condition": ["a", "a", "b", "b"]}, index=["s1", "s2", "s3", "s4"])
GOOD = "gene_id\ts1\ts2\ts3\ts4\nG1\t1\t2\t3\t4\nG2\t5\t0\t7\t8\n"


def _read(tmp_path, content, name="m.tsv", sheet=SHEET):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return counts.read_count_matrix(path, sheet)


def _refused(tmp_path, content, *patterns, name="m.tsv"):
    with pytest.raises(InputError) as err:
        _read(tmp_path, content, name)
    message = str(err.value)
    assert name in message and "Fix:" in message, message
    for pattern in patterns:
        assert pattern in message, message
    return message


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808"])
def test_count_above_int64_is_refused_not_wrapped(tmp_path, value):
    _refused(tmp_path, GOOD.replace("\t7\t", f"\t{value}\t"), "row 3, field 's3'", "larger than")


def test_largest_int64_count_is_kept_exactly(tmp_path):
    big = str(np.iinfo(np.int64).max)
    matrix, _ = _read(tmp_path, GOOD.replace("\t7\t", f"\t{big}\t"))
    assert matrix.loc["G2", "s3"] == np.iinfo(np.int64).max


@pytest.mark.parametrize("value", ["1e20", "1.23457E+15", "5E+00"])
def test_scientific_notation_is_refused(tmp_path, value):
    _refused(tmp_path, GOOD.replace("\t7\t", f"\t{value}\t"), f"'{value}'", "scientific notation")


def test_whole_numbers_written_as_decimals_are_read(tmp_path):
    matrix, _ = _read(tmp_path, GOOD.replace("\t7\t", "\t7.0\t"))
    assert matrix.loc["G2"].tolist() == [5, 0, 7, 8]


def test_comma_separated(tmp_path):
    _refused(tmp_path, GOOD.replace("\t", ","), "comma-separated (CSV)", "tr ','", name="m.csv")


def test_gzip_content_named_tsv_is_read(tmp_path):
    matrix, _ = _read(tmp_path, gzip.compress(GOOD.encode(), mtime=0))
    assert matrix.loc["G2"].tolist() == [5, 0, 7, 8]


def test_header_only(tmp_path):
    _refused(tmp_path, "gene_id\ts1\ts2\ts3\ts4\n", "header line but no genes", "row 2")


def test_transposed_matrix(tmp_path):
    text = "sample\tG1\tG2\ns1\t1\t5\ns2\t2\t0\ns3\t3\t7\ns4\t4\t8\n"
    _refused(tmp_path, text, "transposed", "4 sample names are row labels", "genes as rows")


def test_excel_workbook(tmp_path):
    _refused(tmp_path, b"PK\x03\x04rest of a zip", "Excel workbook", "Text (Tab delimited)")


FEATURECOUNTS = (
    '# Program:featureCounts v2.0.3; Command:"featureCounts" "-p" "-a" "genes.gtf"\n'
    "Geneid\tChr\tStart\tEnd\tStrand\tLength\t{cols}\n"
    "G1\t1\t1\t100\t+\t100\t1\t2\t3\t4\n"
    "G2\t1;1\t200;300\t250;400\t-;-\t152\t5\t0\t7\t8\n"
)


def test_featurecounts_output_by_bam_stem(tmp_path):
    cols = "\t".join(
        f"/data/bams/{s}Aligned.sortedByCoord.out.bam" for s in ["s3", "s1", "s2", "s4"]
    )
    matrix, genes = _read(tmp_path, FEATURECOUNTS.format(cols=cols), name="fc.txt")
    assert matrix.columns.tolist() == ["s1", "s2", "s3", "s4"]
    assert matrix.loc["G1"].tolist() == [2, 3, 1, 4] and matrix.loc["G2"].tolist() == [0, 7, 5, 8]
    assert genes.index.tolist() == ["G1", "G2"]


def test_featurecounts_output_by_sheet_bam_paths(tmp_path):
    sheet = SHEET.assign(bam=[f"run{i}.bam" for i in range(4)])
    cols = "\t".join(f"bams/run{i}.bam" for i in range(4))
    path = tmp_path / "fc.txt"
    path.write_text(FEATURECOUNTS.format(cols=cols))
    matrix, _ = counts.read_count_matrix(path, sheet)
    assert matrix.loc["G2"].tolist() == [5, 0, 7, 8]


def test_featurecounts_column_matching_no_sample(tmp_path):
    cols = "\t".join(f"x{i}.bam" for i in range(4))
    _refused(tmp_path, FEATURECOUNTS.format(cols=cols), "'x0.bam' matches no sample", name="fc.txt")
