"""User BAMs: truncated, SAM under a .bam name, unsorted, or on chromosomes the GTF lacks."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.unit.inputs.test_bad_inputs import config, expect, run, sheet, work

__all__ = ["work"]


def _sam(chroms: dict[str, int], reads_on: str, n: int = 40, *, shuffle: bool = False) -> str:
    header = "@HD\tVN:1.6\tSO:{}\n".format("unsorted" if shuffle else "coordinate")
    header += "".join(f"@SQ\tSN:{c}\tLN:{ln}\n" for c, ln in chroms.items())
    positions = list(range(1, n + 1))
    if shuffle:
        positions = positions[::-2] + positions[::2]
    reads = "".join(
        f"r{p}\t0\t{reads_on}\t{p}\t60\t8M\t*\t0\t0\tACGTACGT\tIIIIIIII\n" for p in positions
    )
    return header + reads


def _bam(path: Path, text: str) -> Path:
    sam = path.with_suffix(".sam")
    sam.write_text(text)
    subprocess.run(["samtools", "view", "-b", "-o", str(path), str(sam)], check=True)
    return path


def _bam_config(work: Path, make) -> dict:
    rows = []
    for name, cond in [("n1", "naive"), ("n2", "naive"), ("t1", "TEN"), ("t2", "TEN")]:
        make(work / f"{name}.bam")
        rows.append(f"{name}\t{cond}\t{name}.bam")
    return config(sheet(work, *rows, header="sample\tcondition\tbam"))


def test_good_bams_pass(work):
    inputs = run(_bam_config(work, lambda p: _bam(p, _sam({"1": 1000}, "1"))), work)
    assert inputs.entry == "bam"


def test_reads_on_chromosomes_the_gtf_lacks(work):
    """One shared name ('1') is not enough when the reads lie elsewhere."""
    chroms = {"1": 1000, "chr7": 100_000}
    cfg = _bam_config(work, lambda p: _bam(p, _sam(chroms, "chr7")))
    expect(work, cfg, "n1.bam", "only 0% of the mapped reads", "most reads are on chr7")


def test_region_bam_with_a_large_unannotated_header_passes(work):
    """Like the GSE52778 subsets: a whole-genome header, reads and GTF in one region."""
    chroms = {"1": 1000, "2": 10_000_000, "X": 5_000_000}
    assert run(_bam_config(work, lambda p: _bam(p, _sam(chroms, "1"))), work).entry == "bam"


def test_truncated_bam(work):
    def make(path):
        _bam(path, _sam({"1": 1000}, "1", n=2000))
        path.write_bytes(path.read_bytes()[:-40])

    expect(work, _bam_config(work, make), "n1.bam", "truncated", "samtools quickcheck")


def test_sam_text_named_bam(work):
    cfg = _bam_config(work, lambda p: p.write_text(_sam({"1": 1000}, "1")))
    expect(work, cfg, "n1.bam", "SAM text", "samtools sort -o n1.sorted.bam")


def test_unsorted_bam_is_sorted_not_linked(tmp_path):
    unsorted = _bam(tmp_path / "u.bam", _sam({"1": 1000}, "1", shuffle=True))
    out = tmp_path / "results" / "u.bam"
    script = REPO / "workflow" / "scripts" / "sorted_bam.sh"
    subprocess.run([str(script), str(unsorted), str(out), "1"], check=True, capture_output=True)
    assert not out.is_symlink()
    view = subprocess.run(["samtools", "view", str(out)], capture_output=True, text=True)
    positions = [int(line.split("\t")[3]) for line in view.stdout.splitlines()]
    assert positions == sorted(positions) == list(range(1, 41))
