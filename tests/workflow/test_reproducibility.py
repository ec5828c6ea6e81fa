"""A run killed mid-way and resumed gives the same tables, byte for byte, as a clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PLUMBING_TABLES as TABLES

from .runner import REPO, SNAKEMAKE, run_snakemake

pytestmark = pytest.mark.workflow


def _start(work: Path, config: Path, *targets: str) -> subprocess.Popen:
    cmd = [
        str(SNAKEMAKE),
        "--snakefile",
        str(REPO / "Snakefile"),
        "--directory",
        str(work),
        "--configfile",
        str(config),
        "--cores",
        "2",
        *targets,
    ]
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


@pytest.fixture(scope="module")
def killed_and_resumed(small_run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo (tests/conftest.py), killed during alignment and resumed."""
    work = tmp_path_factory.mktemp("killed")
    config = work / "config.yaml"
    config.write_text((small_run / "config.yaml").read_text())
    proc = _start(work, config, *TABLES)
    # kill the whole process group (snakemake and its running STAR jobs) once the first
    # alignments are written and others are still running
    deadline = time.time() + 600
    while time.time() < deadline and not list((work / "results" / "align").glob("*.bam")):
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (work / "results/counts/counts.tsv").exists()
    # as a user would after a crash: release the lock, then rerun (the default profile
    # reruns the jobs that were cut off)
    run_snakemake(work, config, "--unlock")
    run_snakemake(work, config, *TABLES)
    return work


def test_no_partial_file_survives_the_kill(killed_and_resumed):
    leftovers = [p for p in (killed_and_resumed / "results").rglob("*.part*")]
    assert leftovers == []


@pytest.mark.parametrize("table", TABLES)
def test_resumed_run_equals_clean_run(table, small_run, killed_and_resumed):
    assert (killed_and_resumed / table).read_bytes() == (small_run / table).read_bytes()
