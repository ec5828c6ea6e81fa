"""The workflow's plain functions: its target list, per-sample file lists and job sizing.

``workflow/rules/common.smk`` calls these with plain values (contrast ids, sample names,
the entry point, which stages run) so that what a run produces, and what a job asks of a
workstation or a SLURM cluster, can be read and unit-tested outside Snakemake.
Functions taking ``wildcards``/``input``/``attempt`` are Snakemake params or resource
functions used by rules directly (Snakemake passes those arguments by name).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from tenseq.errors import InputError

Sizer = Callable[[Any, int], int]
# The resolved config of a run, recorded by its provenance rule.
RECORDED_CONFIG = Path("results/provenance/config.yaml")


def run_config(config: Mapping[str, Any], recorded: Path = RECORDED_CONFIG) -> dict[str, Any]:
    """The run's --configfile (or a module's ``config:``), else the last run's recorded config.

    Without either there is nothing to run: the error says how to give a config.
    """
    if config:
        return dict(config)
    if recorded.is_file():
        return yaml.safe_load(recorded.read_text())
    raise InputError(
        None,
        "no config given",
        "run the demo with --configfile config/examples/demo.yaml or your data with "
        "--configfile path/to/config.yaml (start from config/examples/minimal.yaml; every "
        "key is in config/README.md)",
    )


# ---------------------------------------------------------------- targets
def targets(*, contrasts: Sequence[str], entry: str, pathways: bool, ligands: bool) -> list[str]:
    """Files of ``rule all``: counts, QC, provenance, the summary, and each stage that runs.

    ``entry`` is ``fastq``, ``bam`` or ``counts``; a count-matrix run has no reads, so no
    strandedness table or MultiQC report.
    """
    outputs = [
        "results/counts/counts.tsv",
        "results/counts/counts.h5ad",
        "results/provenance/versions.tsv",
        "results/qc/samples.tsv",
        "results/plots/qc/pca.png",
        "results/plots/qc/sample_correlation.png",
        "results/plots/qc/library_sizes.png",
        "results/summary.html",
    ]
    if contrasts:
        outputs.append("results/de/de.h5ad")
        outputs += [f"results/de/{c}.tsv" for c in contrasts]
        outputs += [
            f"results/plots/de/{c}.{kind}.png" for c in contrasts for kind in ("volcano", "ma")
        ]
    if pathways:
        outputs += [
            "results/pathways/cytotoxicity.tsv",
            "results/pathways/sample_scores.tsv",
            "results/pathways/pathways.h5ad",
            "results/plots/pathways/program_heatmap.png",
        ]
        outputs += [
            f"results/pathways/{c}.{kind}.tsv" for c in contrasts for kind in ("prerank", "ulm")
        ]
        outputs += [
            f"results/plots/pathways/{c}.{kind}.png"
            for c in contrasts
            for kind in ("dotplot", "running_sum")
        ]
    if ligands:
        outputs += [f"results/ligands/{c}.tsv" for c in contrasts]
        outputs.append("results/ligands/sample_activity.tsv")
        outputs += [
            f"results/plots/ligands/{c}.{kind}.png"
            for c in contrasts
            for kind in ("ranked", "signatures")
        ]
        outputs.append("results/plots/ligands/sample_activity.png")
    if entry != "counts":
        outputs += ["results/qc/strandedness.tsv", "results/qc/multiqc_report.html"]
    return outputs


# samtools QC of each BAM, one directory per sample: results/qc/samtools/<sample>/
# <sample>.stats.txt, .flagstat.txt, .idxstats.txt (MultiQC names samples by file name,
# and reads a directory as the files in it: one declared file per sample, not three)
SAMTOOLS_QC = "results/qc/samtools/{sample}"
# salmon quant's output directory of each sample: quant.sf, lib_format_counts.json,
# aux_info/meta_info.json... (MultiQC names salmon's samples by this directory's name)
SALMON_QUANT = "results/salmon/{sample}"


def qc_files(samples: Sequence[str], *, entry: str, quantifier: str, trimming: bool) -> list[str]:
    """Every per-sample QC file or directory MultiQC reads (fastp, STAR or salmon, samtools)."""
    files = []
    if entry == "fastq" and trimming:
        files += [f"results/qc/fastp/{s}.fastp.json" for s in samples]
    if entry == "fastq" and quantifier == "salmon":
        return files + [SALMON_QUANT.format(sample=s) for s in samples]
    if entry == "fastq":
        files += [f"results/align/{s}/Log.final.out" for s in samples]
    for s in samples:
        files.append(SAMTOOLS_QC.format(sample=s))
    files.append("results/counts/featurecounts.summary")
    return files


def summary_files(
    contrasts: Sequence[str], *, pathways: bool, ligands: bool
) -> dict[str, list[str]]:
    """The tables and plots the summary page reads, by role (empty for a stage that did not run)."""
    files: dict[str, list[str]] = {
        "de": [f"results/de/{c}.tsv" for c in contrasts],
        "volcano": [f"results/plots/de/{c}.volcano.png" for c in contrasts],
        "ligands": [f"results/ligands/{c}.tsv" for c in contrasts] if ligands else [],
        "cytotoxicity": [],
        "collections": [],
    }
    if pathways:
        files["cytotoxicity"] = ["results/pathways/cytotoxicity.tsv"]
        files["collections"] = ["results/pathways/collections.tsv"]
    return files


def pathway_user_files(pathways: Mapping[str, Any]) -> list[str]:
    """The user's files of the pathway stage: GMT files and a PROGENy table."""
    progeny = pathways["progeny"]["path"]
    return list(pathways["gene_sets"]) + ([progeny] if progeny else [])


def ligand_user_files(ligands: Mapping[str, Any]) -> list[str]:
    """The user's files of the ligand stage: signature TSVs, orthologs, receptors, secretome.

    Built-in signature sources (``cytosig``, ``secact``...) are names, not files.
    """
    from tenseq.ligands.signatures import BUILT_IN

    files = [s for s in ligands["sources"] if s not in BUILT_IN]
    return files + [ligands[k] for k in ("orthologs", "receptors", "secretome") if ligands[k]]


def ligands_enabled(config: Mapping[str, Any], *, pathways: bool, blocked: Mapping) -> bool:
    """Whether ligands are inferred: on, pathway scoring ran, a known species, not blocked."""
    return bool(
        pathways
        and config["ligands"]["activate"]
        and config["reference"]["species"] != "other"
        and "ligands" not in blocked
    )


def alignment_reads(sample: str, raw: Sequence[str], *, trimming: bool) -> dict[str, list[str]]:
    """Reads to align or quantify: trimmed (or raw, without trimming).

    The alignment rules wait for every sample's FASTQ check through a gate file of their
    own (``FASTQ_GATE`` in ``common.smk``), not through these reads.
    """
    if not trimming:
        fastq = list(raw)
    elif len(raw) == 2:
        fastq = [f"results/trimmed/{sample}_R1.fastq.gz", f"results/trimmed/{sample}_R2.fastq.gz"]
    else:
        fastq = [f"results/trimmed/{sample}.fastq.gz"]
    return {"fastq": fastq}


# ---------------------------------------------------------------- settings and tool arguments
DE_OPTIONS = (
    "engine",
    "prefilter",
    "min_count",
    "min_samples",
    "alpha",
    "shrink_lfc",
    "cooks_filter",
    "independent_filter",
)


def de_options(de: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword options of ``tenseq.de.run_contrasts`` from the config's ``de`` section.

    Named here, so that the fit's interface is these scalars and not the whole section.
    """
    return {key: de[key] for key in DE_OPTIONS}


def fastp_args(extra: str) -> Callable[[Any, Any, Any], str]:
    """fastp's arguments but ``--thread``, for a rule with outputs ``trimmed`` and ``reports``.

    The returned params function gives the reads: --in1/--out1, plus --in2/--out2 and
    adapter detection for pairs; the JSON (read by MultiQC) and HTML reports, titled with
    the sample's name; then the user's ``extra`` (last, so they can override). The thread
    count stays in the rule's shell command: a params function that asks for ``threads``
    makes Snakemake evaluate every job's resources while it builds the DAG (~0.6 s per
    1,000 samples).
    """

    def args(wildcards: Any, input: Any, output: Any) -> str:
        reads = ["--in1", input.fastq[0]]
        if len(input.fastq) == 2:
            reads += ["--in2", input.fastq[1]]
        reads += ["--out1", output.trimmed[0]]
        if len(input.fastq) == 2:
            reads += ["--out2", output.trimmed[1], "--detect_adapter_for_pe"]
        json, html = output.reports
        reads += ["--json", json, "--html", html, "--report_title", wildcards.sample]
        return " ".join([shlex.join(str(a) for a in reads), extra]).strip()

    return args


def salmon_reads(wildcards: Any, input: Any) -> str:
    """salmon quant's read arguments: -1/-2 for paired-end, -r for single-end."""
    fastq = [str(f) for f in input.fastq]
    if len(fastq) == 2:
        return shlex.join(["-1", fastq[0], "-2", fastq[1]])
    return shlex.join(["-r", fastq[0]])


# ---------------------------------------------------------------- sizing
def by_attempt(base: int, per_unit: float = 0.0, units: int = 0) -> Sizer:
    """A Snakemake resource function: ``(base + per_unit * units) * attempt``.

    Memory (MB) or runtime (minutes) grows linearly with each retry, so a job killed
    for exceeding its request gets more on the next attempt.
    """

    def size(wildcards: Any, attempt: int) -> int:
        return int((base + per_unit * units) * attempt)

    return size


def doubling(base: int) -> Sizer:
    """A Snakemake resource function: ``base`` doubled on each retry (light jobs)."""

    def size(wildcards: Any, attempt: int) -> int:
        return base * 2 ** (attempt - 1)

    return size


def genome_bytes(path: str | os.PathLike[str]) -> int:
    """Uncompressed genome size estimated from the FASTA's size on disk (x4 for gzip).

    A stat, not a read: sizing must not stream a 3 GB genome while the DAG is built.
    """
    size = os.path.getsize(path)
    return size * 4 if str(path).endswith(".gz") else size


def mem_star_index(genome: int) -> Sizer:
    """STAR needs ~11 bytes of RAM per genome base to build its index (32 GB for mouse)."""
    return by_attempt(max(2000, int(genome * 11 / 1e6)))


def mem_star_align(genome: int) -> Sizer:
    """Aligning loads the whole index (~9 bytes per base) plus sorting buffers."""
    return by_attempt(max(2000, int(genome * 9 / 1e6) + 2000))


def mem_de(n_samples: int) -> Sizer:
    """pydeseq2 holds a few copies of the genes x samples matrix: grows with samples."""
    return by_attempt(2000, 30, n_samples)


def runtime_de(n_samples: int) -> Sizer:
    """Minutes for the DE fit: ~20 s per sample at 20,000 genes on 2 cores, with margin."""
    return by_attempt(30, 1, n_samples)


mem_small = doubling(1000)  # light jobs: 1 GB, doubled on each retry
mem_medium = by_attempt(4000)  # fastp, salmon, featureCounts, matrix assembly
