"""The pathway stage's entry functions on a seeded toy with planted up- and down-regulated sets.

The toy is 8 samples (4 naive, 4 TEN) x 600 genes from tenseq.datasets.toy: genes 0-39
differ between the groups by 2**±1.5 (even genes up in TEN, odd genes down), the rest do
not. The set UP holds the 20 up genes and is the cytotoxicity program, DOWN the 20 down
genes, NULL_* random unaffected genes. The vst layer is log2(normalized + 1) and the
contrast statistic a Welch t on it.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tenseq import sample_qc
from tenseq.datasets.toy import simulate_nb_counts
from tenseq.pathways import stage
from tenseq.pathways.settings import Settings

SETTINGS = dict(seed=42, min_size=3)


@pytest.fixture(scope="module")
def toy():
    adata, _ = simulate_nb_counts(
        600, (4, 4), seed=11, n_de=40, lfc=1.5, mean_log=6.0, sd_log=1.0, groups=["naive", "TEN"]
    )
    # sample_qc's vst fallback, log2(normalized + 1): pydeseq2's VST would add seconds
    counts = adata.layers["counts"].astype(float)
    adata.layers["vst"] = np.log2(counts / sample_qc.size_factors(counts)[:, None] + 1)
    genes = list(adata.var["gene_name"])
    rng = np.random.default_rng(3)
    rows = [("UP", g) for g in genes[0:40:2]] + [("DOWN", g) for g in genes[1:40:2]]
    for k in range(4):
        rows += [(f"NULL_{k}", g) for g in rng.choice(genes[40:], 25, replace=False)]
    rows += [("TOO_SMALL", genes[100]), ("TOO_SMALL", genes[101]), ("ABSENT", "notagene")]
    sets = pd.DataFrame(rows, columns=["source", "target"]).assign(collection="toy", description="")
    vst = sample_qc.vst_by_symbol(adata)
    ten = (adata.obs["condition"] == "TEN").to_numpy()
    t = stats.ttest_ind(vst[ten], vst[~ten], equal_var=False).statistic
    table = pd.DataFrame({"gene_name": vst.columns, "stat": t})
    model = pd.concat(
        [
            pd.DataFrame({"source": "PATH_UP", "target": genes[0:40:2], "weight": 1.0}),
            pd.DataFrame({"source": "PATH_NULL", "target": genes[300:330], "weight": 1.0}),
        ]
    )
    # a phenotype that follows the program: higher in TENs, with seeded noise
    adata.obs["phenotype"] = np.where(ten, 8.0, 4.0) + np.random.default_rng(5).normal(0, 0.5, 8)
    usable = stage.usable_sets(sets, adata, min_size=3, max_size=500)
    return adata, usable, table, model


def _samples(toy, model=None, **options):
    adata, sets, table, default_model = toy
    return stage.score_samples(
        adata,
        sets,
        default_model if model is None else model,
        {"TEN_vs_naive": table},
        programs=["UP"],
        ssgsea=options.get("ssgsea", False),
        phenotype=options.get("phenotype", False),
        collections=pd.DataFrame({"collection": ["toy"], "n_sets": [6]}),
        **SETTINGS,
    )


def test_usable_sets_drop_absent_genes_and_small_sets(toy):
    _, sets, _, _ = toy
    sizes = sets.groupby("source").size()
    assert sizes.to_dict() == {"DOWN": 20, "UP": 20} | {f"NULL_{k}": 25 for k in range(4)}


def test_contrast_finds_the_planted_sets_with_their_signs(toy):
    _, sets, table, _ = toy
    scores = stage.score_contrast(table, sets, permutations=200, seed=42, min_size=3, max_size=500)
    ulm = scores.ulm.set_index("set")
    assert ulm.loc["UP", "score"] > 5 and ulm.loc["UP", "fdr"] < 1e-6
    assert ulm.loc["DOWN", "score"] < -5 and ulm.loc["DOWN", "fdr"] < 1e-6
    assert (ulm.filter(like="NULL_", axis=0)["fdr"] > 0.05).all()
    gsea = scores.prerank.set_index("set")
    assert gsea.loc["UP", "nes"] > 1.5 and gsea.loc["DOWN", "nes"] < -1.5
    assert gsea.loc[["UP", "DOWN"], "fdr"].max() < 0.01
    assert set(scores.prerank["set"][:2]) == {"UP", "DOWN"}
    assert gsea.loc["UP", "size"] == 20


def test_cytotoxicity_table_follows_its_definition(toy):
    adata, _, table, _ = toy
    result = _samples(toy)
    cyto = result.cytotoxicity
    assert list(cyto.columns) == stage.CYTOTOXICITY_COLUMNS
    assert list(cyto["level"]) == ["sample"] * 8 + ["contrast"]
    program = list(adata.var["gene_name"][0:40:2])
    vst = sample_qc.vst_by_symbol(adata)[program]
    z = (vst - vst.mean()) / vst.std(ddof=1)  # each gene's z across samples
    per_sample = cyto.iloc[:8].set_index("name")
    np.testing.assert_allclose(per_sample["score"], z.mean(axis=1).loc[per_sample.index])
    assert list(per_sample["condition"]) == list(adata.obs["condition"].astype(str))
    assert (per_sample["ci_low"] <= per_sample["score"]).all()
    assert (per_sample["score"] <= per_sample["ci_high"]).all()
    assert (per_sample["n_genes"] == 20).all() and per_sample["pvalue"].isna().all()
    ten = per_sample["condition"] == "TEN"
    assert per_sample.loc[ten, "score"].min() > per_sample.loc[~ten, "score"].max()
    contrast = cyto.iloc[8]
    stat = table.set_index("gene_name")["stat"]
    assert contrast["name"] == "TEN_vs_naive" and contrast["condition"] == ""
    assert contrast["score"] == pytest.approx(stat.loc[program].mean())
    assert contrast["n_genes"] == 20 and contrast["pvalue"] < 1e-3
    assert np.isnan(contrast["ci_low"]) and np.isnan(contrast["ci_high"])


def test_sample_scores_progeny_and_the_annotated_anndata(toy):
    adata, _, _, _ = toy
    result = _samples(toy)
    ten = (adata.obs["condition"] == "TEN").to_numpy()
    assert list(result.ulm.columns) == sorted(result.ulm.columns)
    assert result.ulm.loc[ten, "UP"].min() > result.ulm.loc[~ten, "UP"].max()
    assert result.ulm.loc[ten, "DOWN"].max() < result.ulm.loc[~ten, "DOWN"].min()
    progeny = result.progeny
    assert list(progeny.columns) == stage.PROGENY_COLUMNS
    assert list(progeny["level"]) == ["contrast"] * 2 + ["sample"] * 16
    by_contrast = progeny[progeny["level"] == "contrast"].set_index("pathway")
    assert by_contrast.loc["PATH_UP", "score"] > 5 and by_contrast.loc["PATH_NULL", "fdr"] > 0.05
    assert progeny.loc[progeny["level"] == "sample", "pvalue"].isna().all()
    out = result.adata
    assert set(out.obsm) >= {"pathways_ulm", "progeny_ulm"} and "pathways_ssgsea" not in out.obsm
    np.testing.assert_allclose(out.obs["cytotoxicity_score"], result.cytotoxicity["score"][:8])
    assert out.uns["pathway_collections"]["n_sets"].tolist() == ["6"]
    assert "cytotoxicity_score" not in adata.obs  # the input is not changed
    assert result.ssgsea is None and result.phenotype is None


def test_ssgsea_and_phenotype_correlation(toy):
    adata, _, _, _ = toy
    result = _samples(toy, ssgsea=True, phenotype=True)
    ten = (adata.obs["condition"] == "TEN").to_numpy()
    assert result.ssgsea.loc[ten, "UP"].min() > result.ssgsea.loc[~ten, "UP"].max()
    assert "pathways_ssgsea" in result.adata.obsm
    correlation = result.phenotype.set_index("feature")
    assert {"ulm:UP", "ssgsea:UP", "progeny:PATH_UP", "cytotoxicity"} <= set(correlation.index)
    score = result.cytotoxicity["score"][:8].to_numpy()
    rho = stats.spearmanr(score, adata.obs["phenotype"]).statistic
    assert correlation.loc["cytotoxicity", "spearman_rho"] == pytest.approx(rho)
    assert rho > 0.6 and correlation.loc["ulm:DOWN", "spearman_rho"] < -0.6


def test_without_a_progeny_model_the_table_is_empty(toy):
    empty = pd.DataFrame(columns=["source", "target", "weight"])
    result = _samples(toy, model=empty)
    assert result.progeny.empty and list(result.progeny.columns) == stage.PROGENY_COLUMNS
    assert "progeny_ulm" not in result.adata.obsm


def test_running_sum_figure_shows_the_programs_then_the_top_sets():
    prerank = pd.DataFrame({"set": ["A", "PROG", "B", "C", "D", "E"]})
    sets = pd.DataFrame({"source": ["PROG", "PROG", "A", "B"], "target": ["x", "y", "z", "w"]})
    drawn = stage.sets_to_draw(prerank, sets, ["PROG"])
    assert list(drawn) == ["PROG", "A", "B", "C"]
    assert drawn["PROG"] == ["x", "y"] and drawn["C"] == []
    assert list(stage.sets_to_draw(prerank, sets, ["PROG"], n=2)) == ["PROG", "A"]


def test_the_samples_job_from_settings_and_its_tables_by_output(toy, repo_dir):
    from tenseq.inputs import validate_config

    config = validate_config(
        {"samples": "s.tsv", "pathways": {"ssgsea": False, "min_size": 3, "seed": 42}},
        repo_dir / "workflow" / "schemas" / "config.schema.yaml",
    )
    settings = Settings.from_config(config, phenotype=True)._replace(programs=("UP",))
    assert (settings.ssgsea, settings.phenotype, settings.max_size) == (False, True, 500)
    assert eval(repr(settings), {"Settings": Settings}) == settings
    adata, sets, table, model = toy
    collections = pd.DataFrame({"collection": ["toy"], "n_sets": [6]})
    job = stage.run_samples(
        adata, sets, model, {"TEN_vs_naive": table}, settings, collections=collections
    )
    direct = _samples(toy, phenotype=True)
    pd.testing.assert_frame_equal(job.cytotoxicity, direct.cytotoxicity)
    pd.testing.assert_frame_equal(job.phenotype, direct.phenotype)
    tables = stage.sample_tables(job)
    assert list(tables) == ["samples", "progeny", "cytotoxicity", "phenotype"]  # no ssGSEA
    assert tables["samples"].columns[0] == "sample"
    assert tables["samples"]["sample"].tolist() == list(job.ulm.index)
