"""Where the curated data that tenseq ships are found, however tenseq was installed.

The curated tables (neutrophil gene programs, the ligand table) live in the project's
``resources/`` directory, with their sources beside them. One resolver finds them:

- from a wheel: ``pyproject.toml`` packs ``resources/`` into the package as
  ``tenseq/resources``;
- from a clone (``make setup``) or a Snakemake module's conda environment (both install
  the project editable): the project directory that pip recorded for the install
  (PEP 610 ``direct_url.json``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse


def resource(*parts: str) -> Path:
    """The curated file ``resources/<parts>``, e.g. ``resource("ligands", "ligands_mouse.tsv")``."""
    tried = []
    for root in _roots():
        path = root.joinpath(*parts)
        if path.is_file():
            return path
        tried.append(str(path))
    raise FileNotFoundError(
        f"tenseq's curated file resources/{'/'.join(parts)} was not found (looked at "
        f"{', '.join(tried) or 'no install location'}); reinstall tenseq with `make setup`"
    )


def _roots() -> Iterator[Path]:
    yield Path(str(importlib.resources.files("tenseq"))) / "resources"
    project = _installed_project()
    if project is not None:
        yield project / "resources"


@cache
def _installed_project() -> Path | None:
    """The project directory of an editable install, as pip recorded it."""
    try:
        text = importlib.metadata.distribution("tenseq").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    url = urlparse(json.loads(text).get("url", ""))
    return Path(unquote(url.path)) if url.scheme == "file" else None
