from tenseq.pipeline import by_attempt


def test_by_attempt_grows_linearly_with_retries():
    size = by_attempt(3000, per_unit=20, units=50)
    assert [size(None, attempt) for attempt in (1, 2, 3)] == [4000, 8000, 12000]
    assert by_attempt(15)(None, 2) == 30
