"""Gathering the collections a run scores: curated first, downloads when they come, user files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tenseq.pathways import collections as resources


def _sources(cache_dir: Path, **extra) -> resources.Sources:
    sources = resources.Sources(
        species="mouse",
        curated=True,
        msigdb=("hallmark",),
        msigdb_version="2024.1",
        timeout=5,
        gene_sets=(),
        orthologs=None,
        progeny=True,
        progeny_path=None,
        progeny_top=500,
        cache_dir=str(cache_dir),
    )
    return sources._replace(**extra)


def test_offline_run_keeps_the_curated_programs(tmp_path):
    sets, manifest = resources.gather_gene_sets(_sources(tmp_path))
    assert set(sets["collection"]) == {"tenseq_neutrophil_programs"}
    status = manifest.set_index("collection")["status"]
    assert status["tenseq_neutrophil_programs"] == "shipped"
    assert status["msigdb_mh.all"] == "unavailable"
    model, row = resources.gather_progeny(_sources(tmp_path))
    assert model.empty and row["status"] == "unavailable"


def test_user_collections_are_mapped_and_listed(tmp_path, progeny_tsv):
    gmt = tmp_path / "human.gmt"
    gmt.write_text("ROS\tdesc\tCYBB\tNCF1\tNCF2\n")
    sources = _sources(tmp_path, gene_sets=(str(gmt),), msigdb=(), progeny_path=str(progeny_tsv))
    sets, manifest = resources.gather_gene_sets(sources)
    assert set(sets.loc[sets["source"] == "ROS", "target"]) == {"Cybb", "Ncf1", "Ncf2"}
    assert manifest.set_index("collection").loc["human.gmt", "n_sets"] == 1
    model, row = resources.gather_progeny(sources)
    assert row["status"] == "given" and len(model) == 14 * 500
    assert isinstance(model, pd.DataFrame)


def test_sources_are_the_pathways_section_of_the_config(repo_dir, tmp_path):
    from tenseq.inputs import validate_config

    config = validate_config(
        {
            "samples": "s.tsv",
            "reference": {"species": "human"},
            "pathways": {"gene_sets": ["a.gmt"], "progeny": {"top": 100}, "msigdb": {"timeout": 9}},
        },
        repo_dir / "workflow" / "schemas" / "config.schema.yaml",
    )
    sources = resources.Sources.from_config(config)
    pathways = config["pathways"]
    assert (sources.species, sources.gene_sets, sources.progeny_top) == ("human", ("a.gmt",), 100)
    assert sources.msigdb == tuple(pathways["msigdb"]["collections"]) and sources.timeout == 9
    assert (sources.curated, sources.progeny, sources.progeny_path) == (True, True, None)
    assert sources.cache_dir == pathways["cache_dir"]
    # a tuple of plain values: Snakemake compares its repr to rerun the rule on a change
    assert eval(repr(sources), {"Sources": resources.Sources}) == sources
