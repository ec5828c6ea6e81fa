"""check_contrasts: every contrast names a sheet column and two sampled levels."""

from __future__ import annotations

import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.inputs.design import check_contrasts

SAMPLES = pd.DataFrame(
    {"condition": ["naive", "naive", "TEN", "TEN", "IL22"], "batch": ["a", "b", "a", "b", "a"]},
    index=pd.Index(["n1", "n2", "t1", "t2", "i1"], name="sample"),
)


def contrast(cid="TEN_vs_naive", variable="condition", target="TEN", reference="naive"):
    return {"id": cid, "variable": variable, "target": target, "reference": reference}


def config(*contrasts):
    return {"de": {"contrasts": list(contrasts)}}


def test_good_contrasts_pass():
    check_contrasts(SAMPLES, config(contrast(), contrast("b", "batch", "b", "a")), "config")
    check_contrasts(SAMPLES, {}, "config")


@pytest.mark.parametrize(
    ("contrasts", "parts"),
    [
        (
            [contrast(), contrast()],
            ["contrast id 'TEN_vs_naive' is used twice", "field 'de.contrasts[1]'"],
        ),
        (
            [contrast(variable="sex")],
            ["contrast variable 'sex' is not a sample-sheet column (condition, batch)"],
        ),
        (
            [contrast(target="ten")],
            ["level 'ten' of 'condition' has no samples", "did you mean 'TEN'?",
             "field 'de.contrasts[0].target'"],
        ),
        (
            [contrast(reference="IL22")],
            ["level 'IL22' of 'condition' has 1 sample", "field 'de.contrasts[0].reference'"],
        ),
    ],
)  # fmt: skip
def test_bad_contrasts_name_the_field(contrasts, parts):
    with pytest.raises(InputError) as err:
        check_contrasts(SAMPLES, config(*contrasts), "config.yaml")
    message = str(err.value)
    assert "config.yaml" in message and "Fix:" in message
    for part in parts:
        assert part in message, message
