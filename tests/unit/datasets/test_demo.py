import gzip
import hashlib

import numpy as np
import pandas as pd
import pytest

from tenseq import gtf
from tenseq.datasets.demo import PLANTED_LFC, write_demo


def _digest(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return write_demo(out / "a", fragments_per_sample=20_000, error_rate=0.0)


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a = write_demo(tmp_path / "a", fragments_per_sample=2_000)
    b = write_demo(tmp_path / "b", fragments_per_sample=2_000)
    c = write_demo(tmp_path / "c", fragments_per_sample=2_000, seed=7)
    da, db, dc = _digest(a.outdir), _digest(b.outdir), _digest(c.outdir)
    da.pop("samples.tsv"), db.pop("samples.tsv"), dc.pop("samples.tsv")  # paths differ
    assert da == db
    assert da["reads/TEN_1_R1.fastq.gz"] != dc["reads/TEN_1_R1.fastq.gz"]


def _fastq(path):
    with gzip.open(path, "rt") as handle:
        lines = handle.read().splitlines()
    return lines[1::4]


def test_truth_counts_equal_reads_written(small):
    for sample in small.samples["sample"]:
        r1 = _fastq(small.outdir / "reads" / f"{sample}_R1.fastq.gz")
        r2 = _fastq(small.outdir / "reads" / f"{sample}_R2.fastq.gz")
        assert len(r1) == len(r2) == small.counts[sample].sum()


def test_planted_fold_changes_in_truth(tmp_path):
    truth = write_demo(tmp_path / "d", fragments_per_sample=150_000)
    counts = truth.counts
    norm = counts / counts.sum() * counts.sum().mean()
    ten = norm[[c for c in counts if c.startswith("TEN")]].mean(axis=1)
    naive = norm[[c for c in counts if c.startswith("naive")]].mean(axis=1)
    observed = np.log2(ten / naive)
    planted = truth.lfc.set_index("gene_id")
    hit = planted.index[planted["is_planted"]]
    names = set(planted.loc[hit, "gene_name"])
    assert set(PLANTED_LFC) <= names  # the curated program and response genes
    assert len(names - set(PLANTED_LFC)) > 50  # and the strongest genes of the ligand responses
    # fold changes are known up to the library-composition offset of total-count scaling
    others = planted.index[(planted["log2fc"] == 0) & (counts.mean(axis=1) > 200)]
    offset = observed[others].median()
    error = (observed[hit] - planted.loc[hit, "log2fc"] - offset).abs()
    assert error.median() < 0.1 and error.max() < 0.45, error.describe()
    assert len(others) > 50 and (observed[others] - offset).abs().median() < 0.1


def test_reads_come_from_transcripts_on_the_reverse_strand(small, tmp_path):
    tx_fa = tmp_path / "tx.fa"
    gtf.write_transcriptome_fasta(small.outdir / "genome.fa", small.outdir / "genes.gtf", tx_fa)
    transcripts = "|".join(seq for _, seq in gtf.iter_fasta(tx_fa))
    r1 = _fastq(small.outdir / "reads" / "naive_1_R1.fastq.gz")[:200]
    r2 = _fastq(small.outdir / "reads" / "naive_1_R2.fastq.gz")[:200]
    # dUTP libraries: read 2 is the transcript sense strand, read 1 its reverse complement.
    # About 2% of fragments are shorter than a read and end in adapter sequence.
    sense = np.mean([read in transcripts for read in r2])
    antisense = np.mean([gtf.reverse_complement(read) in transcripts for read in r1])
    assert sense >= 0.95 and antisense >= 0.95, (sense, antisense)
    assert not any(read in transcripts for read in r1)
    with_adapter = np.mean(["AGATCGGAAGAGC" in read for read in r1])
    assert 0.002 <= with_adapter <= 0.05


def test_gtf_is_well_formed_and_matches_genome(small):
    chroms = {name: len(seq) for name, seq in gtf.iter_fasta(small.outdir / "genome.fa")}
    records = list(gtf.iter_records(small.outdir / "genes.gtf"))
    assert all("gene_id" in attrs for *_, attrs in records)
    assert all(chrom in chroms and 1 <= s <= e <= chroms[chrom] for chrom, _, s, e, _, _ in records)
    genes = gtf.read_gene_table(small.outdir / "genes.gtf")
    assert len(genes) == len(small.genes) > 300
    for symbol in ("Cybb", "Ncf1", "Ncf2", "Mpo", "Ccr2", "Csf3r", "Tgfbr2"):
        assert symbol in set(genes["gene_name"])
    assert set(genes.loc[genes["chrom"] == "MT", "gene_name"]) >= {"mt-Co1", "mt-Nd1"}


def test_single_end_three_conditions_with_batches(tmp_path):
    truth = write_demo(
        tmp_path / "se",
        paired=False,
        fragments_per_sample=1_000,
        conditions={"naive": 2, "TEN": 2, "GCSF": 2},
        batches=2,
    )
    sheet = pd.read_csv(tmp_path / "se" / "samples.tsv", sep="\t")
    assert "fq2" not in sheet.columns
    assert sheet["condition"].tolist() == ["naive"] * 2 + ["TEN"] * 2 + ["GCSF"] * 2
    assert sheet["batch"].tolist() == ["b1", "b2"] * 3
    assert not (tmp_path / "se" / "reads" / "naive_1_R2.fastq.gz").exists()
    assert {"log2fc", "log2fc_GCSF"} <= set(truth.lfc.columns)
    cybb = truth.lfc.set_index("gene_name").loc["Cybb"]
    assert cybb["log2fc_GCSF"] == pytest.approx(cybb["log2fc"] / 2)
