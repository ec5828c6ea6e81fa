import math

import pytest

from tenseq.quant.strandedness import choose_strand, infer_strandedness, strandedness_table


@pytest.mark.parametrize(
    ("forward", "reverse", "call"),
    [
        (950, 50, "forward"),
        (800, 200, "forward"),  # exactly at the 0.8 threshold
        (799, 201, "undetermined"),
        (30, 970, "reverse"),
        (200, 800, "reverse"),
        (500, 500, "unstranded"),
        (400, 600, "unstranded"),
        (399, 601, "undetermined"),
        (60, 30, "undetermined"),  # fewer than 100 reads
    ],
)
def test_calls_at_boundaries(forward, reverse, call):
    result = infer_strandedness(forward, reverse)
    assert result.call == call
    assert result.fraction_forward == pytest.approx(forward / (forward + reverse))
    assert result.n_reads == forward + reverse


def test_no_reads_is_undetermined_with_nan_fraction():
    result = infer_strandedness(0, 0)
    assert result.call == "undetermined" and math.isnan(result.fraction_forward)


def test_declared_type_wins_and_auto_follows_data():
    assert choose_strand("forward", "reverse") == "forward"
    assert choose_strand("auto", "reverse") == "reverse"
    assert choose_strand("auto", "undetermined") == "unstranded"


def test_table_warns_on_mismatch_only():
    calls = {"a": infer_strandedness(20, 980), "b": infer_strandedness(990, 10)}
    table = strandedness_table(calls, "reverse").set_index("sample")
    assert table.loc["a", "agrees"] and table.loc["a", "warning"] == ""
    assert not table.loc["b", "agrees"]
    assert "declared strandedness 'reverse'" in table.loc["b", "warning"]
    assert "strandedness: forward" in table.loc["b", "warning"]
    assert table.loc["b", "counted_as"] == "reverse"
    assert table.loc["a", "fraction_forward"] == pytest.approx(0.02)


def test_salmon_library_type_follows_the_declared_strandedness():
    from tenseq.quant.salmon import library_type

    assert library_type("auto", True) == library_type("auto", False) == "A"
    assert [library_type(d, True) for d in ("unstranded", "forward", "reverse")] == [
        "IU",
        "ISF",
        "ISR",
    ]
    assert [library_type(d, False) for d in ("unstranded", "forward", "reverse")] == [
        "U",
        "SF",
        "SR",
    ]
