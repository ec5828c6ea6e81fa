"""Seeded stand-ins for the downloaded collections, and a local server laid out like MSigDB."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tenseq.datasets.toy import gmt_text, toy_gene_sets, toy_progeny


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
