"""Ligand names, signatures, activity, receptors and calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control, norm

from tenseq.ligands import activity as ligand_activity
from tenseq.ligands import calls as ligand_calls
from tenseq.ligands import selection as ligand_selection
from tenseq.ligands import signatures as ligands


@pytest.fixture(scope="module")
def curated() -> pd.DataFrame:
    return ligands.curated_ligands()


@pytest.fixture(scope="module")
def cytosig() -> pd.DataFrame:
    return ligands.load_signature("cytosig")


@pytest.fixture(scope="module")
def secact() -> pd.DataFrame:
    return ligands.load_signature("secact")


@pytest.mark.parametrize(
    ("mouse", "human", "cytosig_name"),
    [
        ("Ccl2", "CCL2", ""),
        ("Csf3", "CSF3", "GCSF"),
        ("Tgfb1", "TGFB1", "TGFB1"),
        ("Ifnb1", "IFNB1", "IFN1"),
        ("Hgf", "HGF", "HGF"),
        ("Il1b", "IL1B", "IL1B"),
        ("Il17a", "IL17A", "IL17A"),
        ("Csf2", "CSF2", "GMCSF"),
    ],
)
def test_curated_orthology(curated, mouse, human, cytosig_name):
    row = curated.set_index("mouse_symbol").loc[mouse]
    assert row["human_symbol"] == human and row["cytosig"] == cytosig_name
    # the curated name wins over an automatic table that gets it wrong (CCL2 -> CCL13)
    wrong = pd.DataFrame({"human_symbol": [human], "mouse_symbol": ["Ccl13"]})
    assert ligands.mouse_symbol(human, curated, wrong) == mouse


def test_mouse_only_and_unknown_ligands(curated):
    ccl12 = curated.set_index("mouse_symbol").loc["Ccl12"]
    assert ccl12["human_symbol"] == "" and ccl12["family"] == "CCR2 chemokines"
    table = pd.DataFrame({"human_symbol": ["SPP1"], "mouse_symbol": ["Spp1"]})
    assert ligands.mouse_symbol("SPP1", curated, table) == "Spp1"
    assert ligands.mouse_symbol("GDF15", curated, None) == "Gdf15"  # re-cased


def test_every_cytosig_ligand_has_a_human_symbol(curated, cytosig):
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    assert len(cytosig.columns) == 43
    assert symbols["GCSF"] == "CSF3" and symbols["TNFA"] == "TNF" and symbols["IFN1"] == "IFNB1"
    assert symbols["Activin A"] == "INHBA" and symbols["IFNL"] == "IFNL1"
    unnamed = [c for c, s in symbols.items() if s == c and not c.isupper()]
    assert unnamed == []


def test_sources_cover_different_ligands(curated, cytosig, secact):
    cyto = set(ligands.ligand_symbols(list(cytosig.columns), curated).values())
    sec = set(secact.columns)
    assert "CCL2" in sec and "CCL2" not in cyto  # CytoSig has no CCL2
    assert "IFNB1" in cyto and "IFNB1" not in sec  # SecAct has no IFN-beta
    assert len(sec) > 1000


def test_cytosig_expanded_signature_extends_the_stringent_one(curated, cytosig, monkeypatch):
    """CytoSig's expanded signature: the 43 cytokines recomputed on more experiments, plus 8."""
    expand = ligands.load_signature("cytosig_expand")
    assert expand.shape == (6466, 51)
    assert set(cytosig.columns) < set(expand.columns)
    added = {"TGFA", "TGFB2", "NRG1", "IGF1", "INS", "GDNF", "HMGB1", "PGE2"}
    assert set(expand.columns) - set(cytosig.columns) == added
    shared = cytosig.index.intersection(expand.index)
    same = expand.loc[shared, "IFNG"].corr(cytosig.loc[shared, "IFNG"])
    il13 = expand.loc[shared, "IL13"].corr(cytosig.loc[shared, "IL13"])
    assert same > 0.99 and 0.7 < il13 < 0.95  # IL13 rests on more experiments there
    symbols = ligands.ligand_symbols(list(expand.columns), curated)
    assert symbols["GCSF"] == "CSF3" and symbols["PGE2"] == "PGE2"
    # every one of them is in the curated table (family, receptors, mouse symbol)
    assert set(symbols.values()) <= set(curated["human_symbol"]) | set(curated["cytosig"])

    import importlib.metadata

    def missing(_name):
        raise importlib.metadata.PackageNotFoundError("CytoSig")

    monkeypatch.setattr(importlib.metadata, "files", missing)
    with pytest.raises(ligands.InputError, match="CytoSig package's signature.centroid.expand"):
        ligands.load_signature("cytosig_expand")


def test_gene_mapping_one_to_one_only():
    signature = pd.DataFrame({"L": [1.0, 2.0, 3.0, 4.0]}, index=["CYBB", "CCL3", "ACTB", "XIST"])
    orthologs = pd.DataFrame(
        {
            "human_symbol": ["CYBB", "CCL3", "CCL3", "ACTB"],
            "mouse_symbol": ["Cybb", "Ccl3", "Ccl9", "Actb"],
        }
    )
    mapped, note = ligands.map_genes(signature, "mouse", orthologs)
    assert list(mapped.index) == ["Cybb", "Actb"]  # CCL3 is one-to-many: dropped
    assert "2 of 4 signature genes (50.0%)" in note
    recased, note = ligands.map_genes(signature, "mouse")
    assert "Cybb" in recased.index and "re-cased" in note


# ---------------------------------------------------------------- activity
def _plant(signature: pd.DataFrame, plants: dict[str, float], seed: int, n_top: int = 150):
    """Wald-like noise plus responses: each ligand's top genes, with noisy, shuffled weights."""
    rng = np.random.default_rng(seed)
    stat = pd.Series(rng.normal(size=len(signature)), index=signature.index)
    for ligand, sign in plants.items():
        z = (signature[ligand] - signature[ligand].mean()) / signature[ligand].std()
        top = z.abs().nlargest(n_top).index
        # the planted response keeps only the direction of each top gene, at a random size
        stat[top] += sign * np.sign(z[top]) * rng.uniform(0.5, 2.0, size=n_top)
    return stat


def _noise_rows(genes: pd.Index, d: int, seed: int) -> pd.DataFrame:
    """d residual rows of independent noise (a design with d residual degrees of freedom)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(d, len(genes))), columns=genes)


def _activity(stat, signature, symbols, residuals=None, source="cytosig"):
    """One source's activity table, ligands named by their human symbols."""
    fit = ligand_activity.SourceFit.build(stat, signature.rename(columns=symbols), residuals)
    return ligand_activity.contrast_activity(stat, fit, source)


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


def test_planted_driver_and_suppressor_come_out_with_their_signs(curated, cytosig):
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    aucs = []
    for seed in (1, 2, 3):
        stat = _plant(cytosig, {"GCSF": 1.0, "TGFB1": -1.0, "IFNG": 1.0}, seed)
        residuals = _noise_rows(stat.index, 10, seed + 100)
        table = _activity(stat, cytosig, symbols, residuals).set_index("ligand")
        assert table.loc["CSF3", "z"] > 3 and table.loc["IFNG", "z"] > 3
        assert table.loc["TGFB1", "z"] < -3
        assert np.sign(table.loc["CSF3", "ulm_score"]) == 1  # ULM agrees on the sign
        assert table["null"].iloc[0].startswith("rotation (10 residual df")
        planted = table.index.isin(["CSF3", "TGFB1", "IFNG"])
        ranks = table["z"].abs().rank()
        aucs.append(
            (ranks[planted].mean() - (planted.sum() + 1) / 2) / (~planted).sum()
        )  # Mann-Whitney AUROC from ranks
    assert min(aucs) >= 0.85, aucs


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_null_statistic_gives_no_calls(curated, cytosig, secact, seed):
    rng = np.random.default_rng(seed)
    genes = cytosig.index.union(secact.index)
    stat = pd.Series(rng.normal(size=len(genes)), index=genes)
    residuals = _noise_rows(genes, 8, seed)
    parts = [
        _activity(stat, sig, ligands.ligand_symbols(list(sig.columns), curated), residuals, name)
        for name, sig in (("cytosig", cytosig), ("secact", secact))
    ]
    table = ligand_activity.combine_sources(pd.concat(parts, ignore_index=True))
    assert (table["fdr"] >= 0.1).all(), table.nsmallest(3, "fdr")


def _structured_samples(seed: int, z: pd.DataFrame, *, planted: float = 0.0, paired=False):
    """12 samples sharing IFNG, TNFA and IL6 responses of random strength.

    Labels are random (a null) unless ``planted``: then the second group also
    carries that much G-CSF response. ``paired``: six donors with one sample
    per group and a donor effect. Returns the Wald-like statistic, the
    residual effects of the design model and the design.
    """
    rng = np.random.default_rng(seed)
    load = rng.normal(0, 0.3, size=(12, 3))
    expression = rng.normal(size=(12, len(z))) + load @ z[["IFNG", "TNFA", "IL6"]].T.to_numpy()
    if paired:
        donor = np.repeat(np.arange(6), 2)
        labels = np.tile([False, True], 6)
        expression += rng.normal(0, 1, size=(6, len(z)))[donor]
    else:
        donor = np.zeros(12, int)
        labels = rng.permutation([0] * 6 + [1] * 6).astype(bool)
        if planted:
            labels = np.array([False] * 6 + [True] * 6)
    expression[labels] += planted * z["GCSF"].to_numpy()
    obs = pd.DataFrame(
        {"condition": np.where(labels, "b", "a"), "donor": [f"d{d}" for d in donor]},
        index=[f"s{i}" for i in range(12)],
    )
    design = "~ donor + condition" if paired else "~ condition"
    model = ligand_activity.design_matrix(obs, design)
    frame = pd.DataFrame(expression.T, index=z.index, columns=obs.index)
    residuals = ligand_activity.residual_effects(frame, model)
    coef, *_ = np.linalg.lstsq(model, expression, rcond=None)
    fitted = expression - model @ coef
    sigma = np.sqrt((fitted**2).sum(axis=0) / (12 - np.linalg.matrix_rank(model)))
    unscaled = np.linalg.inv(model.T @ model)[-1, -1]
    stat = pd.Series(coef[-1] / (sigma * np.sqrt(unscaled)), index=z.index)
    return stat, residuals


def test_label_permuted_null_gives_no_calls(curated, cytosig):
    """Random groups of samples that vary in ligand responses: no calls after the rotation test.

    Under a complete null, BH at FDR 0.1 makes any call in a run with probability
    at most 0.1, so over 5 seeds at most one run may have one; the uncorrected
    gene-permutation null calls the varying responses in every run.
    """
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    z = (cytosig - cytosig.mean()) / cytosig.std()
    raw_calls, rotation_calls = [], []
    for seed in (21, 22, 23, 24, 25):
        stat, residuals = _structured_samples(seed, z)
        assert residuals.shape == (10, len(z))  # 12 samples, 2 model terms
        table = _activity(stat, cytosig, symbols, residuals).set_index("ligand")
        assert table.loc[["IFNG", "TNF", "IL6"], "inflation"].min() > 2
        raw = 2 * norm.sf(table["z_raw"].abs())
        raw_calls.append(int((false_discovery_control(raw, method="bh") < 0.1).sum()))
        combined = ligand_activity.combine_sources(table.reset_index())
        rotation_calls.append(int((combined["fdr"] < 0.1).sum()))
    assert min(raw_calls) >= 3, raw_calls
    assert max(rotation_calls) <= 1 and sum(c > 0 for c in rotation_calls) <= 1, rotation_calls


@pytest.mark.parametrize("paired", [False, True])
def test_rotation_keeps_a_real_group_difference(curated, cytosig, paired):
    """The same structure plus a planted G-CSF response stays called, also in a paired design.

    Paired (``~ donor + condition``, one sample per donor and group): the
    residuals come from the full model (5 residual df here), never from
    donor x condition cells of one sample, which are all zero.
    """
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    z = (cytosig - cytosig.mean()) / cytosig.std()
    stat, residuals = _structured_samples(31, z, planted=0.25, paired=paired)
    assert len(residuals) == (5 if paired else 10)
    assert (residuals.abs().to_numpy().sum(axis=0) > 0).all()
    table = _activity(stat, cytosig, symbols, residuals)
    adjusted = ligand_activity.combine_sources(table).set_index("ligand")
    # G-CSF comes out on top or second to M-CSF, whose response overlaps it; the rotation
    # test on 10 (5) residual df is stricter than a normal null (FDR 0.026 unpaired)
    assert "CSF3" in adjusted["z"].abs().nlargest(2).index
    assert adjusted.loc["CSF3", "z"] > 3 and adjusted.loc["CSF3", "fdr"] < 0.05


def test_too_few_residual_df_fall_back_to_the_gene_permutation_null(curated, cytosig):
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    stat = _plant(cytosig, {"IFNG": 1.0}, seed=6)
    table = _activity(stat, cytosig, symbols, _noise_rows(stat.index, 1, 6))
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
    stat = _plant(secact, {"IFNG": 1.0}, seed=4, n_top=300)
    fit = ligand_activity.SourceFit.build(stat, secact, _noise_rows(stat.index, 8, 4))
    alone, given = fit.activity()["z_raw"], fit.activity(["IFNG"])["z_raw"]
    assert alone["CXCL10"] > 3
    assert abs(given["CXCL10"]) < alone["CXCL10"] / 2


def test_contrasts_of_one_fit_share_the_ridge_map(cytosig):
    """The cached ridge map gives the same activity as a fresh one, once per source and genes."""
    rng = np.random.default_rng(2)
    residuals = _noise_rows(cytosig.index, 6, 2)
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


def _selection(secact, plants: dict[str, float], seed: int):
    z = (secact - secact.mean()) / secact.std()
    z = z.sub(z.mean(axis=1), axis=0)
    rng = np.random.default_rng(seed)
    stat = pd.Series(rng.normal(size=len(z)), index=z.index)
    for ligand, size in plants.items():
        stat += size * z[ligand]
    fit = ligand_activity.SourceFit.build(stat, secact, _noise_rows(stat.index, 12, seed))
    return ligand_selection.evaluator({"secact": fit})


def test_forward_selection_keeps_collinear_signatures_out(secact):
    """One TGF-beta1 and one IFN-gamma response make hundreds of SecAct ligands significant.

    SecAct's stromal and ECM signatures are collinear with its TGF-beta1 response
    (planted here from SecAct itself, to test the selection, not the inference).
    Within SecAct the TGF-beta1 response is not separable from them: forward
    selection picks IFNG and one representative of the TGF-beta1 block.
    """
    evaluate = _selection(secact, {"IFNG": 0.3, "TGFB1": -0.3}, seed=5)
    marginal = evaluate(())
    selected, conditional = ligand_selection.forward_select(
        evaluate, set(secact.columns), {}, max_selected=5
    )
    assert (ligand_selection.fdr(marginal) < 0.1).sum() > 500
    assert "IFNG" in selected[:2] and conditional["IFNG"] > 5 and len(selected) <= 5
    first = selected[0] if selected[0] != "IFNG" else selected[1]
    assert np.corrcoef(secact[first], secact["TGFB1"])[0, 1] > 0.5  # the TGF-beta1 block


def test_selection_skips_responders_and_keeps_one_per_family(secact):
    """An IFN-gamma response: its induced chemokines and its relatives are not selected.

    CXCL10 and CXCL11 (secreted under IFN-gamma) are ineligible as responders;
    with IFNG, IFNL1 and IL27 in one family only one of them is selected, and
    the selected one is IFNG (its activity survives the others regressed out).
    """
    evaluate = _selection(secact, {"IFNG": 0.4}, seed=8)
    family = {"IFNG": "interferons", "IFNL1": "interferons", "IL27": "interferons"}
    eligible = set(secact.columns) - {"CXCL10", "CXCL11"}
    selected, conditional = ligand_selection.forward_select(
        evaluate, eligible, family, max_selected=3
    )
    assert selected[0] == "IFNG" and conditional["IFNG"] > 5
    assert not {"CXCL10", "CXCL11", "IFNL1", "IL27"} & set(selected)
    # without the rules the responders compete: a selected responder would explain IFNG away
    free, _ = ligand_selection.forward_select(evaluate, set(secact.columns), {}, max_selected=3)
    assert free[0] == "IFNG"  # specific evidence still puts the cytokine first


def test_target_genes_carry_the_activity(cytosig):
    stat = _plant(cytosig, {"IFNG": 1.0}, seed=9, n_top=100)
    z = pd.Series({"IFNG": 6.0, "TGFB1": 0.1})
    targets = ligand_calls.target_genes({"cytosig": cytosig}, stat, z)
    genes = targets["IFNG"].split(",")
    assert len(genes) == 10
    weights = (cytosig["IFNG"] - cytosig["IFNG"].mean()) / cytosig["IFNG"].std()
    top = set(weights.abs().nlargest(100).index)
    assert set(genes) <= top  # each listed gene is a planted (top) IFN-gamma target
    assert all(np.sign(weights[g]) == np.sign(stat[g]) for g in genes)


# ---------------------------------------------------------------- calls
def test_receptor_complexes_need_every_subunit(curated):
    options = ligand_calls.receptor_options("Tgfb1", curated, None)
    assert options == ["Tgfbr1_Tgfbr2"]
    assert ligand_calls.receptor_check(options, {"Tgfbr1"}) == ("", False)
    assert ligand_calls.receptor_check(options, {"Tgfbr1", "Tgfbr2"}) == ("Tgfbr1_Tgfbr2", True)
    pairs = pd.DataFrame({"ligand": ["Spp1", "Spp1"], "receptor": ["Cd44", "Itgav_Itgb3"]})
    assert ligand_calls.receptor_options("Spp1", curated, pairs) == ["Cd44", "Itgav_Itgb3"]


def test_program_inside_a_signature():
    rng = np.random.default_rng(0)
    genes = [f"G{i}" for i in range(2000)]
    sig = pd.DataFrame(rng.normal(size=(2000, 2)), index=genes, columns=["UP", "NONE"])
    sig.loc[genes[:6], "UP"] += 3
    out = ligand_calls.program_in_signature(sig, genes[:6])
    assert out.loc["UP", "program_z"] > 4 and abs(out.loc["NONE", "program_z"]) < 3
    assert out["program_genes"].eq(6).all()
    assert ligand_calls.program_in_signature(sig, ["G1", "absent"])["program_z"].isna().all()


def test_simulated_tgfb_suppresses_and_csf3_drives(curated, cytosig):
    """Samples whose TGF-beta response is high kill less; those with G-CSF response kill more."""
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    z = (cytosig - cytosig.mean()) / cytosig.std()
    rng = np.random.default_rng(8)
    killing = rng.uniform(-1, 1, size=16)  # per-sample cytotoxicity
    tgfb = -killing + rng.normal(0, 0.3, 16)
    gcsf = killing + rng.normal(0, 0.3, 16)
    expression = (
        np.outer(tgfb, z["TGFB1"]) + np.outer(gcsf, z["GCSF"]) + rng.normal(0, 1, (16, len(z)))
    )
    samples = [f"S{i:02d}" for i in range(16)]
    frame = pd.DataFrame(expression.T, index=z.index, columns=samples)
    activity = ligand_activity.sample_activity(frame, cytosig, symbols)
    rho = ligand_calls.sample_correlation(activity, pd.Series(killing, index=samples))
    # planted |r| ~0.95 between response and killing, diluted by inference noise
    assert rho.loc["TGFB1", "sample_rho"] < -0.5
    assert rho.loc["CSF3", "sample_rho"] > 0.5
    # contrast of high- vs low-killing samples: the program goes up (direction +1)
    high = killing > 0
    stat = pd.Series(expression[high].mean(0) - expression[~high].mean(0), index=z.index)
    table = ligand_activity.combine_sources(_activity(stat, cytosig, symbols)).set_index("ligand")
    table = table.assign(receptor_expressed=True, sample_rho=rho["sample_rho"], selected=True)
    # the TGF-beta response is lower where killing is higher: a relieved suppressor
    assert ligand_calls.call(table.loc["TGFB1"], +1.0)[0] == "relieved suppressor"
    assert ligand_calls.call(table.loc["CSF3"], +1.0)[0] == "driver"
    # the reverse contrast (low- vs high-killing): TGF-beta response up, program down
    reverse = ligand_activity.combine_sources(_activity(-stat, cytosig, symbols))
    reverse = reverse.set_index("ligand").assign(receptor_expressed=True, selected=True)
    assert ligand_calls.call(reverse.loc["TGFB1"], -1.0)[0] == "suppressor"
    assert ligand_calls.call(reverse.loc["CSF3"], -1.0)[0] == "driver"


@pytest.mark.parametrize(
    ("z", "direction", "conditional_fdr", "sign", "selected", "expected"),
    [
        (5.0, +1, 0.01, 1, True, "driver"),  # active in TENs, program up
        (-5.0, -1, 0.01, 1, True, "driver"),  # withdrawn where the program is down
        (5.0, -1, 0.01, 1, True, "suppressor"),  # active where the program is down
        (-5.0, +1, 0.01, 1, True, "relieved suppressor"),  # lower where the program is up
        (5.0, +1, 0.5, 1, True, "no call"),  # explained by the other selected ligands
        (5.0, 0, 0.01, 1, True, "active"),  # the program does not move: no direction claimed
        (-5.0, 0, 0.01, 1, True, "inactive"),
        (5.0, +1, 0.01, -1, True, "no call"),  # conditional activity against the marginal
        (5.0, +1, 0.01, 1, False, "no call"),  # not chosen by forward selection
    ],
)
def test_call_labels(z, direction, conditional_fdr, sign, selected, expected):
    row = pd.Series(
        {
            "z": z, "fdr": 1e-4, "sources": "cytosig", "z_conditional": sign * z / 2,
            "fdr_conditional": conditional_fdr, "explained_by": "", "receptor_expressed": True,
            "selected": selected,
        }
    )  # fmt: skip
    label, evidence = ligand_calls.call(row, float(direction))
    assert label == expected
    assert f"z={z:.2f}" in evidence and "given the selected ligands" in evidence


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


def test_cross_source_driver_and_suppressor(curated, cytosig, secact):
    """Responses planted from SecAct, inferred with CytoSig: IFN-gamma up, TGF-beta1 down.

    Not circular: the two sources were built independently (SecAct from secreted-protein
    co-expression in tissues, CytoSig from cytokine-treatment experiments). SecAct's
    signatures share a common component, removed before planting (each gene centred over
    the ligands both sources cover). The sources agree on IFNG and TGFB1; they disagree
    on others (see the next test), which no method can recover across sources.
    """
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    shared = sorted(set(symbols.values()) & set(secact.columns))
    z = secact[shared]
    z = (z - z.mean()) / z.std()
    z = z.sub(z.mean(axis=1), axis=0)
    genes = cytosig.index.union(secact.index)
    for seed in (1, 2, 3):
        rng = np.random.default_rng(seed)
        stat = pd.Series(rng.normal(size=len(genes)), index=genes)
        stat.loc[z.index] += 0.3 * z["IFNG"] - 0.3 * z["TGFB1"]
        table = _activity(stat, cytosig, symbols, _noise_rows(genes, 8, seed))
        table = table.set_index("ligand").loc[shared]
        assert table.loc["IFNG", "z"] > 0 > table.loc["TGFB1", "z"]
        planted = table.index.isin(["IFNG", "TGFB1"])
        ranks = table["z"].abs().rank()
        auroc = (ranks[planted].sum() - 3) / (2 * (~planted).sum())
        assert auroc >= 0.85, (seed, auroc)


def test_sources_disagree_on_some_ligands(curated, cytosig, secact):
    """Where CytoSig and SecAct agree and where they do not (why CSF3 is not validated above)."""
    symbols = ligands.ligand_symbols(list(cytosig.columns), curated)
    renamed = cytosig.rename(columns=symbols)
    genes = renamed.index.intersection(secact.index)
    corr = {
        ligand: np.corrcoef(renamed.loc[genes, ligand], secact.loc[genes, ligand])[0, 1]
        for ligand in ("IFNG", "TGFB1", "IL1B", "CSF3", "IL6")
    }
    assert corr["IFNG"] > 0.45 and corr["IL1B"] > 0.5 and corr["TGFB1"] > 0.3
    assert corr["CSF3"] < 0.3 and corr["IL6"] < 0.25


def test_family_calls():
    """A family is called when its Stouffer z passes and one member is called."""
    table = pd.DataFrame(
        {
            "ligand": ["IFNG", "IFNB1", "BMP2", "BMP6", "IL12A", "CCL2", "CCL7"],
            "family": ["IFN", "IFN", "BMP", "BMP", "IL12A", "CCR2", "CCR2"],
            "z": [8.0, 6.0, -4.0, -4.0, 5.0, 0.5, -0.2],
            "fdr_conditional": [1e-6, 0.8, 0.3, 0.5, 1e-4, 0.9, 0.9],
            "call": ["driver", "no call", "no call", "no call", "driver", "no call", "no call"],
        }
    )
    table = pd.concat([table, ligand_calls.family_scores(table)], axis=1)
    calls = ligand_calls.family_calls(table, +1.0).set_axis(table["ligand"])
    assert calls["IFNG"] == calls["IFNB1"] == "driver"  # IFNB1 shares the family's call
    assert calls["BMP2"] == calls["BMP6"] == "no call"  # no member called
    assert calls["IL12A"] == "driver"  # a ligand alone carries its own call
    assert calls["CCL2"] == calls["CCL7"] == "no call"  # no family activity
    assert ligand_calls.family_calls(table, -1.0).iloc[0] == "suppressor"
    assert ligand_calls.family_calls(table, 0.0).iloc[0] == "active"  # program unchanged


def test_explaining_ligand_follows_the_direction_of_the_activities():
    rng = np.random.default_rng(2)
    base = rng.normal(size=(500, 2))
    sig = pd.DataFrame(
        {
            "A": base[:, 0],
            "B": base[:, 1],
            "LIKE_A": base[:, 0] + 0.5 * rng.normal(size=500),
            "ANTI_B": -base[:, 1] + 0.5 * rng.normal(size=500),
        }
    )
    z = pd.Series({"A": 8.0, "B": 6.0, "LIKE_A": 5.0, "ANTI_B": -4.0})
    named = ligand_calls.explaining_ligand(sig, ["A", "B"], z)
    assert named["LIKE_A"] == "A" and named["ANTI_B"] == "B"
    assert named["A"] == "B" and named["B"] == "A"  # never itself
    # an activity against the signature's direction is not explained by it
    z["ANTI_B"] = 4.0
    assert ligand_calls.explaining_ligand(sig, ["A", "B"], z)["ANTI_B"] == "A"


def test_induced_ligands_are_flagged_as_responders():
    """Own gene induced: a top target of a stronger ligand, or unmeasured and a stronger
    ligand is not induced itself (CXCL10 under IFN-gamma); an uninduced ligand never is."""
    genes = [f"G{i}" for i in range(300)] + ["ISG15"]
    rng = np.random.default_rng(1)
    sig = pd.DataFrame(rng.normal(size=(301, 2)), index=genes, columns=["IFNG", "TGFB1"])
    sig.loc["ISG15", "IFNG"] = 50.0  # ISG15 is IFN-gamma's top target
    table = pd.DataFrame(
        {"mouse_symbol": ["IFNG", "ISG15", "CXCL10", "TGFB1", "IL6"]},
        index=["IFNG", "ISG15", "CXCL10", "TGFB1", "IL6"],
    )
    de = pd.DataFrame(
        {
            "gene_name": ["ISG15", "CXCL10", "IL6", "IFNG"],
            "log2FoldChange": [4.0, 12.0, 3.0, 0.1],
            "padj": [1e-10, 1e-50, 1e-5, 0.9],
        }
    )
    flags = ligand_calls.downstream_of(
        table, de, {"s": sig}, upstream=["IFNG", "CXCL10", "IL6", "TGFB1"], top_targets=5
    )
    assert flags["ISG15"] == "IFNG" and flags["CXCL10"] == "IFNG"
    assert flags["IFNG"] == flags["TGFB1"] == ""  # not induced
    assert flags["IL6"] == "IFNG"  # induced, unmeasured, weaker than an uninduced IFNG
    # the strongest ligand is never flagged by a weaker one
    first = ligand_calls.downstream_of(table, de, {"s": sig}, upstream=["CXCL10", "IFNG"])
    assert first["CXCL10"] == ""
