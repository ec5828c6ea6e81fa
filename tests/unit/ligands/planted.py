"""Seeded statistics with planted ligand responses, shared by the ligand tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tenseq.ligands import activity as ligand_activity


def plant(signature: pd.DataFrame, plants: dict[str, float], seed: int, n_top: int = 150):
    """Wald-like noise plus responses: each ligand's top genes, with noisy, shuffled weights."""
    rng = np.random.default_rng(seed)
    stat = pd.Series(rng.normal(size=len(signature)), index=signature.index)
    for ligand, sign in plants.items():
        z = (signature[ligand] - signature[ligand].mean()) / signature[ligand].std()
        top = z.abs().nlargest(n_top).index
        # the planted response keeps only the direction of each top gene, at a random size
        stat[top] += sign * np.sign(z[top]) * rng.uniform(0.5, 2.0, size=n_top)
    return stat


def noise_rows(genes: pd.Index, d: int, seed: int) -> pd.DataFrame:
    """d residual rows of independent noise (a design with d residual degrees of freedom)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(d, len(genes))), columns=genes)


def activity_table(stat, signature, symbols, residuals=None, source="cytosig"):
    """One source's activity table, ligands named by their human symbols."""
    fit = ligand_activity.SourceFit.build(stat, signature.rename(columns=symbols), residuals)
    return ligand_activity.contrast_activity(stat, fit, source)


def structured_samples(seed: int, z: pd.DataFrame, *, planted: float = 0.0, paired=False):
    """12 samples sharing IFNG, TNFA and IL6 responses of random strength.

    Labels are random (a null) unless ``planted``: then the second group also
    carries that much G-CSF response. ``paired``: six donors with one sample
    per group and a donor effect. Returns the Wald-like statistic, the
    residual effects of the design model and the design.
    """
    rng = np.random.default_rng(seed)
    load = rng.normal(0, 0.3, size=(12, 3))
    expression = rng.normal(size=(12, len(z))) + load @ z[["IFNG", "TNFA", "IL6"]].T.to_numpy()
    if paired:
        donor = np.repeat(np.arange(6), 2)
        labels = np.tile([False, True], 6)
        expression += rng.normal(0, 1, size=(6, len(z)))[donor]
    else:
        donor = np.zeros(12, int)
        labels = rng.permutation([0] * 6 + [1] * 6).astype(bool)
        if planted:
            labels = np.array([False] * 6 + [True] * 6)
    expression[labels] += planted * z["GCSF"].to_numpy()
    obs = pd.DataFrame(
        {"condition": np.where(labels, "b", "a"), "donor": [f"d{d}" for d in donor]},
        index=[f"s{i}" for i in range(12)],
    )
    design = "~ donor + condition" if paired else "~ condition"
    model = ligand_activity.design_matrix(obs, design)
    frame = pd.DataFrame(expression.T, index=z.index, columns=obs.index)
    residuals = ligand_activity.residual_effects(frame, model)
    coef, *_ = np.linalg.lstsq(model, expression, rcond=None)
    fitted = expression - model @ coef
    sigma = np.sqrt((fitted**2).sum(axis=0) / (12 - np.linalg.matrix_rank(model)))
    unscaled = np.linalg.inv(model.T @ model)[-1, -1]
    stat = pd.Series(coef[-1] / (sigma * np.sqrt(unscaled)), index=z.index)
    return stat, residuals
