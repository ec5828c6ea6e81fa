"""MSigDB through the fetch-once cache: real HTTP download, checksums, offline fallback."""

from __future__ import annotations

from tenseq import io
from tenseq.pathways import genesets, msigdb


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
    assert first.sha256 == io.sha256(first.path)
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
