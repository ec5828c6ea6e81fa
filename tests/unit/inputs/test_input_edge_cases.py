"""Inputs a new user brings (spreadsheet exports, odd settings): named, with a fix that works."""

from __future__ import annotations

import gzip
import subprocess

import pandas as pd
import pytest

from tenseq.inputs.sheet import read_samples
from tests.unit.inputs.test_bad_inputs import (
    HEADER,
    SCHEMAS,
    config,
    expect,
    good_rows,
    run,
    sheet,
    work,
)

__all__ = ["work"]  # the fixture, shared with test_bad_inputs
TEXT = "\n".join([HEADER, *good_rows()]) + "\n"


def _apply_fix(work, message: str) -> None:
    """Run the shell command the message offers (between backticks) and use its output."""
    command = message.split("Fix:")[1].split("`")[1]
    subprocess.run(["bash", "-c", command], cwd=work, check=True)
    fixed = work / "fixed.tsv"
    if fixed.exists():
        fixed.replace(work / "samples.tsv")


@pytest.mark.parametrize(
    ("encode", "patterns"),
    [
        (lambda t: t.replace("\n", "\r").encode(), ["CR only", "tr '\\r' '\\n'"]),
        (lambda t: t.replace("\n", "\r\n").encode("utf-16"), ["UTF-16", "iconv -f UTF-16"]),
        (
            lambda t: t.replace("naive", "naïve").replace("\n", "\r\n").encode("cp1252"),
            ["Windows-1252", "iconv -f WINDOWS-1252"],
        ),
        (
            lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
            ["byte-order mark", "CRLF", "Excel"],
        ),
        (lambda t: t.replace("\n", "\r\n").encode(), ["Windows (CRLF)", "dos2unix"]),
    ],
    ids=["cr_only", "utf16", "excel_cp1252", "excel_csv_utf8", "crlf"],
)
def test_sheet_encodings_are_named_and_the_fix_works(work, encode, patterns):
    (work / "samples.tsv").write_bytes(encode(TEXT))
    message = expect(work, config(), "samples.tsv", *patterns)
    _apply_fix(work, message)
    if b"\xc3\xaf" in (work / "samples.tsv").read_bytes():  # the Latin-1 sheet said naïve
        text = (work / "samples.tsv").read_text().replace("naïve", "naive")
        (work / "samples.tsv").write_text(text)
    assert list(run(config(), work).samples.index) == ["n1", "n2", "t1", "t2"]


def test_excel_workbook_as_sheet(work):
    (work / "samples.tsv").write_bytes(b"PK\x03\x04\x14\x00rest")
    expect(work, config(), "Excel workbook", "Text (Tab delimited)")


def test_contrast_level_in_wrong_case_suggests_the_level(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["de"]["contrasts"][0]["target"] = "ten"
    cfg.pop("conditions")
    expect(work, cfg, "level 'ten' of 'condition' has no samples", "did you mean 'TEN'?")


@pytest.mark.parametrize("missing", ["NA", "N/A", "NaN", "", "."])
def test_na_phenotype_is_missing(work, missing):
    rows = [r + f"\t{v}" for r, v in zip(good_rows(), ["12.5", missing, "40", "38"], strict=True)]
    inputs = run(config(sheet(work, *rows, header=HEADER + "\tphenotype")), work)
    phenotype = inputs.samples["phenotype"]
    assert phenotype.isna().tolist() == [False, True, False, False]
    assert phenotype.sum() == pytest.approx(90.5)
    # a job reading the sheet again gets the same table, dtypes included
    again = read_samples(work / "samples.tsv", SCHEMAS)
    pd.testing.assert_frame_equal(again, inputs.samples)


def test_unused_single_sample_condition_does_not_stop_the_run(work):
    for mate in (1, 2):
        (work / f"o1_{mate}.fq.gz").write_bytes((work / f"n1_{mate}.fq.gz").read_bytes())
    rows = [*good_rows(), "o1\tother\to1_1.fq.gz\to1_2.fq.gz"]
    cfg = config(sheet(work, *rows), conditions=["naive", "TEN", "other"])
    # n1 and o1 share read names but not files: only the files must differ
    assert run(cfg, work).samples.loc["o1", "condition"] == "other"


def test_single_sample_condition_a_contrast_uses_still_stops(work):
    expect(work, config(sheet(work, *good_rows()[:3])), "condition 'TEN' has 1 sample")


def test_min_samples_above_the_number_of_samples(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["de"]["min_samples"] = 5
    expect(work, cfg, "field 'de.min_samples'", "5 but the sheet has 4", "at most 4")


def test_even_salmon_kmer(work):
    cfg = config(sheet(work, *good_rows()), quantifier="salmon", salmon={"kmer": 20})
    expect(work, cfg, "field 'salmon.kmer'", "even number", "use 19 or 21")


def test_reads_shorter_than_the_salmon_kmer(work):
    # the fixture's reads are 8 bases: too short for any k-mer salmon accepts
    cfg = config(sheet(work, *good_rows()), quantifier="salmon", salmon={"kmer": 11})
    expect(work, cfg, "reads of sample 'n1' are 8 bases", "use quantifier: star")


def test_reads_shorter_than_the_default_kmer_suggest_a_smaller_one(work):
    for name in ("n1", "n2", "t1", "t2"):
        for mate in (1, 2):
            text = "".join(f"@{name}.{i}/{mate}\n{'ACGT' * 7}\n+\n{'I' * 28}\n" for i in range(3))
            (work / f"{name}_{mate}.fq.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    cfg = config(sheet(work, *good_rows()), quantifier="salmon")
    expect(work, cfg, "are 28 bases", "salmon.kmer 31", "e.g. 27")


@pytest.mark.parametrize("name", ["results", "logs"])
def test_results_folder_replaced_by_a_file(work, name):
    (work / name).write_text("not a folder\n")
    expect(work, config(sheet(work, *good_rows())), f"'{name}' is a file", f"mv {name}")


def test_results_stage_folder_replaced_by_a_file(work):
    (work / "results").mkdir()
    (work / "results" / "counts").write_text("")
    expect(work, config(sheet(work, *good_rows())), "results/counts is a file", "mv ")


def test_two_hundred_column_sheet(work):
    extra = [f"note{i}" for i in range(196)]
    rows = [r + "".join(f"\tv{i}" for i in range(196)) for r in good_rows()]
    inputs = run(config(sheet(work, *rows, header="\t".join([HEADER, *extra]))), work)
    assert inputs.samples.shape == (4, 199) and inputs.samples.loc["t2", "note195"] == "v195"


@pytest.mark.parametrize(
    ("header1", "header2"),
    [("@r{i}/2", "@r{i}/1"), ("@r{i} 2:N:0:ACGT", "@r{i} 1:N:0:ACGT")],
    ids=["slash_suffix", "casava"],
)
def test_swapped_mates(work, header1, header2):
    for name in ("n1", "n2", "t1", "t2"):
        for mate, header in ((1, header1), (2, header2)):
            text = "".join(f"{header.format(i=i)}\nACGTACGT\n+\nIIIIIIII\n" for i in range(3))
            (work / f"{name}_{mate}.fq.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    expect(work, config(sheet(work, *good_rows())), "row 2", "mates are swapped", "exchange")


def test_plain_fastq_is_accepted(work):
    for name in ("n1", "n2", "t1", "t2"):
        for mate in (1, 2):
            text = "".join(f"@{name}.{i}/{mate}\nACGTACGT\n+\nIIIIIIII\n" for i in range(3))
            (work / f"{name}_{mate}.fq").write_text(text)
    rows = [r.replace(".fq.gz", ".fq") for r in good_rows()]
    assert run(config(sheet(work, *rows)), work).paired
