"""Paths the user names (sample sheet, reads, BAMs, reference, gene sets) checked for reading.

Every stage's checks ask the same three questions of a path: does it exist, is it a
file, may tenseq read it. The answer names the path as the user wrote it and, for a
relative path, the directory it was read from.
"""

from __future__ import annotations

import os
from pathlib import Path

from tenseq.errors import InputError


def resolve(path: str | Path, workdir: Path) -> Path:
    """``path`` as given when absolute, else relative to the run's working directory."""
    return Path(path) if Path(path).is_absolute() else workdir / path


def check_readable_file(path: Path, label: str, row: int | None, field: str | None) -> None:
    """Raise InputError unless ``path`` is an existing, readable file (not a directory)."""
    where = "" if path.is_absolute() else f" (relative paths start from {Path.cwd()})"
    if not path.exists():
        raise InputError(
            label,
            f"file not found: {path}{where}",
            "correct the path or create the file",
            row=row,
            field=field,
        )
    if path.is_dir():
        raise InputError(
            label,
            f"{path} is a directory, not a file",
            "point to the file inside it",
            row=row,
            field=field,
        )
    if not os.access(path, os.R_OK):
        raise InputError(
            label,
            f"{path} is not readable (permissions)",
            f"make it readable: chmod a+r {path}",
            row=row,
            field=field,
        )
