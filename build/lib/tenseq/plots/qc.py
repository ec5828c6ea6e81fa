"""Sample QC figures: PCA, sample-sample correlation, library sizes."""

from __future__ import annotations

from pathlib import Path

import anndata as ad
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from tenseq.plots import save


def pca(adata: ad.AnnData, path: str | Path, *, color: str = "condition") -> None:
    """PC1 vs PC2 coloured by ``color``; outliers ringed in red."""
    pcs = adata.obsm["X_pca"]
    ratio = adata.uns["pca"]["variance_ratio"]
    groups = adata.obs[color].astype(str) if color in adata.obs else None
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    y = pcs[:, 1] if pcs.shape[1] > 1 else np.zeros(len(pcs))
    levels = sorted(groups.unique()) if groups is not None else ["all"]
    for i, level in enumerate(levels):
        mask = (groups == level).to_numpy() if groups is not None else np.ones(len(pcs), bool)
        ax.scatter(pcs[mask, 0], y[mask], s=40, color=plt.cm.tab10(i % 10), label=level)
    out = adata.obs["outlier"].to_numpy(bool)
    ax.scatter(pcs[out, 0], y[out], s=140, facecolors="none", edgecolors="red", label="outlier")
    for name, xx, yy in zip(adata.obs_names, pcs[:, 0], y, strict=True):
        ax.annotate(name, (xx, yy), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(f"PC1 ({ratio[0]:.0%})")
    ax.set_ylabel(f"PC2 ({ratio[1]:.0%})" if len(ratio) > 1 else "PC2")
    ax.legend(fontsize=8, frameon=False)
    save(fig, path)


# Up to this many samples every sample gets a named row and column; beyond it the
# figure keeps a fixed size (a 200-sample grid drawn at 0.45 in per sample is 91 x 91 in,
# gigabytes of pixels) and names the condition blocks instead.
MAX_NAMED_SAMPLES = 60
MAX_SIDE_INCHES = 12.0


def _sample_order(adata: ad.AnnData, corr: pd.DataFrame) -> list[str]:
    """Samples by condition, and within a condition by average-linkage clustering (1 - r)."""
    groups = (
        adata.obs["condition"].astype(str)
        if "condition" in adata.obs
        else pd.Series("all", index=adata.obs_names)
    )
    order: list[str] = []
    for level in sorted(groups.unique()):
        members = list(groups.index[groups == level])
        if len(members) > 2:
            block = corr.loc[members, members].to_numpy()
            distance = squareform(np.clip(1 - block, 0, None), checks=False)
            members = [members[i] for i in leaves_list(linkage(distance, "average"))]
        order += members
    return order


def correlation_heatmap(adata: ad.AnnData, path: str | Path) -> None:
    """Pearson correlation of the variance-stabilized profiles, samples ordered by condition.

    Within each condition samples are clustered, so a sample unlike its group stands out
    at any cohort size; the figure is never larger than MAX_SIDE_INCHES a side.
    """
    corr = adata.uns["sample_correlation"]
    order = _sample_order(adata, corr)
    corr = corr.loc[order, order]
    n = len(order)
    side = min(MAX_SIDE_INCHES, 1 + 0.45 * n)
    fig, ax = plt.subplots(figsize=(side, side - 0.2))
    image = ax.imshow(corr.to_numpy(), cmap="viridis", interpolation="nearest")
    if n <= MAX_NAMED_SAMPLES:
        ax.set_xticks(range(n), order, rotation=90, fontsize=7)
        ax.set_yticks(range(n), order, fontsize=7)
    else:
        _label_condition_blocks(ax, adata, order)
    fig.colorbar(image, ax=ax, label="Pearson r (VST)", shrink=0.8)
    save(fig, path)


def _label_condition_blocks(ax: plt.Axes, adata: ad.AnnData, order: list[str]) -> None:
    """One tick per condition block (and a line between blocks) instead of sample names."""
    conditions = (
        adata.obs.loc[order, "condition"].astype(str).to_numpy()
        if "condition" in adata.obs
        else np.array(["all"] * len(order))
    )
    starts = [0] + [i for i in range(1, len(order)) if conditions[i] != conditions[i - 1]]
    ends = starts[1:] + [len(order)]
    centers = [(a + b - 1) / 2 for a, b in zip(starts, ends, strict=True)]
    labels = [f"{conditions[a]} (n={b - a})" for a, b in zip(starts, ends, strict=True)]
    ax.set_xticks(centers, labels, rotation=90, fontsize=9)
    ax.set_yticks(centers, labels, fontsize=9)
    for edge in starts[1:]:
        ax.axhline(edge - 0.5, color="white", lw=1)
        ax.axvline(edge - 0.5, color="white", lw=1)


def library_sizes(adata: ad.AnnData, path: str | Path) -> None:
    """Counted reads per sample (named up to MAX_NAMED_SAMPLES; the width is capped)."""
    n = adata.n_obs
    fig, ax = plt.subplots(figsize=(min(1.5 + 0.4 * n, 2 * MAX_SIDE_INCHES), 3.5))
    ax.bar(range(n), adata.obs["library_size"].to_numpy() / 1e6, color="#4a7ab5")
    if n <= MAX_NAMED_SAMPLES:
        ax.set_xticks(range(n), adata.obs_names, rotation=90, fontsize=7)
    else:
        ax.set_xticks([])
        ax.set_xlabel(f"{n} samples, in sample-sheet order")
    ax.set_ylabel("counted reads (millions)")
    save(fig, path)
