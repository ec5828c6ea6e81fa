"""Reading the ligand stage's tables (signatures, orthologs, receptor pairs, secretome)."""

from __future__ import annotations

import pytest

from tenseq.errors import InputError
from tenseq.ligands import sources, validation
from tenseq.ligands.settings import Settings


def test_load_tables_reads_what_the_settings_name(tmp_path, repo_dir):
    (tmp_path / "orthologs.tsv").write_text("human_symbol\tmouse_symbol\nIFNG\tIfng\n")
    (tmp_path / "pairs.tsv").write_text("ligand\treceptor\tnote\nIfng\tIfngr1_Ifngr2\tx\n")
    (tmp_path / "tumor.txt").write_text("# secreted by the tumor\nCcl2\n\nCsf3 \n")
    settings = Settings.from_section(
        {
            **validation.default_settings(repo_dir / validation.SCHEMA),
            "sources": ["cytosig"],
            "orthologs": str(tmp_path / "orthologs.tsv"),
            "receptors": str(tmp_path / "pairs.tsv"),
            "secretome": str(tmp_path / "tumor.txt"),
        },
        species="mouse",
    )
    tables = sources.load_tables(settings)
    assert list(tables.signatures) == ["cytosig"]
    assert tables.signatures["cytosig"].shape[1] == 43  # CytoSig's 43 cytokines
    assert tables.orthologs.to_dict("records") == [{"human_symbol": "IFNG", "mouse_symbol": "Ifng"}]
    assert tables.pairs.to_dict("records") == [{"ligand": "Ifng", "receptor": "Ifngr1_Ifngr2"}]
    assert tables.secretome == {"Ccl2", "Csf3"}
    assert "Ifng" in set(tables.curated["mouse_symbol"])


def test_secretome_table_and_receptor_errors(tmp_path):
    table = tmp_path / "secretome.tsv"
    table.write_text("gene_name\tlevel\nCcl2\thigh\nTgfb1\tlow\n")
    assert sources.read_secretome(str(table)) == {"Ccl2", "Tgfb1"}
    table.write_text("symbol\tlevel\nCcl2\thigh\n")
    with pytest.raises(InputError, match="gene_name column"):
        sources.read_secretome(str(table))
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\nIfng\tIfngr1\n")
    with pytest.raises(InputError, match="needs columns ligand and receptor"):
        sources.receptor_pairs(str(pairs), "mouse")
    assert sources.read_secretome(None) is None and sources.read_orthologs(None) is None
