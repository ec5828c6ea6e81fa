"""Gathering the collections a run scores: curated first, downloads when they come, user files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tenseq.pathways import collections as resources


def _settings(cache_dir: Path, **extra) -> dict:
    settings = {
        "curated": True,
        "gene_sets": [],
        "orthologs": None,
        "msigdb": {"collections": ["hallmark"], "version": "2024.1", "timeout": 5},
        "progeny": {"activate": True, "path": None, "top": 500},
        "cache_dir": str(cache_dir),
    }
    settings.update(extra)
    return settings


def test_offline_run_keeps_the_curated_programs(tmp_path):
    sets, manifest = resources.gather_gene_sets(_settings(tmp_path), "mouse")
    assert set(sets["collection"]) == {"tenseq_neutrophil_programs"}
    status = manifest.set_index("collection")["status"]
    assert status["tenseq_neutrophil_programs"] == "shipped"
    assert status["msigdb_mh.all"] == "unavailable"
    model, row = resources.gather_progeny(_settings(tmp_path), "mouse")
    assert model.empty and row["status"] == "unavailable"


def test_user_collections_are_mapped_and_listed(tmp_path, progeny_tsv):
    gmt = tmp_path / "human.gmt"
    gmt.write_text("ROS\tdesc\tCYBB\tNCF1\tNCF2\n")
    settings = _settings(
        tmp_path,
        gene_sets=[str(gmt)],
        msigdb={"collections": [], "version": "2024.1", "timeout": 5},
        progeny={
            "activate": True,
            "path": str(progeny_tsv),
            "top": 500,
        },
    )
    sets, manifest = resources.gather_gene_sets(settings, "mouse")
    assert set(sets.loc[sets["source"] == "ROS", "target"]) == {"Cybb", "Ncf1", "Ncf2"}
    assert manifest.set_index("collection").loc["human.gmt", "n_sets"] == 1
    model, row = resources.gather_progeny(settings, "mouse")
    assert row["status"] == "given" and len(model) == 14 * 500
    assert isinstance(model, pd.DataFrame)
