"""Salmon library types: the declared one passed to salmon, and orientation counts read back."""

from __future__ import annotations

import json
from pathlib import Path

# Salmon library-format codes: S = stranded, F/R = read 1 on the transcript's
# forward/reverse strand; I/O/M = inward/outward/matching mate orientation.
_FORWARD = ("SF", "ISF", "OSF", "MSF")
_REVERSE = ("SR", "ISR", "OSR", "MSR")


# declared strandedness -> salmon library type (paired: inward mates; single: no I)
_LIBTYPE = {"unstranded": "U", "forward": "SF", "reverse": "SR"}


def library_type(declared: str, paired: bool) -> str:
    """``salmon quant -l`` for a declared strandedness; ``A`` (salmon infers) for auto.

    A declared type is used as given, like the featureCounts ``-s`` of the STAR
    route; the library-format counts salmon writes still record every observed
    orientation, so the strandedness table says when the data disagree.
    """
    if declared == "auto":
        return "A"
    code = _LIBTYPE[declared]
    return f"I{code}" if paired else code


def strand_counts(lib_format_counts: str | Path) -> tuple[float, float]:
    """Fragments whose read 1 lies on the transcript strand (forward) and opposite it.

    Parameters
    ----------
    lib_format_counts
        ``lib_format_counts.json`` written by ``salmon quant``.

    Returns
    -------
    (forward, reverse)
        Counts comparable with featureCounts ``-s 1`` and ``-s 2`` assignments,
        so one strandedness rule serves both quantifiers.
    """
    data = json.loads(Path(lib_format_counts).read_text())
    forward = float(sum(data.get(code, 0) for code in _FORWARD))
    reverse = float(sum(data.get(code, 0) for code in _REVERSE))
    return forward, reverse
