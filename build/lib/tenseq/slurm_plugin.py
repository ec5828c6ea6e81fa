"""Make the SLURM executor plugin visible to a snakemake run that uses it, and only then.

Snakemake imports every installed executor plugin at start-up to build its command
line, and snakemake-executor-plugin-slurm asks ``scontrol`` for the cluster
configuration when it is imported: ~9 s on a machine where the SLURM client is
installed but no controller answers, on every start, local runs too. ``make setup``
therefore installs the plugin outside site-packages (``.venv/slurm-plugin``) and a
``.pth`` file calls :func:`activate` at interpreter start-up, which puts that folder on
``sys.path`` only when the snakemake command line asks for the slurm executor:
``--executor slurm`` / ``-e slurm``, or a profile (``--profile``, ``--workflow-profile``,
``$SNAKEMAKE_PROFILE``) whose config says ``executor: slurm``. Standard library only:
it runs before anything else.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

PLUGIN_DIR = "slurm-plugin"  # under sys.prefix (the venv)
EXECUTOR_LINE = re.compile(r"^\s*executor\s*:\s*[\"']?slurm[\"']?\s*(#.*)?$", re.M)
PROFILE_FLAGS = ("--profile", "--workflow-profile")
EXECUTOR_FLAGS = ("--executor", "-e")


def _profile_dirs(name: str, environ: Mapping[str, str]) -> list[Path]:
    """Where snakemake looks for a profile given by path or by name."""
    config_home = environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return [
        Path(name),
        Path(config_home) / "snakemake" / name,
        Path("/etc/xdg/snakemake") / name,
    ]


def _profile_uses_slurm(name: str, environ: Mapping[str, str]) -> bool:
    for folder in _profile_dirs(name, environ):
        for config in sorted(folder.glob("config*.yaml")) if folder.is_dir() else []:
            try:
                if EXECUTOR_LINE.search(config.read_text()):
                    return True
            except OSError:
                continue
    return False


def wants_slurm(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this snakemake command line runs with the slurm executor."""
    if not argv or Path(argv[0]).name != "snakemake":
        return False
    profiles = [environ["SNAKEMAKE_PROFILE"]] if environ.get("SNAKEMAKE_PROFILE") else []
    args = list(argv[1:])
    for i, arg in enumerate(args):
        flag, _, inline = arg.partition("=")
        value = inline or (args[i + 1] if i + 1 < len(args) else "")
        if flag in EXECUTOR_FLAGS and value == "slurm":
            return True
        if flag in PROFILE_FLAGS and value:
            profiles.append(value)
    return any(_profile_uses_slurm(p, environ) for p in profiles)


def activate(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Append the plugin folder to sys.path when the run uses SLURM; never raises."""
    try:
        folder = os.path.join(sys.prefix, PLUGIN_DIR)
        argv = sys.argv if argv is None else argv
        environ = os.environ if environ is None else environ
        if os.path.isdir(folder) and wants_slurm(argv, environ):
            if folder not in sys.path:
                sys.path.append(folder)
            return True
    except Exception:  # noqa: BLE001 - interpreter start-up must never fail here
        pass
    return False
