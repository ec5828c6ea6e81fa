"""Result files follow the umask; a failed write (disk full) leaves nothing half-done."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from tenseq import io

TABLE = pd.DataFrame({"gene": ["Cybb", "Ncf1"], "count": [3, 4]})


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_results_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        io.write_tsv(TABLE, tmp_path / "t.tsv")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "t.tsv").stat().st_mode) == mode


def test_disk_full_during_a_write_keeps_the_old_table(tmp_path, monkeypatch):
    target = tmp_path / "counts.tsv"
    io.write_tsv(TABLE, target)
    before = target.read_bytes()

    def full(self, path, *args, **kwargs):
        with open(path, "w") as handle:
            handle.write("gene\tcou")  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OSError, match="No space left"):
        io.write_tsv(TABLE.assign(count=[30, 40]), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["counts.tsv"]  # no temp file left


def test_disk_full_on_first_write_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(
        pd.DataFrame, "to_csv", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    with pytest.raises(OSError):
        io.write_tsv(TABLE, tmp_path / "new.tsv")
    assert list(tmp_path.iterdir()) == []


def test_open_text_follows_the_content_not_the_name(tmp_path):
    import gzip

    from tenseq.io import open_text

    packed = tmp_path / "reads.fastq"  # gzip without the .gz name
    packed.write_bytes(gzip.compress(b"@r1\nACGT\n+\nIIII\n"))
    with open_text(packed) as handle:
        assert handle.readline() == "@r1\n"
    plain = tmp_path / "genes.gtf.gz"  # a .gz name on plain text
    plain.write_text("chr1\tsrc\tgene\n")
    with pytest.raises(ValueError, match="named .gz but is not gzip"):
        open_text(plain)


def test_sha256_streams_in_blocks(tmp_path):
    import hashlib

    from tenseq.io import sha256

    path = tmp_path / "data.bin"
    data = bytes(range(256)) * 5000
    path.write_bytes(data)
    assert sha256(path, chunk=1000) == sha256(path) == hashlib.sha256(data).hexdigest()


def test_tables_written_per_contrast_are_read_back_by_name(tmp_path):
    for name, counts in (("TEN_vs_naive", [3, 4]), ("b.v2", [5, 6])):
        io.write_tsv(TABLE.assign(count=counts), tmp_path / f"{name}.tsv")
    paths = [tmp_path / "b.v2.tsv", str(tmp_path / "TEN_vs_naive.tsv")]
    tables = io.tables_by_name(paths)
    assert list(tables) == ["b.v2", "TEN_vs_naive"]  # the given order, a dot kept in a name
    assert tables["TEN_vs_naive"]["count"].tolist() == [3, 4]
    assert tables["b.v2"]["count"].tolist() == [5, 6]
    assert io.by_name(["plots/c.volcano.png"], ".volcano.png") == {"c": Path("plots/c.volcano.png")}
