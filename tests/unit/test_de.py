import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tenseq.datasets.toy import simulate_nb_counts
from tenseq.de import de_to_anndata, filter_genes, run_contrasts

AB = [{"id": "B_vs_A", "variable": "condition", "target": "B", "reference": "A"}]


@pytest.fixture(scope="module")
def planted():
    adata, truth = simulate_nb_counts(1500, (4, 4), seed=11, n_de=60, lfc=1.5)
    results = run_contrasts(
        adata,
        "~ condition",
        AB + [{"id": "A_vs_B", "variable": "condition", "target": "A", "reference": "B"}],
    )
    return adata, truth, results


def test_planted_genes_rank_first_with_right_lfc(planted):
    _, truth, results = planted
    table = results["B_vs_A"].set_index("gene_id")
    de_genes = truth.index[truth["true_lfc"] != 0]
    top = table.index[: len(de_genes)]
    assert len(set(top) & set(de_genes)) / len(de_genes) >= 0.9
    strong = de_genes[truth.loc[de_genes, "mean"] > 100]
    error = table.loc[strong, "log2FoldChange"] - truth.loc[strong, "true_lfc"]
    # 4 vs 4 at dispersion 0.05 gives a standard error of ~0.2 log2 units: the estimates
    # are unbiased and their reported lfcSE is honest (|error| / lfcSE like a normal)
    assert abs(error.mean()) < 0.1
    assert error.abs().median() < 0.2
    assert (error.abs() / table.loc[strong, "lfcSE"] < 3.3).mean() >= 0.95
    # shrinkage pulls weak estimates towards 0 but keeps strong ones
    null = table.index.difference(de_genes)
    assert (
        table.loc[null, "log2FoldChange_shrunk"].abs().mean()
        < table.loc[null, "log2FoldChange"].abs().mean()
    )
    shrunk_error = table.loc[strong, "log2FoldChange_shrunk"] - truth.loc[strong, "true_lfc"]
    assert shrunk_error.abs().median() < 0.25


def test_releveled_contrast_is_the_mirror_image(planted):
    _, _, results = planted
    ab = results["B_vs_A"].set_index("gene_id")
    ba = results["A_vs_B"].set_index("gene_id").loc[ab.index]
    np.testing.assert_allclose(ab["log2FoldChange"], -ba["log2FoldChange"], atol=1e-5)
    np.testing.assert_allclose(ab["pvalue"], ba["pvalue"], rtol=1e-4)


def test_table_layout_and_order(planted):
    _, _, results = planted
    table = results["B_vs_A"]
    assert list(table.columns) == [
        "gene_id",
        "gene_name",
        "baseMean",
        "log2FoldChange",
        "lfcSE",
        "stat",
        "pvalue",
        "padj",
        "log2FoldChange_shrunk",
    ]
    p = table["pvalue"].dropna().to_numpy()
    assert (np.diff(p) >= 0).all()


def test_deterministic(planted):
    adata, _, results = planted
    again = run_contrasts(adata, "~ condition", AB)
    pd.testing.assert_frame_equal(again["B_vs_A"], results["B_vs_A"])


def test_anndata_carries_results_per_contrast(planted):
    adata, _, results = planted
    out = de_to_anndata(adata, results, {"design": "~ condition"})
    assert out.varm["de_B_vs_A"].shape == (adata.n_vars, 7)
    assert out.uns["de"]["contrasts"] == ["B_vs_A", "A_vs_B"]


def test_filter_genes():
    counts = pd.DataFrame({"g1": [10, 10, 0], "g2": [9, 50, 50], "g3": [0, 0, 100]})
    # >= 10 reads in >= 2 samples: g1 (10, 10) and g2 (50, 50) pass, g3 (one sample) does not
    assert list(filter_genes(counts, 10, 2)) == ["g1", "g2"]
    assert list(filter_genes(counts, 11, 2)) == ["g2"]
    assert list(filter_genes(counts, 10, 1)) == ["g1", "g2", "g3"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_null_calibration(seed):
    """No true effect: p-values uniform, false discoveries at padj < 0.1 rare."""
    adata, _ = simulate_nb_counts(1000, (3, 3), seed=100 + seed)
    table = run_contrasts(adata, "~ condition", AB, shrink_lfc=False, independent_filter=False)[
        "B_vs_A"
    ]
    p = table["pvalue"].dropna()
    assert stats.kstest(p, "uniform").pvalue > 0.01
    assert (table["padj"] < 0.1).mean() < 0.1
