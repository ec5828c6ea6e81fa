"""Volcano and MA plots with the neutrophil cytotoxic program highlighted.

The program is the genes of the configured ``pathways.cytotoxicity_programs``, resolved
against the run's gene sets by the caller (``tenseq.pathways.cytotoxicity.program_genes``),
so the plots mark the same genes the cytotoxicity score uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tenseq.plots import save


def _highlight(table: pd.DataFrame, program: Iterable[str]) -> np.ndarray:
    wanted = {g.upper() for g in program}
    return table["gene_name"].astype(str).str.upper().isin(wanted).to_numpy()


def _label(ax, table: pd.DataFrame, x: str, y: np.ndarray, mask: np.ndarray) -> None:
    for (_, row), yy in zip(table[mask].iterrows(), y[mask], strict=True):
        ax.annotate(
            row["gene_name"], (row[x], yy), fontsize=7, xytext=(3, 3), textcoords="offset points"
        )


def volcano(
    table: pd.DataFrame,
    path: str | Path,
    *,
    alpha: float = 0.1,
    n_label: int = 10,
    program: Iterable[str] = (),
    title: str = "",
) -> None:
    """log2 fold change vs -log10 p; significant genes coloured, program genes marked."""
    data = table.dropna(subset=["pvalue", "log2FoldChange"]).reset_index(drop=True)
    y = -np.log10(np.clip(data["pvalue"].to_numpy(), 1e-300, None))
    sig = (data["padj"] < alpha).to_numpy()
    prog = _highlight(data, program)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(
        data["log2FoldChange"],
        y,
        s=6,
        c=np.where(sig, "#c0392b", "#bbbbbb"),
        linewidths=0,
        label=f"padj < {alpha}",
    )
    ax.scatter(
        data.loc[prog, "log2FoldChange"],
        y[prog],
        s=28,
        facecolors="none",
        edgecolors="#1f4e79",
        linewidths=1.2,
        label="cytotoxic program",
    )
    top = np.zeros(len(data), bool)
    top[: min(n_label, len(data))] = True  # table is sorted by p-value
    _label(ax, data, "log2FoldChange", y, top | prog)
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("log2 fold change")
    ax.set_ylabel("-log10 p-value")
    ax.set_title(title or "Volcano plot")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    save(fig, path)


def ma_plot(
    table: pd.DataFrame,
    path: str | Path,
    *,
    alpha: float = 0.1,
    program: Iterable[str] = (),
    title: str = "",
) -> None:
    """Mean normalized count vs log2 fold change (shrunk when available)."""
    data = table.dropna(subset=["baseMean", "log2FoldChange"]).reset_index(drop=True)
    lfc = (
        "log2FoldChange_shrunk" if data["log2FoldChange_shrunk"].notna().any() else "log2FoldChange"
    )
    sig = (data["padj"] < alpha).to_numpy()
    prog = _highlight(data, program)
    x = np.log10(data["baseMean"].to_numpy() + 1)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(x, data[lfc], s=6, c=np.where(sig, "#c0392b", "#bbbbbb"), linewidths=0)
    ax.scatter(
        x[prog], data.loc[prog, lfc], s=28, facecolors="none", edgecolors="#1f4e79", linewidths=1.2
    )
    for i in np.flatnonzero(prog):
        ax.annotate(
            data.at[i, "gene_name"],
            (x[i], data.at[i, lfc]),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("log10 (mean normalized count + 1)")
    ax.set_ylabel(lfc.replace("_", " "))
    ax.set_title(title or "MA plot")
    save(fig, path)
