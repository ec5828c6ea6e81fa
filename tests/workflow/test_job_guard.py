"""After kill -9 of snakemake, the job it was running dies too (no second writer on a rerun)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tenseq.jobguard import alive, descendants, end_job

from .runner import SNAKEMAKE

pytestmark = pytest.mark.workflow

SNAKEFILE = """
from tenseq.jobguard import shell_prefix
shell.prefix(shell_prefix())

rule all:
    input: "slow.txt", "slow_script.txt"

rule slow:
    output: "slow.txt"
    shell: "sleep 300 & echo $! > sleep.pid; wait; touch {output}"

rule slow_script:
    output: "slow_script.txt"
    script: "slow.py"
"""
SCRIPT = """import os, time
open("script.pid", "w").write(str(os.getpid()))
time.sleep(300)
"""


def _wait_for(path: Path, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.2)
    raise AssertionError(f"{path} never appeared")


def test_jobs_die_with_a_killed_run(tmp_path):
    (tmp_path / "Snakefile").write_text(SNAKEFILE)
    (tmp_path / "slow.py").write_text(SCRIPT)
    run = subprocess.Popen(
        [str(SNAKEMAKE), "--cores", "2", "--directory", str(tmp_path)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        jobs = [_wait_for(tmp_path / "sleep.pid"), _wait_for(tmp_path / "script.pid")]
        assert all(alive(p) for p in jobs)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(p) for p in jobs):
            time.sleep(0.2)
        assert not any(alive(p) for p in jobs), "a job outlived its killed run"
        assert not (tmp_path / "slow.txt").exists()
    finally:
        run.kill()
        for name in ("sleep.pid", "script.pid"):
            path = tmp_path / name
            if path.exists() and path.read_text().strip() and alive(int(path.read_text())):
                os.kill(int(path.read_text()), signal.SIGKILL)


def test_end_job_terminates_the_whole_tree():
    job = subprocess.Popen(["bash", "-c", "sleep 300 & sleep 300 & wait"])
    deadline = time.monotonic() + 5
    while len(descendants(job.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    tree = [job.pid, *descendants(job.pid)]
    assert len(tree) == 3
    end_job(job.pid, grace=2)
    job.wait(timeout=5)
    time.sleep(0.2)
    assert not any(alive(p) for p in tree)


def test_guard_leaves_a_finished_job_alone():
    """A job that ends normally takes its guard with it; nothing is signalled."""
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m tenseq.jobguard $PPID $$ & echo done"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "done"
