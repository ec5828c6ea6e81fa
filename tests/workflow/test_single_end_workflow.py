"""A new dataset needs only a new config: single-end reads, three conditions, two batches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from tenseq.datasets.demo import write_demo

from .runner import REPO, run_snakemake

pytestmark = pytest.mark.workflow

CONTRASTS = ["TEN_vs_naive", "GCSF_vs_naive", "TEN_vs_GCSF"]
# the outputs checked below: counts, strandedness, the three DE tables and the resolved
# config; pathways, ligands and the summary add minutes and no single-end plumbing
TARGETS = [
    "results/counts/counts.tsv",
    "results/qc/strandedness.tsv",
    *(f"results/de/{contrast}.tsv" for contrast in CONTRASTS),
    "results/provenance/config.yaml",
]


@pytest.fixture(scope="module")
def se_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("single_end")
    truth = write_demo(
        work / "demo/single_end",
        paired=False,
        seed=7,
        batches=2,
        conditions={"naive": 3, "TEN": 3, "GCSF": 3},
        fragments_per_sample=60_000,
    )
    config = REPO / "config/examples/single_end_three_groups.yaml"
    # the example config's relative paths resolve inside the working directory
    run_snakemake(work, config, *TARGETS)
    return work, truth


def test_single_end_counts_and_strand(se_run):
    work, truth = se_run
    strand = pd.read_csv(work / "results/qc/strandedness.tsv", sep="\t")
    assert (strand["inferred"] == "reverse").all() and strand["agrees"].all()
    counts = pd.read_csv(work / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    samples = list(truth.samples["sample"])
    recovered = counts[samples].sum() / truth.counts[samples].sum()
    assert recovered.between(0.9, 1.0).all(), recovered


def test_three_contrasts_with_batch(se_run):
    work, truth = se_run
    lfc = truth.lfc.set_index("gene_id")
    planted = lfc.index[lfc["is_planted"] & (lfc["log2fc"].abs() >= 1)]
    ten = pd.read_csv(work / "results/de/TEN_vs_naive.tsv", sep="\t", index_col="gene_id")
    gcsf = pd.read_csv(work / "results/de/GCSF_vs_naive.tsv", sep="\t", index_col="gene_id")
    both = pd.read_csv(work / "results/de/TEN_vs_GCSF.tsv", sep="\t", index_col="gene_id")
    # GCSF carries half of the TEN effect: TEN > GCSF > naive for the planted genes
    assert (
        np.sign(ten.loc[planted, "log2FoldChange"]) == np.sign(lfc.loc[planted, "log2fc"])
    ).all()
    ratio = gcsf.loc[planted, "log2FoldChange"] / ten.loc[planted, "log2FoldChange"]
    assert ratio.median() == pytest.approx(0.5, abs=0.15)
    diff = ten.loc[planted, "log2FoldChange"] - gcsf.loc[planted, "log2FoldChange"]
    np.testing.assert_allclose(both.loc[planted, "log2FoldChange"], diff, atol=0.05)
    assert (ten.loc[planted, "padj"] < 0.05).mean() >= 0.9
    settings = yaml.safe_load((work / "results/provenance/config.yaml").read_text())
    assert settings["de"]["design"] == "~ batch + condition"
