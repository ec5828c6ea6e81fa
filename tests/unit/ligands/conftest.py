"""The signatures the ligand tests share: the curated table, CytoSig and SecAct."""

from __future__ import annotations

import pandas as pd
import pytest

from tenseq.ligands import signatures as ligands


@pytest.fixture(scope="module")
def curated() -> pd.DataFrame:
    return ligands.curated_ligands()


@pytest.fixture(scope="module")
def cytosig() -> pd.DataFrame:
    return ligands.load_signature("cytosig")


@pytest.fixture(scope="module")
def secact() -> pd.DataFrame:
    return ligands.load_signature("secact")
