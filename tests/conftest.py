"""Shared fixtures: where the repository and the public test data live, and the demo runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenseq.datasets.demo import write_demo
from tests.workflow.runner import run_snakemake, write_config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Test modules that share a session run, and the group of pytest-xdist workers (`make
# test`) they join: a group's tests run on one worker, so each run happens once per
# session. Every other module is a group of its own (its module fixtures run once).
SHARED_RUNS = {"demo": "demo", "star_run": "demo", "salmon_run": "demo",
               "small_demo": "small_demo", "small_run": "small_demo"}  # fmt: skip
GROUPS = {
    "tests/workflow/test_demo_workflow.py": "demo",
    "tests/workflow/test_reproducibility.py": "small_demo",
    "tests/workflow/test_bad_reads.py": "small_demo",
    "tests/slurm/test_slurm_cluster.py": "small_demo",
}
# The groups that take longest (CI, three workers on two cores: the real-data ligand
# validation ~19 min, the small demo with SLURM ~16 min, the demo's two runs ~15 min):
# each starts on a worker of its own at once.
LONGEST_GROUPS = ["tests/realdata/test_ligand_validation.py", "small_demo", "demo"]
# The route to the tables the plumbing tests compare (reference, fastp, STAR, counting,
# QC, DE); pathways, ligands and the summary come after them and add minutes, not plumbing.
PLUMBING_TABLES = [
    "results/counts/counts.tsv",
    "results/qc/strandedness.tsv",
    "results/qc/samples.tsv",
    "results/de/TEN_vs_naive.tsv",
]


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"public test data not found at {SHARED} (expected beside the repository)")
    return SHARED


def _group(nodeid: str) -> str:
    """The worker group of a test (by its node id: the scheduler sees nothing else)."""
    module = nodeid.split("::")[0]
    return GROUPS.get(module, module)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Refuse a test that uses a shared run outside the group of that run."""
    names = set(getattr(item, "fixturenames", ()))
    callspec = getattr(item, "callspec", None)
    if callspec is not None:  # runs asked for by name, e.g. parametrize("route", ["star_run"])
        names |= {v for v in callspec.params.values() if isinstance(v, str)}
    for fixture in sorted(names & set(SHARED_RUNS)):
        if _group(item.nodeid) != SHARED_RUNS[fixture]:
            raise pytest.UsageError(
                f"{item.nodeid} uses {fixture}: add its module to GROUPS in tests/conftest.py "
                f"as {SHARED_RUNS[fixture]!r}, or the run is repeated on another worker"
            )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Send each group of tests (:data:`GROUPS`, else a module) to one worker."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)

    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Order the tests; the SLURM tests last.

    Once the local cluster is stopped, every `snakemake` start that loads the SLURM
    plugin waits ~10 s for a controller. `make setup` installs the plugin so that
    only runs with the slurm executor load it (tenseq.slurm_plugin), but an
    environment with the plugin in site-packages loads it on every start: in one
    process the SLURM tests run last. Under pytest-xdist (`make test`) they run last
    in the small demo's group, which is taken first: its sbatch jobs mostly wait on
    the scheduler, and the other workers' local starts do not load the plugin.
    """
    workers = hasattr(config, "workerinput")  # this process is a pytest-xdist worker

    def order(item: pytest.Item) -> tuple[int | bool, ...]:
        slurm = item.get_closest_marker("slurm") is not None
        if not workers:
            return (slurm,)
        # workers take groups in this order (`--no-loadscope-reorder`): the longest
        # first (LONGEST_GROUPS, then the other pipeline runs), then the unit tests
        # filling in
        group = _group(item.nodeid)
        first = LONGEST_GROUPS.index(group) if group in LONGEST_GROUPS else len(LONGEST_GROUPS)
        return first, "tests/unit/" in item.nodeid, slurm

    items.sort(key=order)


# ---------------------------------------------------------------- demo runs (once per session)
@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory):
    """The bundled demo: 3 naive vs 3 TEN samples of 150,000 read pairs (statistics tests)."""
    root = tmp_path_factory.mktemp("demo")
    truth = write_demo(root / "data")
    return root, truth


def _run(root: Path, quantifier: str, *targets: str, **overrides: object) -> Path:
    work = root / quantifier
    work.mkdir()
    data = root / "data"
    config = write_config(
        work,
        samples=str(data / "samples.tsv"),
        reference={
            "genome": str(data / "genome.fa"),
            "gtf": str(data / "genes.gtf"),
            "species": "mouse",
        },
        quantifier=quantifier,
        **overrides,
    )
    run_snakemake(work, config, *targets)
    return work


@pytest.fixture(scope="session")
def star_run(demo):
    return _run(demo[0], "star")


@pytest.fixture(scope="session")
def salmon_run(demo):
    """The salmon route to its counts and ligand table, with both ligand sources.

    (CytoSig's 43 cytokines and SecAct.) Only the files its tests read are built: the
    figures, MultiQC and the summary page are the STAR run's to check.
    """
    return _run(
        demo[0],
        "salmon",
        "results/counts/counts.tsv",
        "results/qc/strandedness.tsv",
        "results/ligands/TEN_vs_naive.tsv",
        ligands={"sources": ["cytosig", "secact"]},
    )


# ------------------------------------------------- a smaller demo for the plumbing tests
@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory):
    """2 naive vs 2 TEN samples of 20,000 read pairs, without the ligand-response genes.

    For tests of the route itself (kill and resume, SLURM submission, bad reads):
    every step runs as on the demo, on 344 of its 834 genes and 2/15 of its reads.
    """
    root = tmp_path_factory.mktemp("small_demo")
    truth = write_demo(
        root / "data",
        conditions={"naive": 2, "TEN": 2},
        fragments_per_sample=20_000,
        plant_ligands=False,
    )
    return root, truth


@pytest.fixture(scope="session")
def small_run(small_demo):
    """The small demo through STAR to :data:`PLUMBING_TABLES`: the clean run to compare with."""
    return _run(small_demo[0], "star", *PLUMBING_TABLES)
