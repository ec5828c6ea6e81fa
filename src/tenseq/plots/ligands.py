"""Ligand figures: ranked activity with calls, ligand x sample heatmap, signature vs data."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tenseq.plots import save

COLOURS = {
    "driver": "tab:red",
    "suppressor": "tab:blue",
    "relieved suppressor": "tab:cyan",
    "active": "tab:orange",
    "inactive": "tab:purple",
    "no call": "0.7",
}

# the legend drawn the same whatever the job imported before (scanpy's import sets these
# rcParams; the figures were first drawn in jobs that imported it)
LEGEND = {
    "fontsize": 7,
    "frameon": False,
    "borderpad": 0.0,
    "handlelength": 1.0,
    "handleheight": 1.0,
    "handletextpad": 0.5,
    "columnspacing": 1.0,
}


def receptor_missing(table: pd.DataFrame) -> pd.Series:
    """True for ligands with no expressed receptor (they cannot act on these cells directly)."""
    if "receptor_expressed" not in table:
        return pd.Series(False, index=table.index)
    return ~table["receptor_expressed"].astype(str).str.lower().isin(["true", "1"])


def ranked_bars(table: pd.DataFrame, path: str | Path, *, n: int = 25, title: str = "") -> None:
    """The table's first ``n`` rows (``rank``), coloured by call; dots: z given the selected.

    Ligands without an expressed receptor are hatched and their names end in ``*``.
    """
    top = table.sort_values("rank").head(n).iloc[::-1]
    missing = receptor_missing(top).to_numpy()
    fig, ax = plt.subplots(figsize=(6.5, 0.3 * len(top) + 1.3))
    bars = ax.barh(range(len(top)), top["z"], color=[COLOURS.get(c, "0.7") for c in top["call"]])
    for bar, hatched in zip(bars, missing, strict=True):
        if hatched:
            bar.set_hatch("///")
            bar.set_edgecolor("0.2")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS.values()]
    labels = list(COLOURS)
    if missing.any():
        handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="0.2", hatch="///"))
        labels.append("* no expressed receptor")
    if "z_conditional" in top:
        dots = ax.scatter(top["z_conditional"], range(len(top)), s=12, color="k", zorder=3)
        handles.append(dots)
        labels.append("z given the selected ligands")
    names = [
        f"{name}*" if hatched else name
        for name, hatched in zip(top["ligand"], missing, strict=True)
    ]
    ax.set_yticks(range(len(top)), names, fontsize=7)
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("ligand activity z (Stouffer over sources)")
    ax.legend(handles, labels, loc="lower right", **LEGEND)
    ax.set_title(title)
    save(fig, path)


def sample_heatmap(
    activity: pd.DataFrame, conditions: pd.Series, path: str | Path, *, n: int = 30
) -> None:
    """Ligands (most variable) x samples grouped by condition, per-sample activity z."""
    order = conditions.sort_values(kind="mergesort").index
    data = activity[order]
    data = data.loc[data.var(axis=1).sort_values(ascending=False, kind="mergesort").index[:n]]
    fig, ax = plt.subplots(figsize=(1.8 + 0.45 * len(order), 0.3 * len(data) + 1.6))
    limit = np.nanmax(np.abs(data.to_numpy())) or 1.0
    image = ax.imshow(data.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(
        range(len(order)), [f"{s} ({conditions[s]})" for s in order], rotation=90, fontsize=7
    )
    ax.set_yticks(range(len(data)), data.index, fontsize=7)
    fig.colorbar(image, ax=ax, label="activity z")
    save(fig, path)


def signature_scatter(panels: pd.DataFrame, path: str | Path) -> None:
    """Per top ligand: its signature weight vs the DE statistic.

    ``panels`` is :func:`tenseq.ligands.stage.top_signatures` (signature, gene,
    weight, stat, target, program), one panel per signature. Program genes in
    red; the genes that carry the ligand's activity (``target``) in blue and
    named, so a call can be checked against genes a biologist knows.
    """
    keys = list(dict.fromkeys(panels["signature"]))
    fig, axes = plt.subplots(
        1, max(1, len(keys)), figsize=(3.2 * max(1, len(keys)), 3.2), squeeze=False
    )
    if not keys:
        axes[0, 0].text(0.5, 0.5, "no ligand in the table", ha="center", va="center")
    for ax, key in zip(axes[0], keys, strict=False):
        part = panels[panels["signature"] == key].set_index("gene")
        ax.scatter(part["weight"], part["stat"], s=3, color="0.6", rasterized=True)
        carried = part[part["target"].astype(bool)]
        ax.scatter(carried["weight"], carried["stat"], s=14, color="tab:blue")
        hits = part[part["program"].astype(bool)]
        ax.scatter(hits["weight"], hits["stat"], s=14, color="tab:red")
        for gene in dict.fromkeys([*carried.index, *hits.index]):
            ax.annotate(gene, (part.at[gene, "weight"], part.at[gene, "stat"]), fontsize=6)
        ax.set_title(key, fontsize=8)
        ax.set_xlabel("signature weight", fontsize=7)
    axes[0, 0].set_ylabel("Wald statistic", fontsize=7)
    save(fig, path)
