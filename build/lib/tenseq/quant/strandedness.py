"""Library strandedness read off the data and compared with what the user declared.

featureCounts run with ``-s 1`` (read 1 on the gene's strand) and ``-s 2``
(read 1 opposite the gene), or salmon's library-format counts, give two totals.
Their ratio separates forward-stranded, reverse-stranded (dUTP, TruSeq Stranded)
and unstranded libraries. Counting a stranded library as the wrong strand loses
nearly every read, so the call matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FEATURECOUNTS_STRAND = {"unstranded": 0, "forward": 1, "reverse": 2}
UNSTRANDED_BAND = (0.4, 0.6)


@dataclass(frozen=True)
class StrandCall:
    """One sample's inferred library type."""

    call: str  # forward | reverse | unstranded | undetermined
    fraction_forward: float
    n_reads: float


def infer_strandedness(
    forward: float, reverse: float, *, min_reads: int = 100, threshold: float = 0.8
) -> StrandCall:
    """Call the library type from reads assigned on each strand.

    ``forward / (forward + reverse)`` at or above ``threshold`` is "forward",
    at or below ``1 - threshold`` is "reverse", inside 0.4-0.6 is "unstranded";
    anything between, or fewer than ``min_reads`` reads, is "undetermined".
    """
    total = forward + reverse
    if total <= 0:
        return StrandCall("undetermined", float("nan"), 0.0)
    fraction = forward / total
    if total < min_reads:
        call = "undetermined"
    elif fraction >= threshold:
        call = "forward"
    elif reverse / total >= threshold:
        call = "reverse"
    elif UNSTRANDED_BAND[0] <= fraction <= UNSTRANDED_BAND[1]:
        call = "unstranded"
    else:
        call = "undetermined"
    return StrandCall(call, fraction, float(total))


def choose_strand(declared: str, inferred: str) -> str:
    """The strand setting to count with: a declared type wins; ``auto`` takes the data's call.

    An undetermined call under ``auto`` falls back to unstranded counting,
    which never discards reads of either strand.
    """
    if declared != "auto":
        return declared
    return inferred if inferred in FEATURECOUNTS_STRAND else "unstranded"


def strandedness_table(calls: dict[str, StrandCall], declared: str) -> pd.DataFrame:
    """Per sample: declared, inferred, fraction_forward, n_reads, counted_as, agrees, warning."""
    rows = []
    for sample, call in calls.items():
        counted_as = choose_strand(declared, call.call)
        warning = ""
        if call.call == "undetermined":
            warning = (
                f"{sample}: strandedness could not be determined "
                f"({call.n_reads:.0f} reads, {call.fraction_forward:.2f} on the forward strand); "
                f"counted as {counted_as}"
            )
        elif declared != "auto" and declared != call.call:
            warning = (
                f"{sample}: declared strandedness '{declared}' but the reads say "
                f"'{call.call}' ({call.fraction_forward:.2f} of assigned reads on the forward "
                f"strand); counted as declared. Fix: set strandedness: {call.call} "
                "(or auto) in the config if the data are right"
            )
        rows.append(
            {
                "sample": sample,
                "declared": declared,
                "inferred": call.call,
                "fraction_forward": round(call.fraction_forward, 4),
                "n_reads": int(call.n_reads),
                "counted_as": counted_as,
                "agrees": declared in ("auto", call.call),
                "warning": warning,
            }
        )
    return pd.DataFrame(rows)
