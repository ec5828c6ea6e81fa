"""Sample QC figures: PCA, sample-sample correlation, library sizes."""

from __future__ import annotations

from pathlib import Path

import anndata as ad
import matplotlib.pyplot as plt
import numpy as np

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


def correlation_heatmap(adata: ad.AnnData, path: str | Path) -> None:
    """Pearson correlation of the variance-stabilized profiles, samples ordered by condition."""
    corr = adata.uns["sample_correlation"]
    order = (
        adata.obs.sort_values("condition").index if "condition" in adata.obs else adata.obs_names
    )
    corr = corr.loc[order, order]
    fig, ax = plt.subplots(figsize=(1 + 0.45 * len(order), 0.8 + 0.45 * len(order)))
    image = ax.imshow(corr.to_numpy(), cmap="viridis")
    ax.set_xticks(range(len(order)), order, rotation=90, fontsize=7)
    ax.set_yticks(range(len(order)), order, fontsize=7)
    fig.colorbar(image, ax=ax, label="Pearson r (VST)")
    save(fig, path)


def library_sizes(adata: ad.AnnData, path: str | Path) -> None:
    """Counted reads per sample."""
    fig, ax = plt.subplots(figsize=(1.5 + 0.4 * adata.n_obs, 3.5))
    ax.bar(range(adata.n_obs), adata.obs["library_size"].to_numpy() / 1e6, color="#4a7ab5")
    ax.set_xticks(range(adata.n_obs), adata.obs_names, rotation=90, fontsize=7)
    ax.set_ylabel("counted reads (millions)")
    save(fig, path)
