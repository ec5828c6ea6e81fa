"""Fetch-once caching of MSigDB and PROGENy: real HTTP download, checksums, offline fallback."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tenseq.datasets.toy import gmt_text, toy_gene_sets, toy_progeny
from tenseq.errors import InputError
from tenseq.pathways import collections as resources
from tenseq.pathways import fetch, genesets, msigdb, progeny


@pytest.fixture
def hallmark_gmt(tmp_path) -> Path:
    """A seeded collection of 50 sets, laid out as MSigDB's mouse hallmark GMT."""
    path = tmp_path / "toy_hallmarks.gmt"
    path.write_text(gmt_text(toy_gene_sets(50, seed=1)))
    return path


@pytest.fixture
def progeny_tsv(tmp_path) -> Path:
    """A seeded model shaped like PROGENy's mouse top-500 table."""
    path = tmp_path / "toy_progeny_top500.tsv"
    toy_progeny(500, seed=2).to_csv(path, sep="\t", index=False)
    return path


@pytest.fixture
def msigdb_server(tmp_path, hallmark_gmt):
    """A local HTTP server laid out like the MSigDB release tree, serving the hallmarks."""
    release = tmp_path / "site" / "release" / "2024.1.Mm"
    release.mkdir(parents=True)
    source = hallmark_gmt
    (release / "mh.all.v2024.1.Mm.symbols.gmt").write_bytes(source.read_bytes())
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site")
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/release", source
    server.shutdown()
    server.server_close()


def test_download_then_cache_then_corruption(msigdb_server, tmp_path):
    url, source = msigdb_server
    cache_dir = tmp_path / "cache"
    first = msigdb.obtain("hallmark", "mouse", "2024.1", cache_dir, base_url=url)
    assert first.status == "downloaded"
    assert first.path == cache_dir / "msigdb" / "mh.all.v2024.1.Mm.symbols.gmt"
    sets = genesets.read_gmt(first.path)
    reference = genesets.read_gmt(source)
    assert sets["source"].nunique() == reference["source"].nunique() == 50
    members = sets.groupby("source")["target"].apply(set)
    assert members.equals(reference.groupby("source")["target"].apply(set))
    assert first.sha256 == fetch.sha256_of(first.path)
    # second use: from the cache, no network needed
    second = msigdb.obtain("hallmark", "mouse", "2024.1", cache_dir, base_url="http://127.0.0.1:9")
    assert second.status == "cached" and second.sha256 == first.sha256
    # a damaged cache is never used: it is fetched again
    first.path.write_text(first.path.read_text()[:-200])
    third = msigdb.obtain("hallmark", "mouse", "2024.1", cache_dir, base_url=url)
    assert third.status == "downloaded" and third.sha256 == first.sha256


def test_offline_is_reported_not_fatal(tmp_path):
    got = msigdb.obtain(
        "reactome", "human", "2024.1", tmp_path, base_url="http://127.0.0.1:9", timeout=5
    )
    assert got.path is None and got.status == "unavailable"
    assert "c2.cp.reactome 2024.1.Hs" in got.message
    assert str(tmp_path / "msigdb" / "c2.cp.reactome.v2024.1.Hs.symbols.gmt") in got.message


def test_hand_copied_file_is_accepted_and_fingerprinted(tmp_path, hallmark_gmt):
    target = tmp_path / "msigdb" / "mh.all.v2024.1.Mm.symbols.gmt"
    target.parent.mkdir(parents=True)
    target.write_bytes(hallmark_gmt.read_bytes())
    got = msigdb.obtain("hallmark", "mouse", "2024.1", tmp_path, base_url="http://127.0.0.1:9")
    assert got.status == "cached"
    assert (
        (tmp_path / "msigdb" / "mh.all.v2024.1.Mm.symbols.gmt.sha256")
        .read_text()
        .startswith(got.sha256)
    )


def test_categories_per_species():
    assert msigdb.category("hallmark", "mouse") == "mh.all"
    assert msigdb.category("go_bp", "human") == "c5.go.bp"
    assert msigdb.category("m2.cp.wikipathways", "mouse") == "m2.cp.wikipathways"
    assert msigdb.release("2024.1", "human") == "2024.1.Hs"


def test_progeny_model_reading(tmp_path, progeny_tsv):
    model = progeny.read_model(progeny_tsv)
    assert model["source"].nunique() == 14
    assert model.groupby("source").size().max() == 500
    (tmp_path / "bad.tsv").write_text("pathway\tgene\nTGFb\tSmad7\n")
    with pytest.raises(InputError, match="source, target"):
        progeny.read_model(tmp_path / "bad.tsv")


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


def test_progeny_scores_find_a_planted_pathway(progeny_tsv):
    """TGF-beta footprint genes raised by their weights in half the samples: TGFb comes out."""
    from tenseq.pathways import scoring

    model = progeny.read_model(progeny_tsv)
    rng = np.random.default_rng(3)
    genes = sorted(set(model["target"]))
    expression = pd.DataFrame(
        rng.normal(8, 1, size=(10, len(genes))), columns=genes, index=[f"S{i}" for i in range(10)]
    )
    tgfb = model[model["source"] == "TGFb"].set_index("target")["weight"]
    expression.iloc[5:, expression.columns.get_indexer(tgfb.index)] += (
        0.5 * tgfb.to_numpy() / tgfb.std()
    )
    scores = scoring.sample_ulm(expression, model)
    gap = scores.iloc[5:].mean() - scores.iloc[:5].mean()
    assert gap.idxmax() == "TGFb" and gap["TGFb"] > 2
    assert scores["TGFb"].iloc[5:].min() > scores["TGFb"].iloc[:5].max()
