import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tenseq.pathways import cytotoxicity, genesets

GENES = [f"G{i:03d}" for i in range(500)]
PROGRAM = GENES[:10]


def _expression(seed: int, shift: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.normal(8, 1, size=(8, 500))
    values[4:, :10] += shift  # the last four samples switch the program on
    return pd.DataFrame(values, index=[f"s{i}" for i in range(8)], columns=GENES)


def test_default_program_is_the_nadph_oxidase():
    genes = cytotoxicity.program_genes(genesets.curated_sets())
    assert {"Cybb", "Ncf1", "Ncf2", "Cyba"} <= set(genes)


def test_shifted_samples_score_higher_with_intervals_that_separate():
    table = cytotoxicity.sample_scores(_expression(0, 2.0), PROGRAM, n_boot=500)
    high, low = table.iloc[4:], table.iloc[:4]
    assert high["score"].min() > low["score"].max()
    assert (high["ci_low"] > 0).all() and (low["ci_high"] < 0).all()
    assert (table["ci_low"] <= table["score"]).all() and (table["score"] <= table["ci_high"]).all()


def test_contrast_effect_detects_a_shift_and_is_calibrated_under_null():
    rng = np.random.default_rng(1)
    stat = pd.Series(rng.normal(size=500), index=GENES)
    shifted = stat.copy()
    shifted[PROGRAM] += 2.0
    result = cytotoxicity.contrast_effect(shifted, PROGRAM, n_perm=2000)
    assert result["effect"] > 1.5 and result["pvalue"] < 0.001
    pvalues = [
        cytotoxicity.contrast_effect(
            pd.Series(np.random.default_rng(s).normal(size=500), index=GENES),
            PROGRAM,
            n_perm=500,
            seed=s,
        )["pvalue"]
        for s in range(40)
    ]
    assert stats.kstest(pvalues, "uniform").pvalue > 0.01


def test_too_few_genes_is_an_error():
    with pytest.raises(ValueError, match="only 0 cytotoxic program genes"):
        cytotoxicity.sample_scores(_expression(0, 0), ["Cybb"], n_boot=10)
