"""Demo runs shared by the workflow tests (each runs once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenseq.demo import write_demo

from .runner import run_snakemake, write_config


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("demo")
    truth = write_demo(root / "data")
    return root, truth


def _run(root: Path, quantifier: str) -> Path:
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
    )
    run_snakemake(work, config)
    return work


@pytest.fixture(scope="session")
def star_run(demo):
    return _run(demo[0], "star")


@pytest.fixture(scope="session")
def salmon_run(demo):
    return _run(demo[0], "salmon")
