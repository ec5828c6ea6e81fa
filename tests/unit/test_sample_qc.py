import anndata as ad
import numpy as np
import pandas as pd
import pytest

from tenseq.datasets.toy import simulate_nb_counts
from tenseq.sample_qc import qc_table, robust_z, sample_qc, size_factors


def test_size_factors_recover_scaling():
    base = np.array([[10, 20, 30, 40]])
    counts = np.vstack([base, 2 * base, 4 * base])
    sf = size_factors(counts)
    np.testing.assert_allclose(sf / sf[0], [1, 2, 4])
    np.testing.assert_allclose(np.prod(sf), 1.0)


# four genes are too few for DESeq2's parametric dispersion trend; pydeseq2 says so
@pytest.mark.filterwarnings("ignore:The dispersion trend curve fitting did not converge")
def test_hand_computable_metrics():
    counts = np.array([[90, 10, 0, 0], [50, 30, 20, 0], [40, 40, 10, 10]])
    obs = pd.DataFrame({"condition": ["a", "a", "b"]}, index=["x", "y", "z"])
    var = pd.DataFrame(
        {"gene_name": ["Actb", "mt-Co1", "Cybb", "Ncf1"]}, index=["G1", "G2", "G3", "G4"]
    )
    adata = ad.AnnData(X=counts.copy(), obs=obs, var=var)
    adata.layers["counts"] = counts
    out = sample_qc(adata, n_top=1)
    assert out.obs["library_size"].tolist() == [100, 100, 100]
    assert out.obs["n_genes_detected"].tolist() == [2, 3, 4]
    np.testing.assert_allclose(out.obs["frac_mito"], [0.1, 0.3, 0.4])
    np.testing.assert_allclose(out.obs["frac_top1"], [0.9, 0.5, 0.4])
    assert out.obsm["X_pca"].shape == (3, 2)  # capped at n_samples - 1
    table = qc_table(out)
    assert table["sample"].tolist() == ["x", "y", "z"]


def test_robust_z():
    np.testing.assert_allclose(
        robust_z(np.array([1.0, 2, 3, 4, 100]))[:4], np.array([-2, -1, 0, 1]) / 1.4826
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_outlier_flagged_only_when_planted(seed):
    adata, _ = simulate_nb_counts(2000, (6, 6), seed=seed, n_de=200)
    assert not sample_qc(adata).obs["outlier"].any()
    counts = adata.layers["counts"].copy()
    rng = np.random.default_rng(seed)
    genes = rng.choice(2000, 400, replace=False)  # a contaminated library
    counts[2, genes] = (counts[2, genes] * rng.lognormal(0, 1, 400)).astype(np.int64)
    adata.layers["counts"] = counts
    flagged = sample_qc(adata).obs["outlier"]
    assert list(flagged.index[flagged]) == ["A_3"]


def _cohort(n: int) -> tuple[ad.AnnData, dict[str, int]]:
    """n samples in two conditions; condition a holds two interleaved sub-clusters."""
    names = [f"S{i:03d}" for i in range(n)]
    condition = np.where(np.arange(n) < n // 2, "a", "b")
    cluster = np.where(condition == "a", np.arange(n) % 2, 2)  # a: 0,1,0,1 ... b: 2
    same = cluster[:, None] == cluster[None, :]
    corr = np.where(same, 0.95, 0.7)
    np.fill_diagonal(corr, 1.0)
    adata = ad.AnnData(obs=pd.DataFrame({"condition": condition, "library_size": 1e6}, index=names))
    adata.uns["sample_correlation"] = pd.DataFrame(corr, index=names, columns=names)
    return adata, dict(zip(names, cluster, strict=True))


def test_correlation_heatmap_keeps_a_fixed_size_at_200_samples(tmp_path):
    import matplotlib.image as mpimg

    from tenseq.plots import qc as plots

    adata, _ = _cohort(200)
    plots.correlation_heatmap(adata, tmp_path / "corr.png")
    plots.library_sizes(adata, tmp_path / "lib.png")
    height, width = mpimg.imread(tmp_path / "corr.png").shape[:2]
    # 12 in at 120 dpi plus labels: ~1,500 px a side (the uncapped grid was ~11,000 px)
    assert max(height, width) < 1800, (height, width)
    assert mpimg.imread(tmp_path / "lib.png").shape[1] < 3200


def test_heatmap_order_groups_conditions_and_clusters_within():
    from tenseq.plots.qc import _sample_order

    adata, cluster = _cohort(40)
    order = _sample_order(adata, adata.uns["sample_correlation"])
    assert sorted(order) == sorted(adata.obs_names)
    labels = [cluster[name] for name in order]
    assert labels[:20].count(2) == 0 and set(labels[20:]) == {2}  # condition a first
    # the interleaved sub-clusters of condition a come out as two contiguous runs
    changes = sum(labels[i] != labels[i - 1] for i in range(1, 20))
    assert changes == 1, labels[:20]
