"""Salmon library types: the declared one passed to salmon, and what its quantifications say.

Imported while the DAG is built (``library_type``): the count-matrix functions import
pandas and the count readers when they are called.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

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


def strandedness_table(quant_dirs: Mapping[str, Path], declared: str) -> pd.DataFrame:
    """The strandedness table of salmon quant directories (sample -> directory)."""
    from tenseq.quant import strandedness

    calls = {
        s: strandedness.infer_strandedness(*strand_counts(d / "lib_format_counts.json"))
        for s, d in quant_dirs.items()
    }
    return strandedness.strandedness_table(calls, declared)


def gene_matrix(
    quant_dirs: Mapping[str, Path], tx2gene: pd.DataFrame, genes: pd.DataFrame
) -> pd.DataFrame:
    """Genes x samples counts from salmon quant directories (sample -> directory).

    Raises ValueError when a sample had (almost) none of its fragments counted on genes
    (``num_processed`` of salmon's ``aux_info/meta_info.json`` is the denominator).
    """
    from tenseq.quant import counts

    per_sample = {
        s: counts.salmon_gene_counts(d / "quant.sf", tx2gene) for s, d in quant_dirs.items()
    }
    matrix = counts.assemble_counts(per_sample, genes)
    processed = {
        s: json.loads((d / "aux_info" / "meta_info.json").read_text())["num_processed"]
        for s, d in quant_dirs.items()
    }
    counts.check_counted(matrix.sum(), processed)
    return matrix
