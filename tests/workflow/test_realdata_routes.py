"""The three entry points on real public data in ../shared/data (see each PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd
import pytest

from .runner import run_snakemake, write_config

pytestmark = [pytest.mark.workflow, pytest.mark.realdata]

NO_DE = {"design": "~ condition", "contrasts": []}


def _sheet(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, sep="\t", index=False)
    return path


# ------------------------------------------------------------------ yeast reads
@pytest.fixture(scope="module", params=["star", "salmon"])
def yeast_run(request, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """fastp -> STAR/featureCounts or salmon on the yeast chromosome I reads (GSE110004)."""
    data = shared_dir / "data" / "yeast_chrI"
    work = tmp_path_factory.mktemp(f"yeast_{request.param}")
    runs = ["SRR6357070", "SRR6357071"]
    sheet = _sheet(
        work / "samples.tsv",
        [
            {
                "sample": run,
                "condition": "WT",
                "fq1": str(data / f"{run}_1.fastq.gz"),
                "fq2": str(data / f"{run}_2.fastq.gz"),
            }
            for run in runs
        ],
    )
    config = write_config(
        work,
        samples=str(sheet),
        reference={
            "genome": str(data / "genome.fasta"),
            "gtf": str(data / "genes_chrI.Ensembl_R64-1-1.96.gtf"),
            "species": "other",
        },
        quantifier=request.param,
        conditions=None,
        de=NO_DE,
        salmon={"extra": "", "kmer": 19},
    )
    run_snakemake(work, config)
    return request.param, work


def test_yeast_reads_reach_gene_counts(yeast_run):
    quantifier, work = yeast_run
    counts = pd.read_csv(work / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    # the chrI GTF has 124 genes; all are in the matrix, in GTF order
    assert len(counts) == 124
    assert counts.index[0] == "YAL069W"
    reads = counts[["SRR6357070", "SRR6357071"]]
    # 100 read pairs per run drawn from the whole transcriptome: only a few come from
    # chromosome I genes (PROVENANCE.md caveat 3). Checked by hand on these files: STAR +
    # featureCounts assigns 18 and 19 pairs (unique alignments on chrI exons); salmon, which
    # also distributes multi-mapping fragments, quantifies 28 and 31.
    if quantifier == "star":
        assert reads.sum().tolist() == [18, 19]
    else:
        assert reads.sum().between(20, 40).all(), reads.sum()
    # too few reads (< 100) to call the library type: undetermined, counted unstranded
    strand = pd.read_csv(work / "results/qc/strandedness.tsv", sep="\t")
    assert (strand["inferred"] == "undetermined").all()
    assert (strand["counted_as"] == "unstranded").all()
    assert strand["warning"].str.contains("could not be determined").all()
    adata = ad.read_h5ad(work / "results/counts/counts.h5ad")
    np.testing.assert_array_equal(adata.layers["counts"], reads.T.to_numpy())


# ------------------------------------------------------------------ airway BAMs
AIRWAY_RUNS = {
    "SRR1039508": ("untrt", "N61311"),
    "SRR1039509": ("trt", "N61311"),
    "SRR1039512": ("untrt", "N052611"),
    "SRR1039513": ("trt", "N052611"),
    "SRR1039516": ("untrt", "N080611"),
    "SRR1039517": ("trt", "N080611"),
    "SRR1039520": ("untrt", "N061011"),
    "SRR1039521": ("trt", "N061011"),
}


@pytest.fixture(scope="module")
def airway_run(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """Alignment-output entry point on the airway BAM subsets (GSE52778)."""
    data = shared_dir / "data" / "airway_bam_subset"
    work = tmp_path_factory.mktemp("airway")
    sheet = _sheet(
        work / "samples.tsv",
        [
            {
                "sample": run,
                "condition": dex,
                "batch": cell,
                "bam": str(data / f"{run}_subset.bam"),
            }
            for run, (dex, cell) in AIRWAY_RUNS.items()
        ],
    )
    config = write_config(
        work,
        samples=str(sheet),
        # BAM entry: counting needs only the annotation, no genome
        reference={"gtf": str(data / "Homo_sapiens.GRCh37.75_subset.gtf"), "species": "human"},
        conditions=["untrt", "trt"],
        de=NO_DE,
    )
    run_snakemake(work, config)
    return work


def test_airway_strandedness_is_unstranded(airway_run):
    table = pd.read_csv(airway_run / "results/qc/strandedness.tsv", sep="\t")
    assert set(table["sample"]) == set(AIRWAY_RUNS)
    assert (table["inferred"] == "unstranded").all()
    assert table["fraction_forward"].between(0.4, 0.6).all()


# Fragments per gene derived independently of featureCounts, from `samtools view -F 0x904`
# (primary alignments) and a short script: the aligned blocks of each read are taken from
# its CIGAR (M/D/=/X consume the reference, N skips introns), a read pair counts for a gene
# when a block of either mate overlaps one of the gene's GTF exons, multi-mappers (NH:i:>1)
# are dropped, and pairs touching exons of two genes are left out as ambiguous.
SAMTOOLS_FRAGMENTS = {  # run: (SRM ENSG00000116649, UBIAD1 ENSG00000120942, TARDBP ENSG00000120948)
    "SRR1039508": (1004, 218, 2672),
    "SRR1039509": (1253, 256, 2031),
    "SRR1039512": (1122, 233, 3263),
    "SRR1039513": (1313, 248, 1568),
    "SRR1039516": (1100, 267, 3444),
    "SRR1039517": (1879, 461, 3615),
    "SRR1039520": (745, 206, 2171),
    "SRR1039521": (1534, 398, 1948),
}


def test_airway_gene_counts_match_samtools(airway_run):
    counts = pd.read_csv(airway_run / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    assert counts.loc["ENSG00000116649", "gene_name"] == "SRM"
    for run, (srm, ubiad1, tardbp) in SAMTOOLS_FRAGMENTS.items():
        assert counts.loc["ENSG00000116649", run] == srm, run
        # featureCounts and the script differ on at most 2 fragments (0.1%) where a
        # deletion or a mate's overhang decides the overlap
        assert abs(counts.loc["ENSG00000120942", run] - ubiad1) <= 2, run
        assert abs(counts.loc["ENSG00000120948", run] - tardbp) <= 2, run
    adata = ad.read_h5ad(airway_run / "results/counts/counts.h5ad")
    assert adata.obs.loc["SRR1039509", "condition"] == "trt"
    assert adata.obs.loc["SRR1039509", "batch"] == "N61311"


# ------------------------------------------------------------------ count matrix
@pytest.fixture(scope="module")
def pasilla_run(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """Count-matrix entry point on the pasilla gene counts (GSE18508)."""
    data = shared_dir / "data" / "pasilla_counts"
    work = tmp_path_factory.mktemp("pasilla")
    annotation = pd.read_csv(data / "pasilla_sample_annotation.csv")
    rows = [
        {
            "sample": row.file.removesuffix("fb"),
            "condition": row.condition,
            "batch": row.type.replace("-", "_"),
        }
        for row in annotation.itertuples()
    ]
    sheet = _sheet(work / "samples.tsv", rows)
    config = write_config(
        work,
        samples=str(sheet),
        counts=str(data / "pasilla_gene_counts.tsv"),
        # fly gene ids: no curated program applies, so the pathway stage is skipped
        reference={"species": "other"},
        conditions=["untreated", "treated"],
        de={
            "design": "~ batch + condition",
            "contrasts": [
                {
                    "id": "treated_vs_untreated",
                    "variable": "condition",
                    "target": "treated",
                    "reference": "untreated",
                }
            ],
        },
    )
    run_snakemake(work, config)
    return data, work


def test_pasilla_counts_pass_through_unchanged(pasilla_run):
    data, work = pasilla_run
    original = pd.read_csv(data / "pasilla_gene_counts.tsv", sep="\t", index_col="gene_id")
    adata = ad.read_h5ad(work / "results/counts/counts.h5ad")
    assert adata.shape == (7, 14599)
    matrix = pd.DataFrame(adata.layers["counts"], index=adata.obs_names, columns=adata.var_names)
    pd.testing.assert_frame_equal(matrix.T, original[matrix.index], check_names=False)
    # pasilla itself (FBgn0261552) is knocked down in the treated samples
    ps = matrix["FBgn0261552"] / matrix.sum(axis=1) * 1e6  # counts per million
    assert (
        ps[adata.obs["condition"] == "treated"].max()
        < ps[adata.obs["condition"] == "untreated"].min()
    )


def test_pasilla_count_matrix_reaches_de(pasilla_run):
    _, work = pasilla_run
    table = pd.read_csv(work / "results/de/treated_vs_untreated.tsv", sep="\t", index_col="gene_id")
    assert table.loc["FBgn0261552", "log2FoldChange"] < -1.5
    assert table.loc["FBgn0261552", "padj"] < 1e-20
    assert 1100 <= (table["padj"] < 0.1).sum() <= 1700
    qc = pd.read_csv(work / "results/qc/samples.tsv", sep="\t")
    assert len(qc) == 7 and not qc["outlier"].any()
    # fly gene ids, species 'other' and no gene sets of its own: no pathway stage
    assert not (work / "results/pathways").exists()
