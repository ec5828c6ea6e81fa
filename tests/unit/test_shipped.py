import fnmatch
import tomllib

import pytest

from tenseq.shipped import resource
from tests.conftest import REPO


def test_curated_files_are_found_where_the_project_keeps_them():
    for parts in [("ligands", "ligands_mouse.tsv"), ("genesets", "neutrophil_programs_mouse.gmt")]:
        found = resource(*parts)
        assert found.read_bytes() == REPO.joinpath("resources", *parts).read_bytes()


def test_a_missing_curated_file_names_itself_and_the_fix():
    with pytest.raises(FileNotFoundError, match=r"resources/ligands/absent\.tsv.*make setup"):
        resource("ligands", "absent.tsv")


def test_the_wheel_ships_every_curated_file():
    """pyproject's package data for tenseq.resources covers every file in resources/."""
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["tenseq.resources"] == "resources"
    data = setuptools["package-data"]
    unshipped = []
    for path in (REPO / "resources").rglob("*"):
        if path.is_file():
            folder = (
                path.parent.relative_to(REPO).as_posix().replace("resources", "tenseq.resources")
            )
            package = folder.replace("/", ".")
            patterns = data.get(package, []) if package in setuptools["packages"] else []
            if not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
                unshipped.append(path.relative_to(REPO).as_posix())
    assert unshipped == []


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    src = REPO / "src"
    found = {
        path.parent.relative_to(src).as_posix().replace("/", ".")
        for path in src.rglob("*")
        if path.is_file() and path.suffix in {".py", ".tsv"} and "__pycache__" not in path.parts
    }
    assert found - listed == set()
