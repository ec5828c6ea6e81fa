"""Logging for workflow scripts: everything a script says goes to its rule's log."""

from __future__ import annotations

import logging
import sys


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
