"""Whole-file FASTQ checks (the start-up head checks are in test_bad_inputs.py)."""

import gzip

import pytest

from tenseq.fastq import count_records, head_names, pair_check, read_name


def _write(path, names, truncate=0):
    text = "".join(f"@{n} extra\nACGTACGTAC\n+\nIIIIIIIIII\n" for n in names)
    data = gzip.compress(text.encode(), mtime=0)
    path.write_bytes(data[: len(data) - truncate] if truncate else data)
    return path


def test_read_names_drop_mate_suffix_and_comment():
    assert read_name("@SRR1.5/1 length=75\n") == "SRR1.5"
    assert read_name("@A:B:C 1:N:0:ACGT\n") == "A:B:C"


def test_counts_and_pairs(tmp_path):
    names = [f"r{i}" for i in range(2500)]
    r1 = _write(tmp_path / "a_1.fq.gz", [f"{n}/1" for n in names])
    r2 = _write(tmp_path / "a_2.fq.gz", [f"{n}/2" for n in names])
    assert count_records(r1) == (2500, "r2499")
    assert pair_check(r1, r2) == {"reads_r1": 2500, "reads_r2": 2500}
    assert pair_check(r1, None) == {"reads_r1": 2500}


def test_truncated_late_passes_the_head_but_not_the_full_check(tmp_path):
    names = [f"r{i}" for i in range(5000)]
    bad = _write(tmp_path / "t.fq.gz", names, truncate=40)
    assert len(head_names(bad)) == 100  # the start of the file is fine
    with pytest.raises(ValueError, match="truncated"):
        count_records(bad)


def test_mates_out_of_step(tmp_path):
    r1 = _write(tmp_path / "a_1.fq.gz", [f"r{i}" for i in range(300)])
    r2 = _write(tmp_path / "a_2.fq.gz", [f"r{i}" for i in range(299)])
    with pytest.raises(ValueError, match="has 300 reads but .* has 299"):
        pair_check(r1, r2)
    r3 = _write(tmp_path / "a_3.fq.gz", [f"r{i}" for i in range(299)] + ["zzz"])
    with pytest.raises(ValueError, match="not mates"):
        pair_check(r1, r3)
