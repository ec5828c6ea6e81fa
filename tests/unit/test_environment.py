"""environment.yml, workflow/envs and requirements.lock describe one stack."""

import re
from pathlib import Path

import pandas as pd
import yaml

from tests.conftest import REPO


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
    from tenseq.datasets.demo import write_demo

    monkeypatch.chdir(tmp_path)
    truth = write_demo("demo", fragments_per_sample=500)
    committed = pd.read_csv(REPO / "config" / "examples" / "demo_samples.tsv", sep="\t")
    pd.testing.assert_frame_equal(committed, pd.read_csv(truth.outdir / "samples.tsv", sep="\t"))


# Where each conda package of the rule environments lives (a new package must be added here,
# so an env can never name a package its channels do not carry).
CHANNEL_OF = {
    "python": "conda-forge",
    "pip": "conda-forge",
    "star": "bioconda",
    "salmon": "bioconda",
    "subread": "bioconda",
    "samtools": "bioconda",
    "fastp": "bioconda",
}
ENVS = REPO / "workflow" / "envs"


def _package(dep: str) -> str:
    return re.split(r"[\s=<>]", dep, maxsplit=1)[0]


def _rules() -> dict[str, str]:
    """Rule name -> its block of text, from every rule file."""
    blocks = {}
    for path in sorted((REPO / "workflow" / "rules").glob("*.smk")):
        text = path.read_text()
        for match in re.finditer(r"^([ ]*)rule (\w+):\n((?:\1    .*\n|[ ]*\n)*)", text, re.M):
            blocks[match.group(2)] = match.group(3)
    return blocks


def test_every_rule_names_an_existing_conda_env():
    rules = _rules()
    assert len(rules) >= 25, sorted(rules)
    for name, block in rules.items():
        if name == "all":
            continue
        found = re.search(r'conda:\n\s+"\.\./envs/([\w.-]+\.yaml)"', block)
        assert found, f"rule {name} has no conda env"
        assert (ENVS / found.group(1)).is_file(), (name, found.group(1))


def test_env_channels_carry_every_package():
    for env in sorted(ENVS.glob("*.yaml")):
        spec = yaml.safe_load(env.read_text())
        channels = spec["channels"]
        assert channels[-1] == "nodefaults", env.name
        for dep in spec["dependencies"]:
            if isinstance(dep, dict):
                assert set(dep) == {"pip"}, (env.name, dep)
                continue
            name = _package(dep)
            assert name in CHANNEL_OF, f"{env.name}: add {name} to CHANNEL_OF"
            assert CHANNEL_OF[name] in channels, (env.name, name, channels)
            if name not in ("pip",):
                assert "=" in dep, f"{env.name}: {dep} is not pinned"


def test_python_env_installs_the_lock_the_package_and_secactpy():
    spec = yaml.safe_load((ENVS / "tenseq.yaml").read_text())
    python = next(d for d in spec["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.split("=")[-1] == "3.11"  # requirements.lock is for Python 3.11
    pip = next(d for d in spec["dependencies"] if isinstance(d, dict))["pip"]
    # conda runs pip from the env file's folder: the paths must reach the lock and the repo
    lock = next(p for p in pip if p.startswith("-r ")).removeprefix("-r ")
    assert (ENVS / lock).resolve() == (REPO / "requirements.lock").resolve()
    package = next(p for p in pip if p.startswith("-e ")).removeprefix("-e ")
    pyproject = (ENVS / package / "pyproject.toml").read_text()
    assert re.search(r'^name = "tenseq"$', pyproject, re.M)
    # secactpy: the Makefile's pin, installed without its numpy<2 constraint
    makefile = (REPO / "Makefile").read_text()
    pinned = re.search(r"^SECACTPY := (\S+)$", makefile, re.M).group(1)
    deploy = (ENVS / "tenseq.post-deploy.sh").read_text()
    assert f"pip install --no-deps {pinned}" in deploy
    assert "secactpy" not in _lock()  # so the lock's numpy 2 pin is not fought by pip
    # CytoSig (its expanded signature): the Makefile's pin, the same in the rule env and
    # environment.yml, never in the lock (its compiled dependency is not installed)
    cytosig = re.search(r"^CYTOSIG := (\S+)$", makefile, re.M).group(1)
    assert f"pip install --no-deps {cytosig}" in deploy
    assert cytosig in (REPO / "environment.yml").read_text()
    assert not any(name.lower() == "cytosig" for name in _lock())


def test_rule_env_pins_match_the_lock_and_the_apt_tools():
    lock = _lock()
    main = _conda_pins(REPO / "environment.yml")
    for env in sorted(ENVS.glob("*.yaml")):
        spec = yaml.safe_load(env.read_text())
        for dep in spec["dependencies"]:
            if isinstance(dep, dict):
                for line in dep["pip"]:
                    if "==" in line:
                        name, version = line.split("==")
                        assert lock.get(name) == version, (env.name, line)
            elif _package(dep) not in ("pip", "python"):
                assert main[_package(dep)] == dep.split("=")[-1].strip(), (env.name, dep)
