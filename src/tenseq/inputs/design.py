"""Design formulas and contrasts checked against the sample sheet before any fitting.

tenseq accepts additive main-effects designs (``~ batch + condition``): the
models DESeq2 users fit for neutrophil experiments (condition, plus batch,
mouse cohort or sex). Problems that would only surface after hours of
alignment, a factor missing from the sheet, a level with one sample, a
batch confounded with the condition, a contrast level nobody was sampled in,
are reported at start-up.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tenseq.errors import InputError

_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_design(design: str, *, file: str = "config") -> list[str]:
    """Factors of an additive formula ``~ a + b`` in order; raises on anything else."""
    text = design.strip()
    if not text.startswith("~"):
        raise InputError(
            file,
            f"design '{design}' does not start with '~'",
            "write it like '~ batch + condition'",
            field="de.design",
        )
    terms = [t.strip() for t in text[1:].split("+")]
    if not terms or any(not _TERM.match(t) for t in terms):
        raise InputError(
            file,
            f"design '{design}' is not a sum of sample-sheet columns",
            "use additive main effects only, e.g. '~ batch + condition' "
            "(interactions and transformations are not supported)",
            field="de.design",
        )
    if len(set(terms)) != len(terms):
        raise InputError(
            file, f"design '{design}' repeats a factor", "name each factor once", field="de.design"
        )
    return terms


def model_matrix(samples: pd.DataFrame, factors: Sequence[str]) -> pd.DataFrame:
    """Treatment-coded model matrix (intercept + one column per non-reference level)."""
    columns = {"Intercept": np.ones(len(samples))}
    for factor in factors:
        levels = sorted(samples[factor].astype(str).unique())
        for level in levels[1:]:
            columns[f"{factor}[T.{level}]"] = (samples[factor].astype(str) == level).to_numpy(float)
    return pd.DataFrame(columns, index=samples.index)


def check_design(
    samples: pd.DataFrame, design: str, contrasts: Sequence[dict[str, Any]], *, file: str = "config"
) -> list[str]:
    """Check that the design can be fitted and every contrast estimated; return the factors.

    Raises
    ------
    InputError
        For a malformed formula, a factor that is not a sample-sheet column or
        has one level, a design that is not full rank (names the confounded
        factors), or a contrast variable that is not in the design.
    """
    factors = parse_design(design, file=file)
    for factor in factors:
        if factor not in samples.columns:
            raise InputError(
                file,
                f"design factor '{factor}' is not a sample-sheet column "
                f"({', '.join(samples.columns)})",
                "add the column to the sheet or remove it from de.design",
                field="de.design",
            )
        values = samples[factor].astype(str)
        if (values == "").any():
            raise InputError(
                file,
                f"design factor '{factor}' is empty for sample '{values.index[values == ''][0]}'",
                "fill in the column for every sample",
                field="de.design",
            )
        if values.nunique() < 2:
            raise InputError(
                file,
                f"design factor '{factor}' has a single level ('{values.iloc[0]}')",
                "remove it from de.design",
                field="de.design",
            )
    matrix = model_matrix(samples, factors)
    rank = np.linalg.matrix_rank(matrix.to_numpy())
    if rank < matrix.shape[1]:
        raise InputError(
            file,
            f"design '{design}' is not full rank: {_confounded(samples, factors)}",
            "remove one of the confounded factors, or add samples that "
            "separate them (e.g. each batch containing both conditions)",
            field="de.design",
        )
    if rank >= len(samples):
        raise InputError(
            file,
            f"design '{design}' has {rank} coefficients for "
            f"{len(samples)} samples: no residual degrees of freedom",
            "use fewer factors or more samples",
            field="de.design",
        )
    for i, contrast in enumerate(contrasts):
        if contrast["variable"] not in factors:
            raise InputError(
                file,
                f"contrast '{contrast['id']}' compares "
                f"'{contrast['variable']}', which is not in the design '{design}'",
                f"add {contrast['variable']} to de.design",
                field=f"de.contrasts[{i}].variable",
            )
    return factors


def _confounded(samples: pd.DataFrame, factors: Sequence[str]) -> str:
    """Describe which factors explain each other (nested or identical groupings)."""
    for i, a in enumerate(factors):
        for b in factors[i + 1 :]:
            table = pd.crosstab(samples[a].astype(str), samples[b].astype(str))
            if ((table > 0).sum(axis=1) == 1).all() or ((table > 0).sum(axis=0) == 1).all():
                return (
                    f"'{a}' and '{b}' are confounded (each level of one lies within one "
                    f"level of the other)"
                )
    return "some factor levels are linear combinations of others"


def check_contrasts(samples: pd.DataFrame, config: dict[str, Any], label: str) -> None:
    """Contrast variables and levels exist in the sheet with at least 2 samples each."""
    ids = set()
    for i, contrast in enumerate(config.get("de", {}).get("contrasts", [])):
        field = f"de.contrasts[{i}]"
        if contrast["id"] in ids:
            raise InputError(
                label,
                f"contrast id '{contrast['id']}' is used twice",
                "give every contrast its own id",
                field=field,
            )
        ids.add(contrast["id"])
        variable = contrast["variable"]
        if variable not in samples.columns:
            raise InputError(
                label,
                f"contrast variable '{variable}' is not a sample-sheet "
                f"column ({', '.join(samples.columns)})",
                "use a column of the sample sheet",
                field=f"{field}.variable",
            )
        counts = samples[variable].value_counts()
        for side in ("target", "reference"):
            _check_level(contrast[side], variable, counts, label, f"{field}.{side}")


def _check_level(level: str, variable: str, counts: pd.Series, label: str, field: str) -> None:
    """One side of a contrast: a level of ``variable`` with at least 2 samples."""
    if level not in counts.index:
        close = [lv for lv in counts.index if str(lv).lower() == level.lower()]
        close = close or difflib.get_close_matches(level, list(counts.index), n=1, cutoff=0.3)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            label,
            f"level '{level}' of '{variable}' has no samples "
            f"(levels: {', '.join(map(str, counts.index))})",
            f"{hint}use a level present in the sample sheet",
            field=field,
        )
    if counts[level] < 2:
        raise InputError(
            label,
            f"level '{level}' of '{variable}' has 1 sample",
            "a contrast needs at least 2 samples per group",
            field=field,
        )
