"""Per-sample scores: planted programs, orientation, running sum, phenotype correlation."""

import gseapy
import numpy as np
import pandas as pd
import pytest

from tenseq.pathways import scoring


def _samples(seed: int, shift: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """12 samples x 1500 genes; genes 0-39 (PROGRAM) raised by ``shift`` in samples 6-11."""
    rng = np.random.default_rng(seed)
    genes = [f"G{i:04d}" for i in range(1500)]
    values = rng.normal(8, 1, size=(12, 1500))
    values[6:, :40] += shift
    expression = pd.DataFrame(values, index=[f"S{i:02d}" for i in range(12)], columns=genes)
    rows = [("PROGRAM", g) for g in genes[:40]]
    for k in range(1, 15):
        rows += [(f"RANDOM_{k:02d}", g) for g in rng.choice(genes[40:], 40, replace=False)]
    sets = pd.DataFrame(rows, columns=["source", "target"]).assign(collection="c", description="d")
    return expression, sets


@pytest.mark.parametrize("method", ["ulm", "ssgsea"])
def test_planted_program_separates_the_shifted_samples(method):
    expression, sets = _samples(1, 1.0)
    score = scoring.sample_ulm if method == "ulm" else scoring.sample_ssgsea
    scores = score(expression, sets)
    program = scores["PROGRAM"]
    assert program.iloc[6:].min() > program.iloc[:6].max()
    # the shift explains PROGRAM and no random set: its between-group difference is the largest
    gap = scores.iloc[6:].mean() - scores.iloc[:6].mean()
    assert gap.abs().idxmax() == "PROGRAM" and gap["PROGRAM"] > 0


def test_null_program_does_not_separate():
    expression, sets = _samples(2, 0.0)
    program = scoring.sample_ulm(expression, sets)["PROGRAM"]
    # no shift: the groups overlap
    assert program.iloc[6:].min() < program.iloc[:6].max()


@pytest.mark.parametrize("method", ["ulm", "ssgsea"])
def test_orientation_does_not_matter(method):
    expression, sets = _samples(3, 0.8)
    score = scoring.sample_ulm if method == "ulm" else scoring.sample_ssgsea
    pd.testing.assert_frame_equal(score(expression, sets), score(expression.T, sets))


def test_orientation_with_more_samples_than_genes():
    expression, sets = _samples(4, 0.8)
    small = expression.iloc[:, :60]  # 12 samples x 60 genes: shape cannot tell
    wide = pd.concat([small] * 10, ignore_index=True).set_axis([f"S{i}" for i in range(120)])
    assert scoring.samples_by_genes(wide.T, sets["target"]).shape == (120, 60)
    with pytest.raises(ValueError, match="no gene-set member"):
        scoring.samples_by_genes(wide.set_axis(range(60), axis=1), sets["target"])


def test_running_sum_maximum_is_gseapy_enrichment_score():
    rng = np.random.default_rng(5)
    genes = [f"G{i:04d}" for i in range(800)]
    values = rng.normal(size=800)
    values[:25] += 1.2
    stat = scoring.ranking(pd.DataFrame({"gene_name": genes, "stat": values}))
    members = genes[:25]
    curve = scoring.running_sum(stat, members)
    es = curve[np.argmax(np.abs(curve))]
    sets = pd.DataFrame({"source": "P", "target": members})
    gsea = scoring.prerank(stat, sets, permutations=100, min_size=5)
    assert es == pytest.approx(gsea.loc[0, "es"], abs=1e-6)
    assert curve[-1] == pytest.approx(0.0, abs=1e-9)


def test_phenotype_correlation_finds_the_planted_association():
    rng = np.random.default_rng(6)
    samples = [f"S{i}" for i in range(20)]
    killing = pd.Series(rng.uniform(5, 40, size=20), index=samples)
    scores = pd.DataFrame(
        {
            "cytotoxic": killing / 10 + rng.normal(0, 0.3, 20),
            "unrelated": rng.normal(size=20),
            "flat": np.ones(20),
        },
        index=samples,
    )
    table = scoring.phenotype_correlation(scores, killing.where(killing.index != "S0"))
    top = table.iloc[0]
    assert top["feature"] == "cytotoxic" and top["n"] == 19
    assert top["spearman_rho"] > 0.9 and top["spearman_fdr"] < 1e-6
    assert table.set_index("feature").loc["unrelated", "spearman_fdr"] > 0.05
    assert "flat" not in set(table["feature"])  # constant scores cannot correlate


def test_gseapy_orientation_reference():
    # gseapy's ssgsea takes genes x samples; passing it samples x genes is the classic bug
    expression, sets = _samples(7, 1.0)
    ours = scoring.sample_ssgsea(expression, sets)
    direct = gseapy.ssgsea(
        data=expression.T,
        gene_sets={k: list(v["target"]) for k, v in sets.groupby("source")},
        outdir=None,
        min_size=3,
        seed=42,
        no_plot=True,
        verbose=False,
    ).res2d.pivot(index="Name", columns="Term", values="NES")
    np.testing.assert_allclose(
        ours["PROGRAM"].to_numpy(), direct.loc[ours.index, "PROGRAM"].astype(float), rtol=1e-9
    )
