"""The demo through `--profile profiles/slurm` on a real single-node SLURM cluster.

`../shared/tools/slurm-local.sh` starts slurmctld, slurmd, munge, mariadb and
slurmdbd (so `sacct` works) on this machine; a job step using more memory than
it asked for is killed (OverMemoryKill), as on production clusters. The tests
run last on their worker (see tests/conftest.py) and stop the cluster even when they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.workflow.runner import REPO, run_snakemake

pytestmark = [pytest.mark.slurm, pytest.mark.workflow]

TABLES = ["results/counts/counts.tsv", "results/qc/strandedness.tsv", "results/de/TEN_vs_naive.tsv"]
# this cluster's partition and account, given as a user would on the command line
CLUSTER = [
    "--profile",
    str(REPO / "profiles" / "slurm"),
    "--default-resources",
    "slurm_partition=debug",
    "slurm_account=tenseq",
    "mem_mb=1000",
    "runtime=20",
    # the first status check 1 s after a submission (then every 10 s until a job ends):
    # the demo's jobs take seconds, the plugin's default is 40 s
    "--slurm-init-seconds-before-status-checks",
    "1",
    "--slurm-keep-successful-logs",
    "--jobs",
    "2",
]


@pytest.fixture(scope="module")
def cluster(shared_dir: Path):
    if os.geteuid() != 0:
        pytest.skip("starting the local SLURM cluster needs root (CI runs as root)")
    script = shared_dir / "tools" / "slurm-local.sh"
    start = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True)
    try:
        assert start.returncode == 0, start.stderr[-3000:]
        yield script
    finally:
        subprocess.run(["bash", str(script), "stop"], capture_output=True, text=True)


def _sacct(since_ids: set[str]) -> dict[str, tuple[str, str]]:
    out = subprocess.run(
        ["sacct", "-n", "-X", "-P", "-o", "JobID,JobName,State"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    jobs = {}
    for line in out.splitlines():
        job_id, name, state = line.split("|")[:3]
        if job_id not in since_ids:
            jobs[job_id] = (name, state)
    return jobs


def _job_ids(work: Path) -> set[str]:
    logs = (work / ".snakemake" / "slurm_logs").rglob("*.log")
    return {m.group(1) for p in logs if (m := re.search(r"(\d+)\.log$", p.name))}


@pytest.fixture(scope="module")
def slurm_run(cluster, small_run, tmp_path_factory: pytest.TempPathFactory):
    """The small demo (tests/conftest.py) through sbatch."""
    work = tmp_path_factory.mktemp("slurm")
    config = work / "config.yaml"
    config.write_text((small_run / "config.yaml").read_text())
    before = set(_sacct(set()))
    # the route to the tables compared below (reference, fastp, STAR, counting, QC, DE):
    # the submission path is the same for every rule, and pathways and ligands (one job
    # each, ~10 s of plugin start apiece plus their own minutes) add nothing to check here
    run_snakemake(work, config, *CLUSTER, *TABLES)
    return work, _sacct(before)


def test_every_job_went_through_sbatch(slurm_run):
    work, jobs = slurm_run
    ids = _job_ids(work)
    assert len(ids) >= 10, ids  # reference, fastp, STAR, counting, QC, DE ... as SLURM jobs
    assert ids <= set(jobs), ids - set(jobs)
    assert {state for _, state in jobs.values()} == {"COMPLETED"}


@pytest.mark.parametrize("table", TABLES)
def test_results_equal_the_local_run(slurm_run, small_run, table):
    work, _ = slurm_run
    assert (work / table).read_bytes() == (small_run / table).read_bytes()


def test_out_of_memory_job_is_retried_with_more_memory(slurm_run):
    work, _ = slurm_run
    before = set(_sacct(set()))
    # 250 MB is far below what the job step needs (~1 GB: snakemake plus pydeseq2): the
    # first attempt is killed by SLURM, the second asks for 250 * 2**3 = 2000 MB and succeeds
    run_snakemake(
        work,
        work / "config.yaml",
        *CLUSTER,
        "--forcerun",
        "deseq2",
        "--set-resources",
        "deseq2:mem_mb=250*attempt**3",
        "--retries",
        "1",
        "results/de/de.h5ad",
    )
    states = [state for name, state in _sacct(before).values()]
    assert any(state in ("OUT_OF_MEMORY", "FAILED", "CANCELLED") for state in states), states
    assert states[-1] == "COMPLETED", states
    log = max((work / ".snakemake" / "log").glob("*.snakemake.log"), key=os.path.getmtime)
    assert "mem_mb=2000" in log.read_text()
