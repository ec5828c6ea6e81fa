# Shared setup: validate every input before the DAG is built, then the globals and input
# functions the stage files use. No rules here; the logic is in tenseq.pipeline.
import shlex
import sys
from pathlib import Path

import yaml
from snakemake.exceptions import WorkflowError
from snakemake.logging import logger
from snakemake.settings.types import DeploymentMethod

from tenseq import pipeline
from tenseq.errors import InputError
from tenseq.gtf import star_sa_index_nbases
from tenseq.jobguard import shell_prefix
from tenseq.ligands.signatures import BUILT_IN as BUILT_IN_SIGNATURES
from tenseq.provenance import input_roles
from tenseq.quant.salmon import library_type
from tenseq.inputs.gate import (
    load_inputs,
    pathways_enabled,
    sample_wildcard_constraint,
    wildcard_constraint,
)


envvars:
    "PATH",


# every job gets a watchdog that ends it when this snakemake process dies (kill -9)
shell.prefix(shell_prefix())
# This file's own location, not workflow.basedir (the caller's Snakefile when tenseq is used
# as a module from another workflow).
WORKFLOW_DIR = Path(str(workflow.current_basedir)).parent
SCRIPTS = WORKFLOW_DIR / "scripts"
# Python of the shell rules' Python steps: the rule's env under --use-conda, else the one
# running snakemake (its venv, which need not be on PATH: `.venv/bin/snakemake` works).
CONDA = DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method
PYTHON = "python" if CONDA else sys.executable
# The resolved config of the last run: `snakemake --report` (and any later command without
# --configfile) reads it, so the report describes the run that was made.
RECORDED_CONFIG = Path("results/provenance/config.yaml")


def run_config():
    """The --configfile (or a module's config:), else the last run's recorded config."""
    if config:
        return config
    if RECORDED_CONFIG.is_file():
        logger.info(
            f"tenseq: no --configfile given; using {RECORDED_CONFIG} of the last run"
        )
        return yaml.safe_load(RECORDED_CONFIG.read_text())
    raise WorkflowError(
        "tenseq: no config given. Run the demo with --configfile config/examples/demo.yaml "
        "or your data with --configfile path/to/config.yaml (start from "
        "config/examples/minimal.yaml; every key is in config/README.md)"
    )


try:
    INPUTS = load_inputs(
        run_config(), workdir=Path.cwd(), schema_dir=WORKFLOW_DIR / "schemas"
    )
except InputError as err:
    raise WorkflowError(f"tenseq input check failed:\n{err}") from None
config = INPUTS.config
SAMPLES = INPUTS.samples
SAMPLE_NAMES = list(SAMPLES.index)
ENTRY = INPUTS.entry  # "fastq" | "bam" | "counts"
PAIRED = INPUTS.paired
QUANTIFIER = config["quantifier"]
TRIMMING = config["trimming"]["activate"]
CONTRAST_IDS = [c["id"] for c in config["de"]["contrasts"]]
BLOCKED = {stage: str(err) for stage, err in INPUTS.blocked.items()}
for _stage, _why in BLOCKED.items():
    logger.warning(
        f"tenseq: the {_stage} stage is skipped, its input check failed:\n{_why}"
    )
PATHWAYS = pathways_enabled(config) and "pathways" not in BLOCKED
if CONTRAST_IDS and not PATHWAYS and not BLOCKED:
    logger.info(
        "tenseq: pathway scoring skipped (pathways.activate is false, or species "
        "'other' without pathways.gene_sets)"
    )
LIGANDS = (
    PATHWAYS
    and config["ligands"]["activate"]
    and config["reference"]["species"] != "other"
    and "ligands" not in BLOCKED
)
HAS_PHENOTYPE = (
    "phenotype" in SAMPLES.columns and SAMPLES["phenotype"].notna().sum() >= 3
)
COMMAND_LINE = shlex.join(sys.argv)
PROVENANCE_ROLES = input_roles(config, ENTRY)


wildcard_constraints:
    sample=sample_wildcard_constraint(),
    contrast=wildcard_constraint(CONTRAST_IDS),


# ---------------------------------------------------------------- inputs
# sample -> its input files, looked up once here, not per job (a pandas row lookup per job
# is a second of DAG building at 1,000 samples)
RAW_FASTQ = {
    name: [row["fq1"], row["fq2"]] if PAIRED else [row["fq1"]]
    for name, row in (SAMPLES.iterrows() if ENTRY == "fastq" else ())
}
INPUT_BAM = dict(SAMPLES["bam"]) if ENTRY == "bam" else {}


def sample_files(table, wildcards):
    """The sample's entry in ``table``; a name not in the sheet (a mistyped target) says so."""
    try:
        return table[wildcards.sample]
    except KeyError:
        raise WorkflowError(
            f"tenseq: no sample '{wildcards.sample}' in the sample sheet "
            f"{config['samples']}: ask for the files of a sample listed there"
        ) from None


def raw_fastq(wildcards):
    """The sample's raw FASTQ files (R1 [R2]) as given in the sample sheet."""
    return {"fastq": sample_files(RAW_FASTQ, wildcards)}


def reads_for_alignment(wildcards):
    """Trimmed (or raw) reads, once EVERY sample's FASTQ check passed."""
    raw = sample_files(RAW_FASTQ, wildcards)
    return pipeline.alignment_reads(wildcards.sample, raw, trimming=TRIMMING)


def input_bam(wildcards):
    """The user's BAM for the alignment-output entry point."""
    return sample_files(INPUT_BAM, wildcards)


def qc_inputs(wildcards):
    """Every per-sample QC file MultiQC summarises."""
    return pipeline.qc_files(
        SAMPLE_NAMES, entry=ENTRY, quantifier=QUANTIFIER, trimming=TRIMMING
    )


def final_outputs():
    """Targets of `rule all` for the configured entry point and stages."""
    return pipeline.targets(
        contrasts=CONTRAST_IDS, entry=ENTRY, pathways=PATHWAYS, ligands=LIGANDS
    )


def summary_inputs(wildcards):
    """The tables and plots of the stages that ran (none of a stage that did not)."""
    return pipeline.summary_files(CONTRAST_IDS, pathways=PATHWAYS, ligands=LIGANDS)


def program_gene_sets(wildcards):
    """The resolved gene sets, where the cytotoxicity programs' genes are read (pathways on)."""
    return {"sets": "results/pathways/gene_sets.tsv"} if PATHWAYS else {}


def pathway_gene_sets(wildcards):
    """User GMT files and PROGENy table (the curated programs ship with the workflow)."""
    progeny = config["pathways"]["progeny"]["path"]
    return list(config["pathways"]["gene_sets"]) + ([progeny] if progeny else [])


def ligand_inputs(wildcards):
    """User files of the ligand stage (signature TSVs, orthologs, receptors, secretome)."""
    settings = config["ligands"]
    files = [s for s in settings["sources"] if s not in BUILT_IN_SIGNATURES]
    return files + [
        settings[k] for k in ("orthologs", "receptors", "secretome") if settings[k]
    ]


def pathway_optional(path, what):
    """An output that exists only when its feature is on (ssGSEA, phenotype column)."""
    on = config["pathways"]["ssgsea"] if what == "ssgsea" else HAS_PHENOTYPE
    return [path] if on else []


# ---------------------------------------------------------------- resources and arguments
GENOME_BYTES = (
    pipeline.genome_bytes(config["reference"]["genome"]) if ENTRY == "fastq" else 0
)
STAR_SA_NBASES = star_sa_index_nbases(GENOME_BYTES) if GENOME_BYTES else None
SALMON_LIBTYPE = library_type(config["strandedness"], PAIRED)
mem_small = pipeline.mem_small
mem_medium = pipeline.mem_medium
mem_star_index = pipeline.mem_star_index(GENOME_BYTES)
mem_star_align = pipeline.mem_star_align(GENOME_BYTES)
mem_de = pipeline.mem_de(len(SAMPLE_NAMES))
runtime_de = pipeline.runtime_de(len(SAMPLE_NAMES))
DE_OPTIONS = pipeline.de_options(config["de"])
