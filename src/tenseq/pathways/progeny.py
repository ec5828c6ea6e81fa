"""PROGENy pathway activities (Schubert et al. 2018, Nat Commun 9:20) with decoupler.

The model (pathway x gene weights, mouse or human) comes from decoupler's
OmniPath client on first use and is cached with a checksum, or from a user
path. Scores are decoupler ULM t-values on the model's signed weights
(:func:`tenseq.pathways.scoring.network`), per sample on gene-centred expression
and per contrast on the Wald statistic, as in decoupler's PROGENy tutorial.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tenseq.errors import InputError
from tenseq.pathways.fetch import Cached, fetch_once

COLUMNS = ("source", "target", "weight")


def fetch_model(organism: str, top: int) -> str:
    """Download the PROGENy weights through decoupler (OmniPath)."""
    import decoupler as dc

    model = dc.op.progeny(organism=organism, top=top)
    return model.to_csv(sep="\t", index=False)


def obtain(organism: str, top: int, cache_dir: str | Path, *, timeout: float = 30.0) -> Cached:
    """The model from the cache, or fetched into it; ``path`` None when offline."""
    path = Path(cache_dir) / "progeny" / f"progeny_{organism}_top{top}.tsv"
    return fetch_once(
        path,
        lambda: fetch_model(organism, top),
        what=f"PROGENy {organism} top {top}",
        timeout=timeout,
        check=read_model,
    )


def read_model(path: str | Path) -> pd.DataFrame:
    """A PROGENy table with source (pathway), target (gene) and weight columns."""
    try:
        model = pd.read_csv(path, sep="\t")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(
            str(path), f"cannot be read as a table ({err})", "give a tab-separated PROGENy table"
        ) from err
    missing = [c for c in COLUMNS if c not in model.columns]
    if missing:
        raise InputError(
            str(path),
            f"columns {', '.join(missing)} are missing (found {', '.join(model.columns[:5])})",
            "give a tab-separated PROGENy table with source, target and weight columns",
            row=1,
        )
    if not pd.api.types.is_numeric_dtype(model["weight"]) or model.empty:
        raise InputError(
            str(path),
            "the weight column is not numeric or the table has no rows",
            "give a PROGENy table with numeric weights",
        )
    return model[list(COLUMNS)].dropna().drop_duplicates(["source", "target"])
