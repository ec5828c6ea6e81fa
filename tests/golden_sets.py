"""Count sets with R DESeq2 golden results (tests/data/deseq2_golden/).

Each set names its samples x genes counts, design and contrast. The simulated sets are
regenerated from seeds by tenseq.datasets.toy; pasilla (GSE18508) is read from ../shared and
never copied into the repository. ``tests/data/deseq2_golden/make_golden.py`` runs R
DESeq2 on them; the parity tests run tenseq on the same inputs and compare.
"""

from __future__ import annotations

from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd

from tenseq.datasets.toy import simulate_nb_counts

GOLDEN_DIR = Path(__file__).resolve().parent / "data" / "deseq2_golden"

AB = {"id": "B_vs_A", "variable": "condition", "target": "B", "reference": "A"}
PASILLA_CONTRAST = {
    "id": "treated_vs_untreated",
    "variable": "condition",
    "target": "treated",
    "reference": "untreated",
}
# name -> (design, contrast)
SETS: dict[str, tuple[str, dict[str, str]]] = {
    "sim6": ("~ condition", AB),
    "sim24_batch": ("~ batch + condition", AB),
    "pasilla": ("~ type + condition", PASILLA_CONTRAST),
}


def to_anndata(counts: pd.DataFrame, obs: pd.DataFrame, names: pd.Series | None = None):
    """AnnData (samples x genes, raw counts in layers["counts"]) from genes x samples counts."""
    counts = counts.astype(np.int64)
    var = pd.DataFrame(index=counts.index.astype(str))
    var["gene_name"] = (
        names.reindex(counts.index).fillna(var.index.to_series()).to_numpy()
        if names is not None
        else var.index
    )
    adata = ad.AnnData(X=counts.T.to_numpy().copy(), obs=obs.loc[counts.columns], var=var)
    adata.layers["counts"] = counts.T.to_numpy()
    return adata


def pasilla(shared_dir: Path) -> ad.AnnData:
    """pasilla knockdown in Drosophila S2 cells (GSE18508): 7 samples, condition and type."""
    data = shared_dir / "data" / "pasilla_counts"
    counts = pd.read_csv(data / "pasilla_gene_counts.tsv", sep="\t", index_col="gene_id")
    annotation = pd.read_csv(data / "pasilla_sample_annotation.csv")
    obs = pd.DataFrame(
        {
            "condition": annotation["condition"].to_numpy(),
            "type": annotation["type"].str.replace("-", "_").to_numpy(),
        },
        index=annotation["file"].str.removesuffix("fb"),
    )
    return to_anndata(counts, obs)


def simulated(name: str) -> ad.AnnData:
    """The seeded simulated sets: 3 vs 3 x 3,000 genes; 12 vs 12 x 2,000 with a null batch."""
    if name == "sim6":
        adata, _ = simulate_nb_counts(3000, (3, 3), seed=6, n_de=300, lfc=1.0)
    elif name == "sim24_batch":
        adata, _ = simulate_nb_counts(2000, (12, 12), seed=24, n_de=200, lfc=1.0)
        # a batch factor crossed with condition (no effect of its own): two-factor design
        adata.obs["batch"] = np.tile(["b1", "b1", "b2"], 8)
    else:
        raise KeyError(name)
    return adata


def load(name: str, shared_dir: Path | None = None) -> ad.AnnData:
    """The input counts of a golden set."""
    if name == "pasilla":
        if shared_dir is None:
            raise ValueError("pasilla needs ../shared")
        return pasilla(shared_dir)
    return simulated(name)


def golden(name: str) -> pd.DataFrame:
    """R DESeq2's results table for a set, indexed by gene id."""
    return pd.read_csv(GOLDEN_DIR / f"{name}.tsv.gz", sep="\t", index_col="gene_id")
