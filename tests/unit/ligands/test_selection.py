"""Forward selection: one ligand per family, collinear signatures and responders kept out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tenseq.ligands import activity as ligand_activity
from tenseq.ligands import selection as ligand_selection
from tests.unit.ligands.planted import noise_rows


def _selection(secact, plants: dict[str, float], seed: int):
    z = (secact - secact.mean()) / secact.std()
    z = z.sub(z.mean(axis=1), axis=0)
    rng = np.random.default_rng(seed)
    stat = pd.Series(rng.normal(size=len(z)), index=z.index)
    for ligand, size in plants.items():
        stat += size * z[ligand]
    fit = ligand_activity.SourceFit.build(stat, secact, noise_rows(stat.index, 12, seed))
    return ligand_selection.evaluator({"secact": fit})


def test_forward_selection_keeps_collinear_signatures_out(secact):
    """One TGF-beta1 and one IFN-gamma response make hundreds of SecAct ligands significant.

    SecAct's stromal and ECM signatures are collinear with its TGF-beta1 response
    (planted here from SecAct itself, to test the selection, not the inference).
    Within SecAct the TGF-beta1 response is not separable from them: forward
    selection picks IFNG and one representative of the TGF-beta1 block.
    """
    evaluate = _selection(secact, {"IFNG": 0.3, "TGFB1": -0.3}, seed=5)
    marginal = evaluate(())
    selected, conditional = ligand_selection.forward_select(
        evaluate, set(secact.columns), {}, max_selected=5
    )
    assert (ligand_selection.fdr(marginal) < 0.1).sum() > 500
    assert "IFNG" in selected[:2] and conditional["IFNG"] > 5 and len(selected) <= 5
    first = selected[0] if selected[0] != "IFNG" else selected[1]
    assert np.corrcoef(secact[first], secact["TGFB1"])[0, 1] > 0.5  # the TGF-beta1 block


def test_selection_skips_responders_and_keeps_one_per_family(secact):
    """An IFN-gamma response: its induced chemokines and its relatives are not selected.

    CXCL10 and CXCL11 (secreted under IFN-gamma) are ineligible as responders;
    with IFNG, IFNL1 and IL27 in one family only one of them is selected, and
    the selected one is IFNG (its activity survives the others regressed out).
    """
    evaluate = _selection(secact, {"IFNG": 0.4}, seed=8)
    family = {"IFNG": "interferons", "IFNL1": "interferons", "IL27": "interferons"}
    eligible = set(secact.columns) - {"CXCL10", "CXCL11"}
    selected, conditional = ligand_selection.forward_select(
        evaluate, eligible, family, max_selected=3
    )
    assert selected[0] == "IFNG" and conditional["IFNG"] > 5
    assert not {"CXCL10", "CXCL11", "IFNL1", "IL27"} & set(selected)
    # without the rules the responders compete: a selected responder would explain IFNG away
    free, _ = ligand_selection.forward_select(evaluate, set(secact.columns), {}, max_selected=3)
    assert free[0] == "IFNG"  # specific evidence still puts the cytokine first
