import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.inputs.design import check_design, model_matrix, parse_design

SAMPLES = pd.DataFrame(
    {
        "condition": ["naive", "naive", "naive", "TEN", "TEN", "TEN"],
        "batch": ["b1", "b2", "b1", "b2", "b1", "b2"],
        "prep": ["p1", "p1", "p1", "p2", "p2", "p2"],  # identical to condition
        "same": ["x"] * 6,
    },
    index=[f"s{i}" for i in range(6)],
)
CONTRAST = [{"id": "TEN_vs_naive", "variable": "condition", "target": "TEN", "reference": "naive"}]


def test_parse_additive_formula():
    assert parse_design("~ batch + condition") == ["batch", "condition"]
    assert parse_design("~condition") == ["condition"]


def test_model_matrix_is_treatment_coded():
    matrix = model_matrix(SAMPLES, ["batch", "condition"])
    assert list(matrix.columns) == ["Intercept", "batch[T.b2]", "condition[T.naive]"]
    assert matrix["batch[T.b2]"].tolist() == [0, 1, 0, 1, 0, 1]


def test_good_design_returns_factors():
    assert check_design(SAMPLES, "~ batch + condition", CONTRAST) == ["batch", "condition"]


@pytest.mark.parametrize(
    ("design", "pattern"),
    [
        ("condition", "does not start with '~'"),
        ("~ batch * condition", "not a sum of sample-sheet columns"),
        ("~ log(condition)", "not a sum of sample-sheet columns"),
        ("~ condition + condition", "repeats a factor"),
        ("~ cohort + condition", "factor 'cohort' is not a sample-sheet column"),
        ("~ same + condition", "'same' has a single level"),
        ("~ prep + condition", "not full rank: 'prep' and 'condition' are confounded"),
        ("~ batch", "compares 'condition', which is not in the design"),
    ],
)
def test_bad_designs(design, pattern):
    with pytest.raises(InputError, match=pattern) as err:
        check_design(SAMPLES, design, CONTRAST, file="config.yaml")
    assert "config.yaml" in str(err.value) and "Fix:" in str(err.value)


def test_no_residual_degrees_of_freedom():
    two = SAMPLES.iloc[[0, 3]]
    with pytest.raises(InputError, match="no residual degrees of freedom"):
        check_design(two, "~ condition", CONTRAST)
