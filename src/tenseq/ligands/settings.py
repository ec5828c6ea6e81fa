"""The ligand stage's settings, read from a run's config while the DAG is built.

Kept apart from :mod:`tenseq.ligands.stage` so that the workflow can build them without
importing the stage's statistics (decoupler, scipy, matplotlib: seconds at every start).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Settings(NamedTuple):
    """What the ligand stage is told: the config's ``ligands`` section and the run around it.

    Built from a run's resolved config by :meth:`from_config` (validation builds it from
    the schema's defaults, :meth:`from_section`). A tuple of plain values: the ligands rule
    passes it as its one param, and Snakemake reruns the stage when its repr changes.
    """

    sources: tuple[str, ...]  # signature sources: built-in names (cytosig, secact...) or TSVs
    permutations: int  # per-sample activity: permutations of its null
    seed: int
    alpha: float  # FDR of a call
    min_base_mean: float  # a receptor gene counts as expressed above this DESeq2 baseMean
    max_selected: int  # ligands the joint (conditional) model may keep per contrast
    min_residual_df: int  # fewer residual degrees of freedom: a sample-label null instead
    restrict_to_secretome: bool  # candidates only among what the tumor secretes
    orthologs: str | None  # human_symbol/mouse_symbol TSV, or None: symbols re-cased
    receptors: str | None  # ligand/receptor TSV, or None: liana's consensus resource
    secretome: str | None  # what the tumor secretes, or None: not known
    species: str = "mouse"  # reference.species of the data
    design: str = "~ condition"  # de.design: the model whose residuals give the null
    programs: tuple[str, ...] = ()  # pathways.cytotoxicity_programs

    @classmethod
    def from_section(cls, ligands: Mapping[str, Any], **run: Any) -> Settings:
        """The settings of a ``ligands`` section (``activate`` aside) and the run's values."""
        stage = {name: ligands[name] for name in SECTION}
        return cls(**{**stage, "sources": tuple(stage["sources"])}, **run)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """The ligand stage's settings of a run's resolved config."""
        return cls.from_section(
            config["ligands"],
            species=config["reference"]["species"],
            design=config["de"]["design"],
            programs=tuple(config["pathways"]["cytotoxicity_programs"]),
        )


# the fields of Settings read from the config's ``ligands`` section
SECTION = Settings._fields[: Settings._fields.index("species")]
