"""Shared fixtures: where the repository and the public test data live."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenseq.demo import write_demo
from tests.workflow.runner import run_snakemake, write_config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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


def pytest_collection_modifyitems(config, items):
    """Run the SLURM tests last.

    Once the local cluster is stopped, the SLURM client left installed makes every
    later `snakemake` start wait for a controller; running those tests last keeps
    that wait out of the rest of the suite.
    """
    items.sort(key=lambda item: item.get_closest_marker("slurm") is not None)


# ---------------------------------------------------------------- demo runs (once per session)
@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("demo")
    truth = write_demo(root / "data")
    return root, truth


def _run(root: Path, quantifier: str, **overrides: object) -> Path:
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
    run_snakemake(work, config)
    return work


@pytest.fixture(scope="session")
def star_run(demo):
    return _run(demo[0], "star")


@pytest.fixture(scope="session")
def salmon_run(demo):
    """The salmon route, with the default ligand sources (CytoSig and SecAct)."""
    return _run(demo[0], "salmon", ligands={"sources": ["cytosig", "secact"]})
