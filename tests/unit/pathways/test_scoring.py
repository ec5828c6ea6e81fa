import numpy as np
import pandas as pd
import pytest

from tenseq.pathways import scoring


def _stat(seed: int, shift: float, n_genes: int = 2000) -> tuple[pd.Series, pd.DataFrame]:
    """A Wald-like statistic; genes 0-29 form PROGRAM and are shifted by ``shift``."""
    rng = np.random.default_rng(seed)
    genes = [f"G{i:04d}" for i in range(n_genes)]
    values = rng.normal(size=n_genes)
    values[:30] += shift
    table = pd.DataFrame({"gene_name": genes, "stat": values})
    rows = [("PROGRAM", g) for g in genes[:30]]
    for k in range(1, 20):  # unrelated sets of random genes
        rows += [(f"RANDOM_{k:02d}", g) for g in rng.choice(genes[30:], 30, replace=False)]
    sets = pd.DataFrame(rows, columns=["source", "target"]).assign(collection="c", description="d")
    return scoring.ranking(table), sets


@pytest.mark.parametrize("sign", [1, -1])
def test_planted_program_comes_out_top_with_its_sign(sign):
    stat, sets = _stat(1, 1.5 * sign)
    gsea = scoring.prerank(stat, sets, permutations=200)
    ulm = scoring.ulm_contrast(stat, sets)
    assert gsea.loc[0, "set"] == "PROGRAM" and np.sign(gsea.loc[0, "nes"]) == sign
    assert gsea.loc[0, "fdr"] < 0.05
    assert ulm.loc[0, "set"] == "PROGRAM" and np.sign(ulm.loc[0, "score"]) == sign
    assert ulm.loc[0, "fdr"] < 1e-6


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_null_gives_no_discovery(seed):
    stat, sets = _stat(seed, 0.0)
    assert (scoring.ulm_contrast(stat, sets)["fdr"] > 0.1).all()
    assert (scoring.prerank(stat, sets, permutations=200)["fdr"] > 0.1).all()


def test_prerank_is_seeded():
    stat, sets = _stat(5, 0.5)
    a = scoring.prerank(stat, sets, permutations=100, seed=7)
    b = scoring.prerank(stat, sets, permutations=100, seed=7)
    pd.testing.assert_frame_equal(a, b)


def test_ranking_collapses_duplicates_and_drops_nan():
    table = pd.DataFrame({"gene_name": ["A", "A", "B", "C"], "stat": [1.0, -3.0, np.nan, 2.0]})
    assert scoring.ranking(table).to_dict() == {"C": 2.0, "A": -3.0}


def test_ulm_pvalues_are_raw_and_adjusted_once():
    import decoupler as dc

    stat, sets = _stat(6, 0.8)
    table = scoring.ulm_contrast(stat, sets).set_index("set")
    net = sets[["source", "target"]].assign(weight=1.0)
    _, padj = dc.mt.ulm(stat.to_frame("c").T, net, tmin=5)
    np.testing.assert_allclose(table["fdr"], padj.iloc[0][table.index], rtol=1e-5)
    assert (table["pvalue"] <= table["fdr"]).all()
