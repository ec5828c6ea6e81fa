"""The SLURM executor plugin is put on sys.path only for snakemake runs that use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tenseq import slurm_plugin
from tenseq.slurm_plugin import wants_slurm
from tests.conftest import REPO

SNAKEMAKE = "/venv/bin/snakemake"


@pytest.mark.parametrize(
    "args",
    [
        ["--executor", "slurm"],
        ["-e", "slurm"],
        ["--executor=slurm", "--cores", "2"],
        ["--profile", str(REPO / "profiles" / "slurm")],
        [f"--profile={REPO / 'profiles' / 'slurm'}"],
        ["--workflow-profile", str(REPO / "profiles" / "slurm")],
    ],
)
def test_slurm_command_lines(args):
    assert wants_slurm([SNAKEMAKE, *args], {})


@pytest.mark.parametrize(
    "argv",
    [
        [SNAKEMAKE, "--cores", "2", "--configfile", "config/examples/demo.yaml"],
        [SNAKEMAKE, "--profile", str(REPO / "profiles" / "default")],
        [SNAKEMAKE, "--executor", "slurm-jobstep"],  # the job step on a compute node
        [SNAKEMAKE, "--profile", "/no/such/profile"],
        [SNAKEMAKE, "--profile"],
        ["/venv/bin/python", "--executor", "slurm"],  # not snakemake
        [],
    ],
)
def test_local_command_lines(argv):
    assert not wants_slurm(argv, {})


def test_profile_from_the_environment_and_by_name(tmp_path):
    assert wants_slurm([SNAKEMAKE], {"SNAKEMAKE_PROFILE": str(REPO / "profiles" / "slurm")})
    named = tmp_path / "snakemake" / "cluster"
    named.mkdir(parents=True)
    (named / "config.v8+.yaml").write_text("jobs: 10\nexecutor: 'slurm'  # site profile\n")
    assert wants_slurm([SNAKEMAKE, "--profile", "cluster"], {"XDG_CONFIG_HOME": str(tmp_path)})
    (named / "config.v8+.yaml").write_text("jobs: 10\n# executor: slurm\n")
    assert not wants_slurm([SNAKEMAKE, "--profile", "cluster"], {"XDG_CONFIG_HOME": str(tmp_path)})


def test_activate_appends_the_plugin_folder_only_for_slurm(tmp_path, monkeypatch):
    (tmp_path / slurm_plugin.PLUGIN_DIR).mkdir()
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(sys, "path", list(sys.path))
    folder = str(tmp_path / slurm_plugin.PLUGIN_DIR)
    assert not slurm_plugin.activate([SNAKEMAKE, "--cores", "2"], {})
    assert folder not in sys.path
    assert slurm_plugin.activate([SNAKEMAKE, "-e", "slurm"], {})
    assert sys.path[-1] == folder
    assert slurm_plugin.activate([SNAKEMAKE, "--profile", 3], {}) is False  # never raises


def test_a_local_snakemake_start_does_not_see_the_plugin():
    """In the venv `make setup` built, the plugin is not importable by default."""
    prefix = Path(sys.prefix)
    if not (prefix / slurm_plugin.PLUGIN_DIR).is_dir():
        pytest.skip(f"{prefix} was not set up by `make setup` (no {slurm_plugin.PLUGIN_DIR})")
    probe = "import importlib.util as u; print(u.find_spec('snakemake_executor_plugin_slurm'))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "None", out.stdout
