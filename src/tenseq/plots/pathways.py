"""Pathway figures: enrichment dot plot per contrast, program scores by sample."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tenseq.plots import save


def dotplot(table: pd.DataFrame, path: str | Path, *, n: int = 20, title: str = "") -> None:
    """NES per set (top ``n`` by p-value); dot size = set size, colour = -log10 FDR."""
    top = table.head(n).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(top) + 1.2))
    colour = -np.log10(np.clip(top["fdr"].to_numpy(float), 1e-10, 1))
    dots = ax.scatter(
        top["nes"],
        range(len(top)),
        s=20 + 8 * top["size"],
        c=colour,
        cmap="viridis",
        vmin=0,
        vmax=max(2, colour.max()),
    )
    ax.set_yticks(
        range(len(top)),
        [s.replace("TENSEQ_", "").replace("HALLMARK_", "") for s in top["set"]],
        fontsize=7,
    )
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("normalized enrichment score (GSEA prerank)")
    ax.set_title(title)
    fig.colorbar(dots, ax=ax, label="-log10 FDR")
    save(fig, path)


def program_heatmap(scores: pd.DataFrame, conditions: pd.Series, path: str | Path) -> None:
    """Samples (grouped by condition) x programs, per-sample ULM scores."""
    order = conditions.sort_values(kind="mergesort").index
    data = scores.loc[order]
    fig, ax = plt.subplots(figsize=(1.5 + 0.5 * len(order), 0.4 * data.shape[1] + 1.5))
    limit = np.nanmax(np.abs(data.to_numpy())) or 1.0
    image = ax.imshow(data.T.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(
        range(len(order)), [f"{s} ({conditions[s]})" for s in order], rotation=90, fontsize=7
    )
    ax.set_yticks(
        range(data.shape[1]), [c.replace("TENSEQ_", "") for c in data.columns], fontsize=7
    )
    fig.colorbar(image, ax=ax, label="ULM score")
    save(fig, path)
