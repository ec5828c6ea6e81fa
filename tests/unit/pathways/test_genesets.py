import gzip

import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.pathways import genesets


def test_curated_programs_cite_sources_and_use_mouse_symbols():
    sets = genesets.curated_sets()
    assert genesets.symbol_species(sets["target"]) == "mouse"
    nox = set(sets.loc[sets["source"] == "TENSEQ_NADPH_OXIDASE_H2O2", "target"])
    assert {"Cybb", "Cyba", "Ncf1", "Ncf2", "Ncf4", "Rac2", "Cybc1"} <= nox
    for description in sets.drop_duplicates("source")["description"]:
        assert "PMID" in description  # every set names its source


def test_read_gmt_plain_and_gzip(tmp_path):
    text = "A\tdesc a\tX1\tX2\tX2\nB\tdesc b\tX3\n"
    (tmp_path / "s.gmt").write_text(text)
    with gzip.open(tmp_path / "s.gmt.gz", "wt") as handle:
        handle.write(text)
    plain = genesets.read_gmt(tmp_path / "s.gmt", collection="c")
    packed = genesets.read_gmt(tmp_path / "s.gmt.gz", collection="c")
    pd.testing.assert_frame_equal(plain, packed)
    assert plain.groupby("source")["target"].apply(list).to_dict() == {
        "A": ["X1", "X2"],
        "B": ["X3"],
    }


def test_bad_gmt_line(tmp_path):
    (tmp_path / "s.gmt").write_text("A only-a-description\n")
    with pytest.raises(InputError, match="row 1"):
        genesets.read_gmt(tmp_path / "s.gmt")


def test_map_human_sets_to_mouse_with_orthologs_and_by_case():
    sets = pd.DataFrame(
        {
            "source": ["S"] * 3,
            "target": ["CYBB", "TP53", "NCF1"],
            "collection": "c",
            "description": "d",
        }
    )
    orthologs = pd.DataFrame(
        {"human_symbol": ["CYBB", "TP53", "NCF1"], "mouse_symbol": ["Cybb", "Trp53", "Ncf1"]}
    )
    mapped, note = genesets.map_species(sets, "mouse", orthologs)
    assert sorted(mapped["target"]) == ["Cybb", "Ncf1", "Trp53"]
    assert "100.0%" in note
    recased, note = genesets.map_species(sets, "mouse")
    assert sorted(recased["target"]) == ["Cybb", "Ncf1", "Tp53"]
    assert "re-cased" in note


def test_filter_and_overlap():
    sets = pd.DataFrame(
        {
            "source": ["A", "A", "B"],
            "target": ["g1", "g2", "g3"],
            "collection": "c",
            "description": "d",
        }
    )
    kept = genesets.filter_sets(sets, ["g1", "g2", "g3"], min_size=2)
    assert set(kept["source"]) == {"A"}
    with pytest.raises(InputError, match="no gene of these gene sets is in the data"):
        genesets.check_overlap(sets, ["ENSMUSG1", "ENSMUSG2"], "sets.gmt")
