"""PROGENy models: reading a user or cached table, and scores that find a planted pathway."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.pathways import progeny


def test_progeny_model_reading(tmp_path, progeny_tsv):
    model = progeny.read_model(progeny_tsv)
    assert model["source"].nunique() == 14
    assert model.groupby("source").size().max() == 500
    (tmp_path / "bad.tsv").write_text("pathway\tgene\nTGFb\tSmad7\n")
    with pytest.raises(InputError, match="source, target"):
        progeny.read_model(tmp_path / "bad.tsv")


def test_progeny_scores_find_a_planted_pathway(progeny_tsv):
    """TGF-beta footprint genes raised by their weights in half the samples: TGFb comes out."""
    from tenseq.pathways import scoring

    model = progeny.read_model(progeny_tsv)
    rng = np.random.default_rng(3)
    genes = sorted(set(model["target"]))
    expression = pd.DataFrame(
        rng.normal(8, 1, size=(10, len(genes))), columns=genes, index=[f"S{i}" for i in range(10)]
    )
    tgfb = model[model["source"] == "TGFb"].set_index("target")["weight"]
    expression.iloc[5:, expression.columns.get_indexer(tgfb.index)] += (
        0.5 * tgfb.to_numpy() / tgfb.std()
    )
    scores = scoring.sample_ulm(expression, model)
    gap = scores.iloc[5:].mean() - scores.iloc[:5].mean()
    assert gap.idxmax() == "TGFb" and gap["TGFb"] > 2
    assert scores["TGFb"].iloc[5:].min() > scores["TGFb"].iloc[:5].max()


def test_progeny_weights_and_their_signs_count():
    """A footprint with targets going down: scored on its weights, not on membership alone."""
    from tenseq.pathways import scoring

    rng = np.random.default_rng(5)
    genes = [f"Tg{i}" for i in range(2000)]
    targets = genes[:200]
    weight = np.where(np.arange(200) % 2 == 0, 1.0, -1.0) * rng.gamma(2.0, 1.0, 200)
    model = pd.DataFrame({"source": "TGFb", "target": targets, "weight": weight})
    stat = pd.Series(rng.normal(0, 1, len(genes)), index=genes)
    stat[targets] += weight  # the pathway is on: up targets up, down targets down
    weighted = scoring.ulm_contrast(stat, model).set_index("set").loc["TGFb"]
    membership = scoring.ulm_contrast(stat, model.drop(columns="weight")).set_index("set")
    assert weighted["score"] > 10 and weighted["pvalue"] < 1e-20
    assert abs(membership.loc["TGFb", "score"]) < 3  # half up, half down: membership sees little
