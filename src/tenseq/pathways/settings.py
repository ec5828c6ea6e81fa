"""The pathway stage's scoring settings, read from a run's config while the DAG is built.

Kept apart from :mod:`tenseq.pathways.stage` so that the workflow can build them without
importing the scoring libraries (decoupler, gseapy, scipy: seconds at every start).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Settings(NamedTuple):
    """How the pathway stage scores: the scoring settings of the config's ``pathways`` section.

    Built by :meth:`from_config`. A tuple of plain values: a rule passes it as one param,
    and Snakemake reruns the job when its repr changes.
    """

    programs: tuple[str, ...]  # cytotoxicity_programs: the sets of the cytotoxicity score
    seed: int
    min_size: int  # gene sets with fewer genes in the data are left out
    max_size: int  # ...and with more
    permutations: int  # GSEA prerank: gene permutations
    ssgsea: bool  # also score the samples with ssGSEA
    phenotype: bool  # correlate the scores with the sample sheet's phenotype column

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, phenotype: bool) -> Settings:
        """The scoring settings of a run's resolved config.

        ``phenotype``: the sample sheet has a phenotype column with at least three values.
        """
        pathways = config["pathways"]
        return cls(
            programs=tuple(pathways["cytotoxicity_programs"]),
            seed=pathways["seed"],
            min_size=pathways["min_size"],
            max_size=pathways["max_size"],
            permutations=pathways["permutations"],
            ssgsea=bool(pathways["ssgsea"]),
            phenotype=bool(phenotype),
        )
