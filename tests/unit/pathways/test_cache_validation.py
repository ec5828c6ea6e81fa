"""A garbage file in the download cache is checked for its format before it is trusted."""

from __future__ import annotations

from tenseq.pathways import msigdb, progeny

HTML = "<!DOCTYPE html>\n<html><body>503 Service Unavailable</body></html>\n"
OFFLINE = "http://127.0.0.1:9"


def _cached(tmp_path, name):
    path = tmp_path / "msigdb" / name
    path.parent.mkdir(parents=True)
    return path


def test_html_saved_as_gmt_without_sidecar_is_moved_aside(tmp_path):
    path = _cached(tmp_path, "mh.all.v2024.1.Mm.symbols.gmt")
    path.write_text(HTML)
    got = msigdb.obtain("hallmark", "mouse", "2024.1", tmp_path, base_url=OFFLINE, timeout=2)
    assert got.status == "unavailable" and got.path is None
    assert "HTML page" in got.message and ".invalid" in got.message
    assert not path.exists() and path.with_name(path.name + ".invalid").read_text() == HTML
    assert not path.with_name(path.name + ".sha256").exists()  # never fingerprinted


def test_garbage_with_a_sidecar_is_not_trusted(tmp_path):
    """A file fingerprinted before format checks existed is re-checked on every use."""
    path = _cached(tmp_path, "mh.all.v2024.1.Mm.symbols.gmt")
    path.write_text("not a gene set file\n")
    msigdb.fetch_once(path, lambda: "", what="x")  # no check: records a sidecar
    assert path.with_name(path.name + ".sha256").exists()
    got = msigdb.obtain("hallmark", "mouse", "2024.1", tmp_path, base_url=OFFLINE, timeout=2)
    assert got.status == "unavailable" and "GMT line needs a name" in got.message


def test_valid_hand_copied_gmt_is_recorded(tmp_path):
    path = _cached(tmp_path, "mh.all.v2024.1.Mm.symbols.gmt")
    path.write_text("SET_A\tdesc\tCybb\tNcf1\n")
    got = msigdb.obtain("hallmark", "mouse", "2024.1", tmp_path, base_url=OFFLINE, timeout=2)
    assert got.status == "cached" and got.path == path


def test_html_saved_as_progeny_table_is_moved_aside(tmp_path):
    path = tmp_path / "progeny" / "progeny_mouse_top500.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("source\ttarget\tweight\nTGFb\tSerpine1\thigh\n")  # not numeric
    got = progeny.obtain("mouse", 500, tmp_path, timeout=0.01)
    assert got.path is None and "weight column is not numeric" in got.message
    assert path.with_name(path.name + ".invalid").exists()


def test_garbage_download_is_not_written(tmp_path):
    path = tmp_path / "x.gmt"
    got = msigdb.fetch_once(path, lambda: HTML, what="MSigDB x", check=msigdb.read_gmt)
    assert got.status == "unavailable" and "HTML page" in got.message
    assert not path.exists() and list(tmp_path.iterdir()) == []
