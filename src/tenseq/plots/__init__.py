"""Figures of each stage: plain matplotlib, saved atomically as PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from tenseq.io import atomic_path  # noqa: E402


def save(fig: plt.Figure, path: str | Path) -> None:
    """Save ``fig`` as PNG at ``path`` (via a temporary file) and close it."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120, bbox_inches="tight")
    plt.close(fig)
