"""What a run used: tool and package versions, resolved config, input checksums.

Written to ``results/provenance/`` so a result can be traced, and a rerun
months later compared, without guessing which versions produced it.
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq import io

TOOLS: dict[str, list[str]] = {
    "STAR": ["STAR", "--version"],
    "salmon": ["salmon", "--version"],
    "featureCounts": ["featureCounts", "-v"],
    "samtools": ["samtools", "--version"],
    "fastp": ["fastp", "--version"],
}
PACKAGES = (
    "tenseq",
    "snakemake",
    "numpy",
    "pandas",
    "scipy",
    "anndata",
    "scanpy",
    "pydeseq2",
    "gseapy",
    "decoupler",
    "liana",
    "secactpy",
    "CytoSig",
    "multiqc",
)
_VERSION = re.compile(r"\d+\.\d+(?:\.\d+)?[a-z]?")


def tool_versions(tools: Mapping[str, list[str]] = TOOLS) -> pd.DataFrame:
    """Version of each command-line tool as it reports it ("not found" when absent)."""
    rows = []
    for name, cmd in tools.items():
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, errors="replace", timeout=30, check=False
            )
            text = f"{proc.stdout}\n{proc.stderr}"
            match = _VERSION.search(text)
            version = match.group(0) if match else text.strip().splitlines()[0]
        except (FileNotFoundError, subprocess.TimeoutExpired):
            version = "not found"
        rows.append({"kind": "tool", "name": name, "version": version})
    return pd.DataFrame(rows)


def package_versions(packages: Iterable[str] = PACKAGES) -> pd.DataFrame:
    """Installed version of each Python package, plus the interpreter."""
    rows = [{"kind": "python", "name": "python", "version": platform.python_version()}]
    for name in packages:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        rows.append({"kind": "package", "name": name, "version": version})
    return pd.DataFrame(rows)


def checksums(files: Mapping[str, str | Path]) -> pd.DataFrame:
    """Role, path, size and SHA-256 of each input file that exists."""
    rows = []
    for role, path in files.items():
        path = Path(path)
        if path.is_file():
            rows.append(
                {
                    "role": role,
                    "path": str(path),
                    "bytes": path.stat().st_size,
                    "sha256": io.sha256(path),
                }
            )
    return pd.DataFrame(rows, columns=["role", "path", "bytes", "sha256"])


def input_roles(config: Mapping[str, Any], entry: str) -> dict[str, str]:
    """Role -> path of the files a run of this entry point reads (checksummed by the record).

    A count-matrix run reads no genome or GTF, so a reference left in its config is not
    an input (and need not exist); a BAM run reads the GTF only.
    """
    roles = {"sample_sheet": config["samples"]}
    used = {"fastq": ("genome", "gtf"), "bam": ("gtf",), "counts": ()}[entry]
    for key in used:
        roles[f"reference_{key}"] = config["reference"][key]
    if entry == "counts":
        roles["count_matrix"] = config["counts"]
    return roles
