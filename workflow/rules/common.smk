# Shared setup: validate every input before the DAG is built, then define the
# input functions and resource scalers the stage files use. No rules here.
import functools
import os
import shlex
import sys
from pathlib import Path

import yaml
from snakemake.exceptions import WorkflowError
from snakemake.logging import logger

from tenseq.errors import InputError
from tenseq.gtf import star_sa_index_nbases
from tenseq.jobguard import shell_prefix
from tenseq.ligands.signatures import BUILT_IN as BUILT_IN_SIGNATURES
from tenseq.quant.salmon import library_type as salmon_library_type
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


# Tools installed in the Python environment (MultiQC) are found by shell rules too.
SEARCH_PATH = os.environ["PATH"]
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), SEARCH_PATH])
# This file's own location, not workflow.basedir (the caller's Snakefile when tenseq is used
# as a module from another workflow).
WORKFLOW_DIR = Path(str(workflow.current_basedir)).parent
SCHEMA_DIR = WORKFLOW_DIR / "schemas"
SCRIPTS = WORKFLOW_DIR / "scripts"


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


def validated_inputs():
    """Config and sample sheet checked against the schemas and each other."""
    try:
        return load_inputs(run_config(), workdir=Path.cwd(), schema_dir=SCHEMA_DIR)
    except InputError as err:
        raise WorkflowError(f"tenseq input check failed:\n{err}") from None


INPUTS = validated_inputs()
config = INPUTS.config
SAMPLES = INPUTS.samples
SAMPLE_NAMES = list(SAMPLES.index)
ENTRY = INPUTS.entry  # "fastq" | "bam" | "counts"
PAIRED = INPUTS.paired
QUANTIFIER = config["quantifier"]
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


wildcard_constraints:
    sample=sample_wildcard_constraint(),
    contrast=wildcard_constraint(CONTRAST_IDS),


# ---------------------------------------------------------------- inputs
# sample -> its input files, looked up once here, not per job (a pandas row lookup per job
# is a second of DAG building at 1,000 samples)
RAW_FASTQ = (
    {
        name: {"r1": row["fq1"], **({"r2": row["fq2"]} if PAIRED else {})}
        for name, row in SAMPLES.iterrows()
    }
    if ENTRY == "fastq"
    else {}
)
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
    """The sample's raw FASTQ files as given in the sample sheet."""
    return sample_files(RAW_FASTQ, wildcards)


def fastq_check_command(wildcards, input, output):
    """Shell command of the whole-file FASTQ check (writes the sample's reads.tsv)."""
    reads = [input.r1] + ([input.r2] if PAIRED else [])
    args = ["python", SCRIPTS / "fastq_check.py", wildcards.sample, output.reads]
    return shlex.join(str(a) for a in args + reads)


def reads_for_alignment(wildcards):
    """Trimmed (or, without trimming, raw) reads, once EVERY sample's FASTQ check passed.

    A FASTQ broken past its first reads then stops the run before any sample is
    aligned, instead of after the others have spent their hours. One gathered table
    (not every sample's check file) keeps the DAG linear in the number of samples.
    """
    reads = {"checked": "results/qc/fastq/reads.tsv"}
    if not config["trimming"]["activate"]:
        return {**raw_fastq(wildcards), **reads}
    if PAIRED:
        return {
            **reads,
            "r1": f"results/trimmed/{wildcards.sample}_R1.fastq.gz",
            "r2": f"results/trimmed/{wildcards.sample}_R2.fastq.gz",
        }
    return {**reads, "r1": f"results/trimmed/{wildcards.sample}.fastq.gz"}


def input_bam(wildcards):
    """The user's BAM for the alignment-output entry point."""
    return sample_files(INPUT_BAM, wildcards)


def bam_is_paired(wildcards):
    """featureCounts paired-end flags for this sample's BAM."""
    if ENTRY == "bam":
        from tenseq.bam import bam_is_paired as _paired

        paired = _paired(input_bam(wildcards))
    else:
        paired = PAIRED
    return "-p --countReadPairs" if paired else ""


def fastp_files(wildcards):
    """fastp reports of every sample (empty without trimming)."""
    if ENTRY != "fastq" or not config["trimming"]["activate"]:
        return []
    return expand("results/qc/fastp/{sample}.fastp.json", sample=SAMPLE_NAMES)


def qc_inputs(wildcards):
    """Every per-sample QC file MultiQC summarises."""
    files = fastp_files(wildcards)
    if ENTRY == "fastq" and QUANTIFIER == "salmon":
        files += expand(
            "results/salmon/{sample}/{name}",
            sample=SAMPLE_NAMES,
            name=["lib_format_counts.json", "aux_info/meta_info.json"],
        )
        return files
    if ENTRY == "fastq":
        files += expand("results/align/{sample}/Log.final.out", sample=SAMPLE_NAMES)
    files += expand(
        "results/qc/samtools/{sample}.{kind}.txt",
        sample=SAMPLE_NAMES,
        kind=["stats", "flagstat", "idxstats"],
    )
    files.append("results/counts/featurecounts.summary")
    return files


def final_outputs():
    """Targets of `rule all` for the configured entry point."""
    outputs = [
        "results/counts/counts.tsv",
        "results/counts/counts.h5ad",
        "results/provenance/versions.tsv",
        "results/qc/samples.tsv",
        "results/summary.html",
    ]
    if CONTRAST_IDS:
        outputs.append("results/de/de.h5ad")
        outputs += expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS)
        outputs += expand(
            "results/plots/de/{contrast}.{kind}.png",
            contrast=CONTRAST_IDS,
            kind=["volcano", "ma"],
        )
    if PATHWAYS:
        outputs += [
            "results/pathways/cytotoxicity.tsv",
            "results/pathways/sample_scores.tsv",
            "results/pathways/pathways.h5ad",
        ]
    if LIGANDS:
        outputs += expand("results/ligands/{contrast}.tsv", contrast=CONTRAST_IDS)
        outputs.append("results/ligands/sample_activity.tsv")
        outputs += expand(
            "results/plots/ligands/{contrast}.{kind}.png",
            contrast=CONTRAST_IDS,
            kind=["ranked", "signatures"],
        )
        outputs.append("results/plots/ligands/sample_activity.png")
    if ENTRY != "counts":
        outputs += ["results/qc/strandedness.tsv", "results/qc/multiqc_report.html"]
    return outputs


def pathway_gene_sets(wildcards):
    """User GMT files and PROGENy table (the curated programs ship with the workflow)."""
    settings = config["pathways"]
    files = list(settings["gene_sets"])
    if settings["progeny"]["path"]:
        files.append(settings["progeny"]["path"])
    return files


LIGANDS = (
    PATHWAYS
    and config["ligands"]["activate"]
    and config["reference"]["species"] != "other"
    and "ligands" not in BLOCKED
)


def ligand_inputs(wildcards):
    """User files of the ligand stage (signature TSVs, orthologs, receptors, secretome)."""
    settings = config["ligands"]
    files = [s for s in settings["sources"] if s not in BUILT_IN_SIGNATURES]
    files += [
        settings[k] for k in ("orthologs", "receptors", "secretome") if settings[k]
    ]
    return files


HAS_PHENOTYPE = (
    "phenotype" in SAMPLES.columns and SAMPLES["phenotype"].notna().sum() >= 3
)


def pathway_optional(path, what):
    """An output that exists only when its feature is on (ssGSEA, phenotype column)."""
    on = config["pathways"]["ssgsea"] if what == "ssgsea" else HAS_PHENOTYPE
    return [path] if on else []


def summary_inputs(wildcards):
    """The tables and plots of the stages that ran (none of a stage that did not)."""
    files = {
        "de": [],
        "volcano": [],
        "ligands": [],
        "cytotoxicity": [],
        "collections": [],
    }
    if CONTRAST_IDS:
        files["de"] = expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS)
        files["volcano"] = expand(
            "results/plots/de/{contrast}.volcano.png", contrast=CONTRAST_IDS
        )
    if PATHWAYS:
        files["cytotoxicity"] = ["results/pathways/cytotoxicity.tsv"]
        files["collections"] = ["results/pathways/collections.tsv"]
    if LIGANDS:
        files["ligands"] = expand(
            "results/ligands/{contrast}.tsv", contrast=CONTRAST_IDS
        )
    return files


# ---------------------------------------------------------------- resources
@functools.cache
def genome_bytes():
    """Uncompressed genome size estimated from the FASTA file size (read once per run)."""
    path = config["reference"]["genome"]
    size = os.path.getsize(path)
    return size * 4 if path.endswith(".gz") else size


def star_sa_nbases(wildcards):
    """STAR --genomeSAindexNbases scaled to the genome (tiny genomes need small values)."""
    return star_sa_index_nbases(genome_bytes())


def mem_star_index(wildcards, attempt):
    """STAR needs ~11 bytes of RAM per genome base to build its index (32 GB for mouse)."""
    return max(2000, int(genome_bytes() * 11 / 1e6)) * attempt


def mem_star_align(wildcards, attempt):
    """Aligning loads the whole index (~9 bytes per base) plus sorting buffers."""
    return max(2000, int(genome_bytes() * 9 / 1e6) + 2000) * attempt


def mem_small(wildcards, attempt):
    """Light jobs: 1 GB, doubled on each retry."""
    return 1000 * 2 ** (attempt - 1)


def mem_de(wildcards, attempt):
    """pydeseq2 holds a few copies of the genes x samples matrix; grows with samples."""
    return (2000 + 30 * len(SAMPLE_NAMES)) * attempt


def runtime_de(wildcards, attempt):
    """Minutes for the DE fit: ~20 s per sample at 20,000 genes on 2 cores, with margin."""
    return (30 + len(SAMPLE_NAMES)) * attempt


def mem_medium(wildcards, attempt):
    """Moderate jobs (fastp, salmon, featureCounts): 4 GB, more on retry."""
    return 4000 * attempt


def star_read_files(wildcards, input):
    """Quoted read files for STAR --readFilesIn (R1 [R2])."""
    reads = [input.r1] + ([input.r2] if PAIRED else [])
    return " ".join(shlex.quote(str(r)) for r in reads)


def salmon_libtype(wildcards):
    """salmon -l: the declared strandedness (auto: salmon infers it, checked afterwards)."""
    return salmon_library_type(config["strandedness"], PAIRED)


def salmon_read_args(wildcards, input):
    """salmon read arguments: -1/-2 for paired-end, -r for single-end."""
    if PAIRED:
        return f"-1 {shlex.quote(str(input.r1))} -2 {shlex.quote(str(input.r2))}"
    return f"-r {shlex.quote(str(input.r1))}"


# ---------------------------------------------------------------- provenance
COMMAND_LINE = shlex.join(sys.argv)


def provenance_roles(wildcards):
    """Config, sample sheet and the input files this entry point read (checksummed).

    A count-matrix run reads no genome or GTF, so a reference left in its config is not
    an input (and need not exist); a BAM run reads the GTF only.
    """
    roles = {"sample_sheet": config["samples"]}
    reference = config["reference"]
    used = {"fastq": ("genome", "gtf"), "bam": ("gtf",), "counts": ()}[ENTRY]
    for key in used:
        roles[f"reference_{key}"] = reference[key]
    if ENTRY == "counts":
        roles["count_matrix"] = config["counts"]
    return roles


def provenance_inputs(wildcards):
    """The files named in provenance_roles, so a changed input reruns the record."""
    return list(provenance_roles(wildcards).values())
