"""A FASTQ cut short deep inside stops the run before any sample is aligned.

Each sample's whole-file check runs in its trimming job, before fastp; alignment waits
for the gate written from the table gathered from every sample's check
(results/qc/fastq/checks_passed.txt), which a failed check never lets exist
(tests/workflow/test_input_routes.py checks that every alignment job depends on it).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from .runner import run_snakemake, write_config

pytestmark = pytest.mark.workflow


def test_truncated_fastq_is_caught_before_alignment(small_demo, tmp_path):
    root, truth = small_demo
    data = tmp_path / "data"
    shutil.copytree(root / "data", data)
    bad = data / "reads" / "TEN_2_R2.fastq.gz"
    raw = bad.read_bytes()
    bad.write_bytes(raw[: len(raw) - 5000])  # the first reads are intact
    sheet = pd.read_csv(data / "samples.tsv", sep="\t")
    for column in ("fq1", "fq2"):
        sheet[column] = [str(data / "reads" / p.split("/")[-1]) for p in sheet[column]]
    sheet.to_csv(data / "samples.tsv", sep="\t", index=False)
    config = write_config(
        tmp_path,
        samples=str(data / "samples.tsv"),
        reference={"genome": str(data / "genome.fa"), "gtf": str(data / "genes.gtf")},
    )
    # an intact sample's alignment asked for, with the profile's keep-going
    proc = run_snakemake(tmp_path, config, "results/align/TEN_1.bam", check=False)
    assert proc.returncode != 0
    log = (tmp_path / "logs/fastq_check/TEN_2.log").read_text()
    assert "TEN_2_R2.fastq.gz" in log and "truncated" in log
    assert not (tmp_path / "results/qc/fastq/TEN_2.reads.tsv").exists()
    assert not (tmp_path / "results/qc/fastp/TEN_2.fastp.json").exists()  # fastp never ran
    # the gate of alignment is closed while any sample's check is failing
    assert not (tmp_path / "results/qc/fastq/reads.tsv").exists()
    assert not (tmp_path / "results/qc/fastq/checks_passed.txt").exists()
    assert not list((tmp_path / "results").glob("align/*.bam"))
    # the intact samples were checked and counted
    good = pd.read_csv(tmp_path / "results/qc/fastq/TEN_1.reads.tsv", sep="\t")
    assert good.loc[0, "reads_r1"] == good.loc[0, "reads_r2"] == truth.counts["TEN_1"].sum()
