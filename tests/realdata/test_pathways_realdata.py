"""Hallmark directions on GSE60450 (mouse mammary basal vs luminal), PROVENANCE.md answer 4."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tenseq.pathways import genesets
from tenseq.pathways import scoring as pathways

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def basal_vs_luminal(shared_dir, gse60450):
    counts, sheet, symbols = gse60450
    cpm = counts / counts.sum() * 1e6
    keep = (cpm > 0.5).sum(axis=1) >= 2
    log_cpm = np.log2(counts[keep] / counts.sum() * 1e6 + 0.5)
    basal = log_cpm.loc[:, (sheet["cell_type"] == "basal").to_numpy()]
    luminal = log_cpm.loc[:, (sheet["cell_type"] == "luminal").to_numpy()]
    t = stats.ttest_ind(basal, luminal, axis=1, equal_var=False).statistic
    table = pd.DataFrame({"gene_name": symbols.reindex(log_cpm.index).to_numpy(), "stat": t})
    stat = pathways.ranking(table.dropna())
    sets = genesets.read_gmt(shared_dir / "resources" / "msigdb_mh_all_mouse.gmt")
    return stat, genesets.filter_sets(sets, stat.index, min_size=15)


def _direction(table: pd.DataFrame, score: str) -> dict[str, float]:
    return dict(zip(table["set"], table[score], strict=True))


def test_hallmark_directions_ulm_and_prerank(basal_vs_luminal):
    stat, sets = basal_vs_luminal
    ulm = pathways.ulm_contrast(stat, sets)
    gsea = pathways.prerank(stat, sets, permutations=200, seed=1)
    for table, score in ((ulm, "score"), (gsea, "nes")):
        direction = _direction(table, score)
        fdr = _direction(table, "fdr")
        for up_in_basal in ("HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION", "HALLMARK_MYOGENESIS"):
            assert direction[up_in_basal] > 0 and fdr[up_in_basal] < 0.05, up_in_basal
        assert direction["HALLMARK_OXIDATIVE_PHOSPHORYLATION"] < 0
        assert fdr["HALLMARK_OXIDATIVE_PHOSPHORYLATION"] < 0.05
    # the top set by ULM is EMT, as in the checked answer
    assert (
        ulm.sort_values("score", ascending=False)["set"].iloc[0]
        == "HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION"
    )


@pytest.mark.parametrize("method", ["ulm", "ssgsea"])
def test_per_sample_emt_separates_basal_from_luminal(shared_dir, gse60450, method):
    # the real matrix comes genes x samples, as count tables do; scoring handles that
    counts, sheet, symbols = gse60450
    log_cpm = np.log2(counts / counts.sum() * 1e6 + 0.5)
    log_cpm = log_cpm[(counts > 10).sum(axis=1) >= 4]
    log_cpm.index = symbols.reindex(log_cpm.index).to_numpy()
    log_cpm = log_cpm[log_cpm.index.notna()].groupby(level=0).mean()
    sets = genesets.read_gmt(shared_dir / "resources" / "msigdb_mh_all_mouse.gmt")
    sets = genesets.filter_sets(sets, log_cpm.index, min_size=15)
    score = pathways.sample_ulm if method == "ulm" else pathways.sample_ssgsea
    scores = score(log_cpm, sets)  # genes x samples in, samples x sets out
    assert list(scores.index) == list(sheet.index)
    emt = scores["HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION"]
    basal = (sheet["cell_type"] == "basal").to_numpy()
    assert emt[basal].min() > emt[~basal].max()
