"""Shared loaders of the public datasets in ../shared/data used by several real-data tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def gse60450(shared_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Mouse mammary GSE60450: counts (Entrez x samples, sheet order), sheet, Entrez -> symbol."""
    data = shared_dir / "data" / "mouse_mammary_gse60450"
    counts = pd.read_csv(
        data / "GSE60450_Lactation-GenewiseCounts.txt", sep="\t", index_col="EntrezGeneID"
    ).drop(columns="Length")
    sheet = pd.read_csv(data / "samples.tsv", sep="\t").set_index("sample")
    symbols = pd.read_csv(data / "entrez_to_symbol_mouse.tsv", sep="\t", index_col=0)["symbol"]
    return counts[sheet.index], sheet, symbols
