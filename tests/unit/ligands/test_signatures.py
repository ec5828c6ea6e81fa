"""Ligand names across species and sources, and the signatures tenseq loads."""

from __future__ import annotations

import pandas as pd
import pytest

from tenseq.ligands import signatures as ligands


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
