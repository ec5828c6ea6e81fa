"""Forward selection of the ligands that explain a contrast, across sources, one per family.

One true upstream ligand makes many signatures significant: its relatives
(IFNB1 beside IFNG), the secreted proteins it induces (CXCL11 under
IFN-gamma) and signatures that merely overlap its response. Selection asks,
step by step, which ligand explains the contrast beyond the ones already
chosen, and only those are called.

- Only **eligible** ligands are selected: an expressed receptor, and not a
  downstream responder (own gene induced and a top target of another
  significant ligand), so a responder never explains away its own cytokine.
- **One per family**: ligands sharing receptors or transcription factors are
  alternatives, not competitors; once a member is selected the others are not,
  and a selected ligand is never conditioned on a relative.
- **Specific evidence** decides between candidates: of the strongest few, the
  one whose activity survives best when each other candidate is regressed out
  (IFNG given IL1B stays, IL1B given IFNG does not).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, norm

from tenseq.ligands import activity as ligand_activity


def fdr(z: pd.Series) -> pd.Series:
    """BH FDR of two-sided normal p-values of ``z`` (NaN treated as 0)."""
    pvalue = 2 * norm.sf(z.abs().fillna(0).to_numpy())
    return pd.Series(false_discovery_control(pvalue, method="bh"), index=z.index)


def evaluator(
    fits: Mapping[str, ligand_activity.SourceFit],
) -> Callable[[tuple[str, ...]], pd.Series]:
    """A cached function: ligands given -> every ligand's z given them, Stouffer over sources.

    Each source regresses out the given ligands it covers (a ligand's own z is
    ~0 once it is given).
    """
    cache: dict[frozenset[str], pd.Series] = {}

    def evaluate(given: tuple[str, ...]) -> pd.Series:
        key = frozenset(given)
        if key not in cache:
            per = [
                fit.activity([g for g in given if g in fit.signature.columns])["z"].rename(name)
                for name, fit in fits.items()
            ]
            z = pd.concat(per, axis=1)
            cache[key] = z.sum(axis=1) / np.sqrt(z.notna().sum(axis=1))
        return cache[key]

    return evaluate


def forward_select(
    evaluate: Callable[[tuple[str, ...]], pd.Series],
    eligible: set[str],
    family: Mapping[str, str],
    *,
    alpha: float = 0.1,
    max_selected: int = 5,
    candidates: int = 5,
) -> tuple[list[str], pd.Series]:
    """Selected ligands in order, and each ligand's z given the selected ones.

    A candidate must be eligible, of a family not yet selected, significant on
    its own (BH FDR < ``alpha``) and given the selected ligands, with the same
    sign both ways. Given the selected ligands the bar is the family-wise one
    (Bonferroni over the ligands still in play): once a strong response is
    regressed out, what its signature did not capture leaves hundreds of
    signatures weakly associated, which a false-discovery bar would let in one
    after another. Of the ``candidates`` strongest, the one with the largest
    worst-case z when any other candidate is regressed out is taken. The
    conditional z of a selected ligand is given the other selected ones.
    """
    marginal = evaluate(())
    marginal_fdr = fdr(marginal)
    selected: list[str] = []
    while len(selected) < max_selected:
        current = evaluate(tuple(selected)).drop(selected)
        entry = 2 * norm.sf(current.abs().fillna(0)) * len(current)  # Bonferroni
        entry = pd.Series(entry, index=current.index)
        taken = {family.get(s, s) for s in selected}
        pool = [
            ligand
            for ligand in current.abs().sort_values(ascending=False, kind="mergesort").index
            if ligand in eligible
            and family.get(ligand, ligand) not in taken
            and entry[ligand] < alpha
            and marginal_fdr[ligand] < alpha
            and np.sign(current[ligand]) == np.sign(marginal[ligand])
        ][:candidates]
        if not pool:
            break
        specific = {
            c: min(
                (
                    evaluate((*selected, other))[c] * np.sign(current[c])
                    for other in pool
                    if other != c
                ),
                default=abs(current[c]),
            )
            for c in pool
        }
        selected.append(max(pool, key=lambda c: specific[c]))  # first of ties: stronger
    conditional = evaluate(tuple(selected)).copy()
    for ligand in selected:
        conditional[ligand] = evaluate(tuple(s for s in selected if s != ligand))[ligand]
    return selected, conditional
