"""The neutrophil cytotoxicity score: how strongly the killing program is switched on.

Definition (configurable): the genes of one or more programs, by default the
NADPH oxidase / H2O2 set that TENs use to kill tumor cells (Granot et al. 2011).

- Per sample: the mean, over program genes, of each gene's z-score across
  samples on the variance-stabilized layer. The 95% interval comes from a
  bootstrap over the program's genes (which genes define the program is the
  main source of uncertainty with few samples).
- Per contrast: the mean Wald statistic of the program genes, with a
  competitive p-value from random gene sets of the same size (seeded). Like
  every competitive test it ignores correlation between genes, so it is
  optimistic for strongly co-regulated programs; the sample-level score lets
  users check the call on the samples themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

DEFAULT_PROGRAMS = ("TENSEQ_NADPH_OXIDASE_H2O2",)


def program_genes(sets: pd.DataFrame, programs: Iterable[str] = DEFAULT_PROGRAMS) -> list[str]:
    """Union of the named programs' genes, in first-seen order."""
    programs = list(programs)
    missing = set(programs) - set(sets["source"])
    if missing:
        raise ValueError(f"cytotoxicity programs not among the gene sets: {sorted(missing)}")
    return list(dict.fromkeys(sets.loc[sets["source"].isin(programs), "target"]))


def sample_scores(
    expression: pd.DataFrame,
    genes: Iterable[str],
    *,
    n_boot: int = 1000,
    seed: int = 42,
    level: float = 0.95,
) -> pd.DataFrame:
    """Per-sample score with a bootstrap-over-genes interval.

    Parameters
    ----------
    expression
        Samples x genes (gene symbols as columns), variance-stabilized.
    genes
        Program genes; those absent from ``expression`` are ignored.
    """
    present = [g for g in genes if g in expression.columns]
    if len(present) < 2:
        raise ValueError(f"only {len(present)} cytotoxic program genes are in the data")
    values = expression[present].to_numpy(float)
    sd = values.std(axis=0, ddof=1)
    z = (values - values.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(present), size=(n_boot, len(present)))
    boot = z[:, picks].mean(axis=2)  # samples x n_boot
    alpha = (1 - level) / 2
    return pd.DataFrame(
        {
            "sample": expression.index,
            "score": z.mean(axis=1),
            "ci_low": np.quantile(boot, alpha, axis=1),
            "ci_high": np.quantile(boot, 1 - alpha, axis=1),
            "n_genes": len(present),
        }
    )


def contrast_effect(
    stat: pd.Series, genes: Iterable[str], *, n_perm: int = 10_000, seed: int = 42
) -> dict[str, float]:
    """Mean Wald statistic of program genes and its competitive two-sided p-value."""
    stat = stat.dropna()
    present = [g for g in genes if g in stat.index]
    if len(present) < 2:
        raise ValueError(f"only {len(present)} cytotoxic program genes were tested")
    effect = float(stat.loc[present].mean())
    rng = np.random.default_rng(seed)
    values = stat.to_numpy(float)
    null = np.array(
        [values[rng.choice(len(values), len(present), replace=False)].mean() for _ in range(n_perm)]
    )
    centre = null.mean()
    extreme = np.abs(null - centre) >= abs(effect - centre)
    return {"effect": effect, "pvalue": (extreme.sum() + 1) / (n_perm + 1), "n_genes": len(present)}
