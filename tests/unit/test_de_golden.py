"""tenseq's DE against R DESeq2's committed results (tests/data/deseq2_golden/), no R needed.

PyDESeq2-style: the same genes untested (NaN p-values and padj) first, then relative
errors of the estimates, the LFC correlation and the overlap of the padj < 0.1 calls.
Tolerances are the measured agreement with some margin (tests/data/deseq2_golden/README.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tenseq.de import run_contrasts
from tests import golden_sets


def compare_with_r(ours: pd.DataFrame, r: pd.DataFrame) -> dict[str, float]:
    """Agreement of a tenseq results table with R's, on the genes R tested (baseMean > 0)."""
    r = r[r["baseMean"] > 0]
    ours = ours.set_index("gene_id").reindex(r.index)
    both = ours["pvalue"].notna() & r["pvalue"].notna()

    def rel(column: str) -> pd.Series:
        ok = both & r[column].notna() & ours[column].notna()
        return ((ours[column] - r[column]).abs() / r[column].abs())[ok]

    ours_sig = set(ours.index[ours["padj"] < 0.1])
    r_sig = set(r.index[r["padj"] < 0.1])
    return {
        "missing": int(ours["baseMean"].isna().sum()),
        "pvalue_nan_mismatch": int((ours["pvalue"].isna() != r["pvalue"].isna()).sum()),
        "padj_nan_mismatch": int((ours["padj"].isna() != r["padj"].isna()).sum()),
        "lfc_rel_max": rel("log2FoldChange").max(),
        "lfc_rel_q99": rel("log2FoldChange").quantile(0.99),
        "se_rel_q99": rel("lfcSE").quantile(0.99),
        "pvalue_rel_q99": rel("pvalue").quantile(0.99),
        "lfc_r": np.corrcoef(ours.loc[both, "log2FoldChange"], r.loc[both, "log2FoldChange"])[0, 1],
        "jaccard": len(ours_sig & r_sig) / len(ours_sig | r_sig),
    }


@pytest.fixture(scope="module", params=["sim6", "sim24_batch"])
def simulated(request):
    name = request.param
    design, contrast = golden_sets.SETS[name]
    adata = golden_sets.simulated(name)
    table = run_contrasts(adata, design, [contrast], shrink_lfc=False)[contrast["id"]]
    return compare_with_r(table, golden_sets.golden(name))


def test_same_genes_tested_as_r(simulated):
    assert simulated["missing"] == 0
    assert simulated["pvalue_nan_mismatch"] == 0
    assert simulated["padj_nan_mismatch"] == 0


def test_estimates_match_r(simulated):
    # measured: LFC max 0.038, q99 0.0012; lfcSE q99 0.002; p-value q99 0.044
    assert simulated["lfc_rel_max"] < 0.05
    assert simulated["lfc_rel_q99"] < 0.005
    assert simulated["se_rel_q99"] < 0.01
    assert simulated["pvalue_rel_q99"] < 0.06
    assert simulated["lfc_r"] > 0.9999
    assert simulated["jaccard"] == 1.0
