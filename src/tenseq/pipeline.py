"""The workflow's plain functions: job sizing (and, later, its target list), unit-tested.

Rules call these instead of lambdas so that what a job asks of a workstation or a
SLURM cluster can be read, and tested, outside Snakemake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Sizer = Callable[[Any, int], int]


def by_attempt(base: int, per_unit: float = 0.0, units: int = 0) -> Sizer:
    """A Snakemake resource function: ``(base + per_unit * units) * attempt``.

    Memory (MB) or runtime (minutes) grows linearly with each retry, so a job killed
    for exceeding its request gets more on the next attempt.
    """

    def size(wildcards: Any, attempt: int) -> int:
        return int((base + per_unit * units) * attempt)

    return size


# pathways
def pathways_report(path: str, caption: str) -> Any:
    """``path`` flagged for the Snakemake report, category Pathways, captioned by a report file.

    ``caption`` names ``workflow/report/<caption>.rst``; the path is written relative to the
    rule files in ``workflow/rules/``, where Snakemake resolves it when the rule is defined.
    """
    from snakemake.io import report

    return report(path, caption=f"../report/{caption}.rst", category="Pathways")
