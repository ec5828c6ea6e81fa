import logging

import pytest

from tenseq.logs import fails_as, warn_each


def test_a_failed_check_ends_the_script_with_one_line(caplog):
    log = logging.getLogger("tenseq.test")
    with pytest.raises(SystemExit, match=r"^tenseq counting failed: sample a: 0 reads$"):
        with fails_as(log, "counting"):
            raise ValueError("sample a: 0 reads")
    assert caplog.records[-1].levelname == "ERROR"
    assert caplog.records[-1].getMessage() == "sample a: 0 reads"
    with fails_as(log, "counting"):  # nothing raised: nothing happens
        pass
    with pytest.raises(KeyError), fails_as(log, "counting"):  # other errors pass through
        raise KeyError("x")


def test_only_non_empty_warnings_are_logged(caplog):
    warn_each(logging.getLogger("tenseq.test"), ["", "data look reverse-stranded", ""])
    assert [r.getMessage() for r in caplog.records] == ["data look reverse-stranded"]
