"""Logging for workflow scripts: everything a script says goes to its rule's log."""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from collections.abc import Iterable, Iterator


def log_to(path: str, name: str = "tenseq") -> logging.Logger:
    """Send logging, warnings and stderr of a workflow script to ``path``."""
    handle = open(path, "a", buffering=1)  # noqa: SIM115 - kept open for the script's life
    sys.stderr = handle
    logging.basicConfig(
        stream=handle,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    logging.captureWarnings(True)
    return logging.getLogger(name)


@contextlib.contextmanager
def quiet() -> Iterator[io.StringIO]:
    """Keep a library's progress prints off stdout; the buffer holds what it printed.

    pydeseq2, gseapy, decoupler and secactpy print progress to stdout, which in a workflow
    script would mix with Snakemake's own output. Callers log the buffer when it matters.
    """
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer


def warn_each(log: logging.Logger, messages: Iterable[str]) -> None:
    """Log every non-empty message as a warning (e.g. a table's ``warning`` column)."""
    for message in messages:
        if message:
            log.warning(message)


@contextlib.contextmanager
def fails_as(log: logging.Logger, what: str) -> Iterator[None]:
    """A ValueError inside ends the script: logged, then one line ``tenseq <what> failed: ...``.

    For the checks a job makes on its own data (e.g. reads counted on genes): the user
    sees the reason in the rule's log and in Snakemake's error, without a traceback.
    """
    try:
        yield
    except ValueError as err:
        log.error(str(err))
        raise SystemExit(f"tenseq {what} failed: {err}") from None
