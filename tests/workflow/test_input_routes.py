"""Input routes nobody had tried: plain FASTQ (with and without trimming), a genome of
random sequence with the right chromosome names, a declared salmon library type, and
alignment held back until every sample's FASTQ check has passed."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tenseq.datasets.demo import write_demo

from .runner import run_snakemake, write_config

pytestmark = pytest.mark.workflow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):
    """Six single-end samples of 5,000 reads, FASTQ decompressed to plain text."""
    root = tmp_path_factory.mktemp("tiny")
    truth = write_demo(root / "data", paired=False, fragments_per_sample=5000, seed=3)
    sheet = pd.read_csv(root / "data/samples.tsv", sep="\t")
    plain = []
    for path in sheet["fq1"]:
        source = root / path if not path.startswith("/") else path
        target = root / "data" / "reads" / re.sub(r"\.gz$", "", str(source).split("/")[-1])
        target.write_bytes(gzip.decompress(Path(source).read_bytes()))
        plain.append(str(target))
    sheet["fq1"] = plain
    sheet.to_csv(root / "data/samples.tsv", sep="\t", index=False)
    return root, truth


def _config(work, root, **overrides):
    data = root / "data"
    return write_config(
        work,
        samples=str(data / "samples.tsv"),
        reference={
            "genome": str(overrides.pop("genome", data / "genome.fa")),
            "gtf": str(data / "genes.gtf"),
            "species": "mouse",
        },
        **overrides,
    )


def test_declared_library_type_reaches_salmon_and_checks_gate_alignment(tiny, tmp_path):
    root, _ = tiny
    config = _config(tmp_path, root, quantifier="salmon", strandedness="reverse")
    dry = run_snakemake(tmp_path, config, "-n", "-p", "--forceall")
    assert re.search(r"salmon quant .* -l SR -r ", dry.stdout), dry.stdout[-2000:]
    assert " -l A " not in dry.stdout
    dag = run_snakemake(tmp_path, config, "--dag", "--forceall").stdout
    labels = dict(re.findall(r'(\d+)\[label = "(\w+)', dag))
    edges = re.findall(r"(\d+) -> (\d+)", dag)
    # each sample's FASTQ check runs in its trimming job; alignment waits for the gate,
    # written from the table gathered from every sample's check
    checks = {n for n, rule in labels.items() if rule in ("fastp_pe", "fastp_se")}
    (table,) = (n for n, rule in labels.items() if rule == "fastq_checks")
    (gate,) = (n for n, rule in labels.items() if rule == "fastq_gate")
    assert {a for a, b in edges if b == table} == checks
    assert {a for a, b in edges if b == gate} == {table}
    quants = [n for n, rule in labels.items() if rule == "salmon_quant"]
    assert len(checks) == len(quants) == 6
    for job in quants:
        assert gate in {a for a, b in edges if b == job}  # every sample's check first


def test_plain_fastq_without_then_with_trimming(tiny, tmp_path):
    root, truth = tiny
    samples = list(truth.samples["sample"])
    for trimming in (False, True):
        config = _config(tmp_path, root, trimming={"activate": trimming})
        run_snakemake(tmp_path, config, "results/counts/counts.tsv")
        counts = pd.read_csv(tmp_path / "results/counts/counts.tsv", sep="\t", index_col=0)
        recovered = counts[samples].sum() / truth.counts[samples].sum()
        assert recovered.between(0.85, 1.0).all(), (trimming, recovered)
    assert (tmp_path / "results/qc/fastp").is_dir()  # the second pass trimmed


def test_random_genome_with_matching_names_stops_counting(tiny, tmp_path):
    root, _ = tiny
    rng = np.random.default_rng(0)
    records = (root / "data/genome.fa").read_text().split(">")[1:]
    fasta = []
    for record in records:
        name, *lines = record.split("\n")
        length = sum(len(line) for line in lines)
        fasta.append(f">{name}\n" + "".join(rng.choice(list("ACGT"), length)) + "\n")
    genome = tmp_path / "random.fa"
    genome.write_text("".join(fasta))
    # STAR route: salmon stops by itself ("--minAssignedFrags"); STAR would give zeros
    config = _config(tmp_path, root, genome=genome, trimming={"activate": False})
    proc = run_snakemake(tmp_path, config, "results/counts/counts.tsv", check=False)
    assert proc.returncode != 0
    log = (tmp_path / "logs/count_matrix.log").read_text()
    assert "almost no reads were counted on genes" in log and "same chromosome names" in log
    assert not (tmp_path / "results/counts/counts.tsv").exists()
