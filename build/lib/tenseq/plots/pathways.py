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


def program_heatmap(
    scores: pd.DataFrame, conditions: pd.Series, path: str | Path, *, max_sets: int = 40
) -> None:
    """Samples (grouped by condition) x programs, per-sample ULM scores.

    The curated TENSEQ_ programs are always shown; of the other sets only the
    ``max_sets`` most variable across samples, so large collections stay legible.
    """
    order = conditions.sort_values(kind="mergesort").index
    curated = [c for c in scores.columns if c.startswith("TENSEQ_")]
    others = scores.drop(columns=curated).var().sort_values(ascending=False, kind="mergesort")
    keep = curated + sorted(others.index[: max(0, max_sets - len(curated))])
    data = scores.loc[order, keep]
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


def running_sums(
    stat: pd.Series, sets: dict[str, list[str]], path: str | Path, *, title: str = ""
) -> None:
    """GSEA running-sum curves with hit ticks for a few top sets, one panel each."""
    from tenseq.pathways.scoring import running_sum

    names = list(sets)
    fig, axes = plt.subplots(
        len(names), 1, figsize=(6.5, 2.2 * len(names) + 0.5), squeeze=False, sharex=True
    )
    for ax, name in zip(axes[:, 0], names, strict=True):
        curve = running_sum(stat, sets[name])
        ax.plot(curve, color="tab:green", lw=1.2)
        ax.axhline(0, color="k", lw=0.5)
        span = max(curve.max(), 0) - min(curve.min(), 0)
        low = min(curve.min(), 0) - 0.05 * span
        hits = np.flatnonzero(stat.index.isin(sets[name]))
        ax.vlines(hits, low - 0.12 * span, low, color="k", lw=0.5)
        ax.set_ylabel("running ES", fontsize=7)
        ax.set_title(name.replace("TENSEQ_", "").replace("HALLMARK_", ""), fontsize=8)
    axes[-1, 0].set_xlabel(f"genes ranked by Wald statistic (n = {len(stat)})")
    fig.suptitle(title, fontsize=9)
    save(fig, path)
