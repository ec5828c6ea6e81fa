# Shared setup: validate every input before the DAG is built, then the globals and input
# functions the stage files use. No rules here; the logic is in tenseq.pipeline.
import shlex
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.logging import logger
from snakemake.settings.types import DeploymentMethod

from tenseq import pipeline
from tenseq.errors import InputError
from tenseq.gtf import star_sa_index_nbases
from tenseq.jobguard import shell_prefix
from tenseq.provenance import input_roles
from tenseq.quant.salmon import library_type
from tenseq.inputs import load_inputs
from tenseq.inputs.wildcards import sample_wildcard_constraint, wildcard_constraint
from tenseq.pathways.checks import pathways_enabled


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
# the whole-file FASTQ check: FASTQ_CHECK SAMPLE OUT.tsv R1 [R2]
FASTQ_CHECK = shlex.join([PYTHON, str(SCRIPTS / "fastq_check.py")])
# written once every sample's FASTQ check passed; alignment waits for it (trim.smk)
FASTQ_GATE = "results/qc/fastq/checks_passed.txt"
# without --configfile (`snakemake --report`) the report describes the last run made
if not config and pipeline.RECORDED_CONFIG.is_file():
    logger.info(
        f"tenseq: no --configfile given; using {pipeline.RECORDED_CONFIG} of the last run"
    )


try:
    SCHEMAS = WORKFLOW_DIR / "schemas"
    RUN_CONFIG = pipeline.run_config(config)
    INPUTS = load_inputs(RUN_CONFIG, workdir=Path.cwd(), schema_dir=SCHEMAS)
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
LIGANDS = pipeline.ligands_enabled(config, pathways=PATHWAYS, blocked=BLOCKED)
HAS_PHENOTYPE = "phenotype" in SAMPLES and SAMPLES["phenotype"].notna().sum() >= 3
COMMAND_LINE = shlex.join(sys.argv)
PROVENANCE_ROLES = input_roles(config, ENTRY)
QC_FILES = pipeline.qc_files(
    SAMPLE_NAMES, entry=ENTRY, quantifier=QUANTIFIER, trimming=TRIMMING
)


wildcard_constraints:
    sample=sample_wildcard_constraint(SCHEMAS),
    contrast=wildcard_constraint(CONTRAST_IDS),


# ---------------------------------------------------------------- inputs
# sample -> its input files, looked up once here, not per job (DAG building at 1,000 samples)
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
    """Trimmed (or raw) reads of the sample (the rules add the FASTQ check gate)."""
    raw = sample_files(RAW_FASTQ, wildcards)
    return pipeline.alignment_reads(wildcards.sample, raw, trimming=TRIMMING)


def input_bam(wildcards):
    """The user's BAM for the alignment-output entry point."""
    return sample_files(INPUT_BAM, wildcards)


def final_outputs():
    """Targets of `rule all` for the configured entry point and stages."""
    return pipeline.targets(
        contrasts=CONTRAST_IDS, entry=ENTRY, pathways=PATHWAYS, ligands=LIGANDS
    )


def summary_inputs(wildcards):
    """The tables and plots of the stages that ran (none of a stage that did not)."""
    return pipeline.summary_files(CONTRAST_IDS, pathways=PATHWAYS, ligands=LIGANDS)


def reported(path, caption, category, subcategory=None):
    """``path`` in the Snakemake report, captioned by workflow/report/<caption>.rst."""
    caption = f"../report/{caption}.rst"
    return report(path, caption=caption, category=category, subcategory=subcategory)


def program_gene_sets(wildcards):
    """The resolved gene sets, where the cytotoxicity programs' genes are read (pathways on)."""
    return {"sets": "results/pathways/gene_sets.tsv"} if PATHWAYS else {}


def pathway_gene_sets(wildcards):
    """User GMT files and PROGENy table (the curated programs ship with the workflow)."""
    return pipeline.pathway_user_files(config["pathways"])


def ligand_inputs(wildcards):
    """User files of the ligand stage (signature TSVs, orthologs, receptors, secretome)."""
    return pipeline.ligand_user_files(config["ligands"])


# ---------------------------------------------------------------- resources and arguments
GENOME = config["reference"]["genome"] if ENTRY == "fastq" else None
GENOME_BYTES = pipeline.genome_bytes(GENOME) if GENOME else 0
STAR_SA_NBASES = star_sa_index_nbases(GENOME_BYTES) if GENOME_BYTES else None
SALMON_LIBTYPE = library_type(config["strandedness"], PAIRED)
mem_small = pipeline.mem_small
mem_medium = pipeline.mem_medium
mem_star_index = pipeline.mem_star_index(GENOME_BYTES)
mem_star_align = pipeline.mem_star_align(GENOME_BYTES)
mem_de = pipeline.mem_de(len(SAMPLE_NAMES))
runtime_de = pipeline.runtime_de(len(SAMPLE_NAMES))
DE_OPTIONS = pipeline.de_options(config["de"])
