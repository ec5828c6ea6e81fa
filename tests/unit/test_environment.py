"""environment.yml, workflow/envs and requirements.lock describe one stack."""

import re
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]


def _conda_pins(path: Path) -> dict[str, str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    pins = {}
    for dep in deps:
        if isinstance(dep, str) and "=" in dep:
            name, version = re.split(r"\s*=+\s*", dep, maxsplit=1)
            pins[name.strip()] = version.strip()
    return pins


def _lock() -> dict[str, str]:
    lines = (REPO / "requirements.lock").read_text().splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


def test_rule_envs_pin_the_same_tools_as_environment_yml():
    main = _conda_pins(REPO / "environment.yml")
    for env in (REPO / "workflow" / "envs").glob("*.yaml"):
        for name, version in _conda_pins(env).items():
            assert main.get(name) == version, (env.name, name, version)


def test_multiqc_env_matches_lock():
    env = yaml.safe_load((REPO / "workflow/envs/multiqc.yaml").read_text())["dependencies"]
    pip = next(d for d in env if isinstance(d, dict))["pip"]
    assert f"multiqc=={_lock()['multiqc']}" in pip


def test_provenance_records_the_locked_versions():
    from tenseq.provenance import package_versions

    table = package_versions(["pydeseq2", "snakemake", "anndata"]).set_index("name")
    lock = _lock()
    for name in ("pydeseq2", "snakemake", "anndata"):
        assert table.loc[name, "version"] == lock[name]


def test_demo_sheet_in_config_is_what_the_generator_writes(tmp_path, monkeypatch):
    from tenseq.demo import write_demo

    monkeypatch.chdir(tmp_path)
    truth = write_demo("resources/demo", fragments_per_sample=500)
    committed = pd.read_csv(REPO / "config" / "samples.tsv", sep="\t")
    pd.testing.assert_frame_equal(committed, pd.read_csv(truth.outdir / "samples.tsv", sep="\t"))
