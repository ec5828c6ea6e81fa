"""Regenerate the R DESeq2 golden tables (needs Rscript with DESeq2; Debian: r-bioc-deseq2).

Usage: .venv/bin/python tests/data/deseq2_golden/make_golden.py [set ...]

Writes <set>.tsv.gz next to this script for every set in tests/golden_sets.py (pasilla
needs ../shared beside the repository; its counts are read there, only R's results are
written here).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from tests import golden_sets  # noqa: E402


def run_r(name: str) -> pd.DataFrame:
    """R DESeq2's results for one set."""
    adata = golden_sets.load(name, REPO.parent / "shared")
    design, contrast = golden_sets.SETS[name]
    counts = pd.DataFrame(adata.layers["counts"].T, index=adata.var_names, columns=adata.obs_names)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        counts.to_csv(tmp / "counts.tsv", sep="\t")
        adata.obs.drop(columns=["gene_name"], errors="ignore").to_csv(tmp / "coldata.tsv", sep="\t")
        subprocess.run(
            ["Rscript", str(HERE / "make_golden.R"), str(tmp / "counts.tsv"),
             str(tmp / "coldata.tsv"), design, contrast["variable"], contrast["target"],
             contrast["reference"], str(tmp / "out.tsv")],
            check=True,
        )  # fmt: skip
        return pd.read_csv(tmp / "out.tsv", sep="\t", na_values=["NA"], skipinitialspace=True)


def main() -> None:
    for name in sys.argv[1:] or list(golden_sets.SETS):
        table = run_r(name)
        table.to_csv(
            HERE / f"{name}.tsv.gz",
            sep="\t",
            index=False,
            float_format="%.8g",
            compression={"method": "gzip", "mtime": 0},
        )
        print(name, table.shape, int((table["padj"] < 0.1).sum()), "at padj < 0.1")


if __name__ == "__main__":
    main()
