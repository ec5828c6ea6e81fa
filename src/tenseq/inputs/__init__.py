"""The one gate: every input of a run checked before Snakemake schedules any job.

Run while Snakemake builds the DAG: a typo in a sample sheet should cost seconds,
not a night of cluster time. Every problem raises :class:`tenseq.errors.InputError`
naming the file, the line or field, and the fix. Problems that concern one optional
stage (pathways, ligands) are returned in ``Inputs.blocked`` instead: that stage is
left out and the rest of the run goes on.

The checks live beside what they understand:

- :mod:`~tenseq.inputs.config`: the config against its schema, defaults filled in;
- :mod:`~tenseq.inputs.sheet`: the sample sheet (encoding, rows, names, conditions),
  with :mod:`~tenseq.inputs.entry_point` and :mod:`~tenseq.inputs.sample_files`;
- :mod:`~tenseq.inputs.reference`: genome, GTF and BAMs agreeing on chromosomes;
- :mod:`~tenseq.inputs.design`: the design formula and the contrasts;
- :mod:`~tenseq.inputs.run_checks`: settings that used to fail late inside a job;
- :mod:`tenseq.pathways.checks` and :mod:`tenseq.ligands.checks`: the optional stages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq.errors import InputError
from tenseq.inputs.config import validate_config
from tenseq.inputs.design import check_contrasts, check_design
from tenseq.inputs.files import check_readable_file, resolve
from tenseq.inputs.reference import check_reference
from tenseq.inputs.run_checks import check_run_settings
from tenseq.inputs.scan_cache import cache_path
from tenseq.inputs.sheet import check_samples, read_sample_sheet

__all__ = ["Inputs", "load_inputs", "validate_config"]


@dataclass(frozen=True)
class Inputs:
    """Validated inputs of one run."""

    config: dict[str, Any]
    samples: pd.DataFrame
    entry: str  # fastq | bam | counts
    paired: bool
    # stage -> why its checks failed; a blocked stage is left out, the rest of the run goes on
    blocked: dict[str, InputError] = dataclasses.field(default_factory=dict)


def load_inputs(
    config: dict[str, Any], *, workdir: Path, schema_dir: Path, config_label: str = "config"
) -> Inputs:
    """Validate everything a run needs; return the filled config and the sample table.

    ``schema_dir`` holds ``config.schema.yaml`` and ``samples.schema.yaml``
    (``workflow/schemas/``).
    """
    config = validate_config(config, Path(schema_dir) / "config.schema.yaml", file=config_label)
    label = str(config["samples"])
    sheet = read_sample_sheet(resolve(config["samples"], workdir), schema_dir)
    samples, entry, paired = check_samples(sheet, config, label, workdir, schema_dir)
    universe: list[str] = []
    if entry == "counts":
        universe = _count_matrix_genes(config, samples, config_label, workdir)
    bams = list(samples["bam"]) if entry == "bam" else []
    universe += check_reference(config, entry, config_label, cache_path(workdir), bams)
    check_run_settings(config, samples, entry, config_label, workdir)
    check_contrasts(samples, config, config_label)
    if config["de"]["contrasts"]:
        check_design(samples, config["de"]["design"], config["de"]["contrasts"], file=config_label)
    blocked = check_stages(config, config_label, workdir, universe)
    return Inputs(config=config, samples=samples, entry=entry, paired=paired, blocked=blocked)


def _count_matrix_genes(
    config: dict[str, Any], samples: pd.DataFrame, config_label: str, workdir: Path
) -> list[str]:
    """Gene names of the config's count matrix, which is read (and checked) in full."""
    from tenseq.quant.counts import read_count_matrix

    matrix = resolve(config["counts"], workdir)
    check_readable_file(matrix, config_label, None, "counts")
    _, genes = read_count_matrix(
        matrix, samples, file_label=str(config["counts"]), symbol_column=config["symbol_column"]
    )
    return genes["gene_name"].astype(str).tolist()


def _stage_checks() -> dict[str, tuple[Any, str]]:
    """Checks that concern one optional stage, and the switch that turns the stage off.

    Imported here, not at the top: the stage modules import :mod:`tenseq.inputs.files`.
    """
    from tenseq.ligands.checks import check_ligands
    from tenseq.pathways.checks import check_pathways

    return {
        "pathways": (check_pathways, "pathways.activate"),
        "ligands": (check_ligands, "ligands.activate"),
    }


def check_stages(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str]
) -> dict[str, InputError]:
    """Run each optional stage's checks; a failure blocks that stage (and those after it) only.

    Counting and DE do not depend on gene sets or signatures, so a 20-gene annotation or a
    signature in the wrong ids should not stop them. Each returned error names the switch
    that turns its stage off, so the user can silence it on purpose.
    """
    universe = list(universe)
    blocked: dict[str, InputError] = {}
    for stage, (check, switch) in _stage_checks().items():
        if blocked:  # ligands read the pathway stage's outputs
            break
        try:
            check(config, label, workdir, universe)
        except InputError as err:
            blocked[stage] = InputError(
                err.file,
                err.problem,
                f"{err.fix}; or switch the {stage} stage off with `{switch}: false` "
                "(counting and differential expression run either way)",
                row=err.row,
                field=err.field,
            )
    return blocked
