"""The ligand stage on loaded tables: CytoSig and a planted IFN-gamma response."""

from __future__ import annotations

import anndata as ad
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from tenseq.ligands import signatures, stage, validation
from tenseq.ligands.settings import SECTION, Settings

CONTRAST = "treated_vs_control"


@pytest.fixture(scope="module")
def tables() -> stage.Tables:
    """CytoSig, the curated table, and receptor pairs every ligand can use (IFNG: its own)."""
    cytosig = signatures.load_signature("cytosig")
    curated = signatures.curated_ligands()
    ligands = signatures.ligand_symbols(list(cytosig.columns), curated).values()
    pairs = pd.DataFrame({"ligand": sorted(ligands), "receptor": "RCPT"})
    pairs.loc[pairs["ligand"] == "IFNG", "receptor"] = "IFNGR1_IFNGR2"
    return stage.Tables({"cytosig": cytosig}, curated, None, pairs, None)


@pytest.fixture(scope="module")
def settings(repo_dir) -> Settings:
    defaults = validation.default_settings(repo_dir / validation.SCHEMA)
    return Settings.from_section({**defaults, "sources": ["cytosig"]}, species="human")


def _run(tables: stage.Tables, settings: Settings, planted: float, seed: int) -> stage.Results:
    """8 samples of seeded VST noise (4 v 4) and a Wald statistic: planted * IFNG + noise."""
    rng = np.random.default_rng(seed)
    response = tables.signatures["cytosig"]["IFNG"]
    genes = response.index.append(pd.Index(["IFNGR1", "IFNGR2", "RCPT"]))
    samples = [f"S{i}" for i in range(8)]
    adata = ad.AnnData(
        X=rng.normal(size=(8, len(genes))),
        obs=pd.DataFrame({"condition": ["control", "treated"] * 4}, index=samples),
        var=pd.DataFrame({"gene_name": genes}, index=[f"G{i}" for i in range(len(genes))]),
    )
    adata.layers["vst"] = adata.X
    weight = ((response - response.mean()) / response.std()).reindex(genes).fillna(0.0)
    stat = planted * weight + rng.normal(size=len(genes))
    de = pd.DataFrame(
        {
            "gene_name": genes,
            "baseMean": 100.0,
            "log2FoldChange": 0.1 * stat.to_numpy(),  # below 1: no ligand's own gene is induced
            "stat": stat.to_numpy(),
            "padj": np.minimum(1.0, 2 * norm.sf(np.abs(stat.to_numpy())) * len(genes)),
        }
    )
    program = list(rng.choice(response.index, size=12, replace=False))
    cytotoxicity = pd.concat(
        [
            pd.DataFrame({"level": "sample", "name": samples, "score": rng.normal(size=8)}),
            pd.DataFrame([{"level": "contrast", "name": CONTRAST, "score": 0.1, "pvalue": 0.6}]),
        ],
        ignore_index=True,
    )
    context = stage.Context.build(adata, tables, settings, program, cytotoxicity)
    return context, stage.run(context, {CONTRAST: de})


def test_planted_ifng_response_is_row_one(tables, settings):
    # half a standard deviation of IFNG's response per gene, under unit noise (z ~ 14)
    context, results = _run(tables, settings, planted=0.5, seed=7)
    table = results.tables[CONTRAST]
    first = table.iloc[0]
    assert (first["rank"], first["ligand"]) == (1, "IFNG")
    assert first["z"] > 8 and first["fdr"] < 1e-6
    assert first["receptor"] == "IFNGR1_IFNGR2" and first["selected"]
    # the cytotoxic program does not move (p = 0.6): an active ligand, not a driver
    assert first["call"] == "active"
    assert first["null"].startswith("rotation (6 residual df")  # 8 samples, 2 model terms
    assert (table["call"] != "no call").sum() <= 2
    # the signature plot's data: IFNG's CytoSig column first, against the statistic it
    # was planted in (r ~ 0.5 / sqrt(1.25)), its targets and the 12 program genes flagged
    top = results.top[CONTRAST]
    assert top["signature"].iloc[0] == "IFNG (cytosig)"
    ifng = top[top["signature"] == "IFNG (cytosig)"]
    assert len(ifng) == len(tables.signatures["cytosig"])
    assert 0.35 < np.corrcoef(ifng["weight"], ifng["stat"])[0, 1] < 0.55
    assert set(ifng.loc[ifng["target"], "gene"]) == set(first["targets"].split(","))
    assert ifng["program"].sum() == 12
    # one row per sample-level ligand score, every sample scored
    assert results.samples.shape == (table.shape[0], 8)
    # what ligands.h5ad carries: the tables, the sources' coverage, the plots' data
    adata = stage.annotated(ad.AnnData(np.zeros((1, 1))), context, results)
    assert adata.uns["ligands"][CONTRAST]["ligand"].iloc[0] == "IFNG"
    assert adata.uns["ligand_sources"]["source"].tolist() == ["cytosig"]
    assert adata.uns["ligand_signatures"][CONTRAST] is top


def test_noise_alone_calls_nothing(tables, settings):
    table = _run(tables, settings, planted=0.0, seed=7)[1].tables[CONTRAST]
    assert (table["call"] == "no call").all()
    assert table["fdr"].min() > 0.1


def test_settings_are_the_ligands_section_and_the_run_values(repo_dir):
    from tenseq.inputs import validate_config

    config = validate_config(
        {
            "samples": "s.tsv",
            "reference": {"species": "human"},
            "de": {"design": "~ donor + condition"},
            "ligands": {"sources": ["cytosig"], "alpha": 0.05, "secretome": "tumor.txt"},
        },
        repo_dir / "workflow" / "schemas" / "config.schema.yaml",
    )
    settings = Settings.from_config(config)
    assert (settings.sources, settings.alpha, settings.secretome) == (
        ("cytosig",),
        0.05,
        "tumor.txt",
    )
    assert (settings.species, settings.design) == ("human", "~ donor + condition")
    assert settings.programs == tuple(config["pathways"]["cytotoxicity_programs"])
    # every setting of the section is a field, nothing else of the config is
    assert set(SECTION) == set(config["ligands"]) - {"activate"}
    defaults = validation.default_settings(repo_dir / validation.SCHEMA)
    assert Settings.from_section(defaults).max_selected == defaults["max_selected"]
    # a tuple of plain values: Snakemake compares its repr to rerun the stage on a change
    assert eval(repr(settings), {"Settings": Settings}) == settings
