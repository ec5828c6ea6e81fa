"""Logging for workflow scripts: everything a script says goes to its rule's log."""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from collections.abc import Iterator


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
