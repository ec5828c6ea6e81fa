"""Ligand activity: closed-form ridge z against secactpy, the rotation null, shared ridge maps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from tenseq.ligands import activity as ligand_activity
from tenseq.ligands import signatures as ligands
from tests.unit.ligands.planted import activity_table, noise_rows, plant, structured_samples


def test_closed_form_z_equals_secactpy_permutations(cytosig):
    """The gene-permutation z in closed form matches secactpy's 1,000 seeded permutations."""
    rng = np.random.default_rng(3)
    stat = pd.Series(rng.normal(size=len(cytosig)), index=cytosig.index)
    stat += 0.2 * (cytosig["IFNG"] - cytosig["IFNG"].mean()) / cytosig["IFNG"].std()
    permuted = ligand_activity.ridge(stat.to_frame("c"), cytosig, n_rand=1000)["zscore"]["c"]
    exact = ligand_activity.competitive_z(
        stat.to_numpy()[None, :], ligand_activity.ridge_operator(cytosig)
    )[:, 0]
    assert np.corrcoef(exact, permuted.to_numpy())[0, 1] > 0.999
    # Monte Carlo error of 1,000 permutations: sd of a z is ~ z / sqrt(2000)
    np.testing.assert_allclose(exact, permuted.to_numpy(), atol=0.15, rtol=0.05)


def test_per_sample_z_in_closed_form_equals_secactpy_permutations(cytosig):
    """Every sample's exact z matches secactpy's seeded permutations within their error."""
    rng = np.random.default_rng(5)
    response = (cytosig["TGFB1"] - cytosig["TGFB1"].mean()) / cytosig["TGFB1"].std()
    strength = np.linspace(-0.3, 0.3, 6)
    frame = pd.DataFrame(
        np.outer(response, strength) + rng.normal(size=(len(cytosig), 6)),
        index=cytosig.index,
        columns=[f"S{i}" for i in range(6)],
    )
    exact = ligand_activity.sample_activity(frame, cytosig, {})
    permuted = ligand_activity.sample_activity(frame, cytosig, {}, n_rand=1000)
    np.testing.assert_allclose(exact.to_numpy(), permuted.to_numpy(), atol=0.15, rtol=0.05)
    # the planted gradient: TGFB1's activity rises with the planted strength, sign and order
    assert np.all(np.diff(exact.loc["TGFB1"].to_numpy()) > 0)
    assert exact.loc["TGFB1", "S0"] < -3 < 3 < exact.loc["TGFB1", "S5"]
    with pytest.raises(ValueError, match="only 3 genes shared"):
        ligand_activity.sample_activity(frame.iloc[:3], cytosig, {})


@pytest.mark.parametrize("paired", [False, True])
def test_rotation_keeps_a_real_group_difference(curated, cytosig, paired):
    """The same structure plus a planted G-CSF response stays called, also in a paired design.

    Paired (``~ donor + condition``, one sample per donor and group): the
    residuals come from the full model (5 residual df here), never from
    donor x condition cells of one sample, which are all zero.
    """
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    z = (cytosig - cytosig.mean()) / cytosig.std()
    stat, residuals = structured_samples(31, z, planted=0.25, paired=paired)
    assert len(residuals) == (5 if paired else 10)
    assert (residuals.abs().to_numpy().sum(axis=0) > 0).all()
    table = activity_table(stat, cytosig, symbols, residuals)
    adjusted = ligand_activity.combine_sources(table).set_index("ligand")
    # G-CSF comes out on top or second to M-CSF, whose response overlaps it; the rotation
    # test on 10 (5) residual df is stricter than a normal null (FDR 0.026 unpaired)
    assert "CSF3" in adjusted["z"].abs().nlargest(2).index
    assert adjusted.loc["CSF3", "z"] > 3 and adjusted.loc["CSF3", "fdr"] < 0.05


def test_too_few_residual_df_fall_back_to_the_gene_permutation_null(curated, cytosig):
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    stat = plant(cytosig, {"IFNG": 1.0}, seed=6)
    table = activity_table(stat, cytosig, symbols, noise_rows(stat.index, 1, 6))
    assert (table["z"] == table["z_raw"]).all() and (table["inflation"] == 1).all()
    assert table["null"].iloc[0] == "gene permutation only (1 residual df < 2: no correction)"


def test_squeeze_var_recovers_the_prior_degrees_of_freedom():
    """limma's fitFDist: variances drawn with a scaled inverse-chi2 prior of 6 df."""
    rng = np.random.default_rng(7)
    prior = 2.0 * 6 / rng.chisquare(6, size=20000)  # true variances, d0 = 6, s0^2 = 2
    s2 = prior * rng.chisquare(4, size=20000) / 4  # observed on 4 df
    d0, s0 = ligand_activity.squeeze_var(s2, 4)
    assert 5 < d0 < 7.5 and 1.8 < s0 < 2.2
    d0, _ = ligand_activity.squeeze_var(rng.chisquare(4, size=20000) / 4, 4)
    assert d0 > 100  # no prior variation: (almost) infinite prior df


def test_conditioning_on_the_upstream_ligand_removes_a_responder(secact):
    # IFN-gamma's response contains CXCL10; CXCL10's own signature overlaps it
    stat = plant(secact, {"IFNG": 1.0}, seed=4, n_top=300)
    fit = ligand_activity.SourceFit.build(stat, secact, noise_rows(stat.index, 8, 4))
    alone, given = fit.activity()["z_raw"], fit.activity(["IFNG"])["z_raw"]
    assert alone["CXCL10"] > 3
    assert abs(given["CXCL10"]) < alone["CXCL10"] / 2


def test_contrasts_of_one_fit_share_the_ridge_map(cytosig):
    """The cached ridge map gives the same activity as a fresh one, once per source and genes."""
    rng = np.random.default_rng(2)
    residuals = noise_rows(cytosig.index, 6, 2)
    operators: dict = {}
    tables = []
    for _ in range(2):  # two contrasts over the same genes
        stat = pd.Series(rng.normal(size=len(cytosig)), index=cytosig.index)
        cached = ligand_activity.SourceFit.build(stat, cytosig, residuals, operators=operators)
        fresh = ligand_activity.SourceFit.build(stat, cytosig, residuals)
        pd.testing.assert_frame_equal(cached.activity(), fresh.activity())
        tables.append(cached)
    assert len(operators) == 1 and tables[0].operator is tables[1].operator
    fewer = pd.Series(rng.normal(size=500), index=cytosig.index[:500])
    ligand_activity.SourceFit.build(fewer, cytosig, residuals, operators=operators)
    assert len(operators) == 2  # other genes, another map


def test_closed_form_ulm_equals_decoupler(cytosig):
    import decoupler as dc

    rng = np.random.default_rng(9)
    stat = pd.Series(rng.normal(size=len(cytosig)), index=cytosig.index)
    ours = ligand_activity.ulm(stat, cytosig)
    net = (
        cytosig.rename_axis("target")
        .reset_index()
        .melt(id_vars="target", var_name="source", value_name="weight")
    )
    scores, pvalues = dc.mt.ulm(stat.to_frame("c").T, net[net["weight"] != 0], tmin=5)
    np.testing.assert_allclose(ours["ulm_score"], scores.iloc[0][ours.index], rtol=1e-8)
    # decoupler 2 reports BH-adjusted p-values
    adjusted = false_discovery_control(ours["ulm_pvalue"].to_numpy(), method="bh")
    np.testing.assert_allclose(adjusted, pvalues.iloc[0][ours.index], rtol=1e-5)
