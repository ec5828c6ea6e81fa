"""DAG-building time of a dry run (`snakemake -n`) for 10, 100 and 1,000 paired-end samples.

Usage: .venv/bin/python benchmarks/dryrun_benchmark.py [--samples 10 100 1000]

Writes a sample sheet of N samples (two conditions, empty placeholder FASTQ
files: a dry run checks that inputs exist but never reads them) against the
demo reference, and times `snakemake -n` on 2 cores. As a reference measured
in the same job it times `snakemake --version` (interpreter and plugin start-up),
so the table also shows the time spent on validation and the DAG itself, and the dry
run of a bare fastp -> STAR -> featureCounts Snakefile (BARE, no validation, logs or
resources) on the same sample sheet: the floor any pipeline of these steps pays.
Both Snakefiles run with the same flags, in two modes: `-n --quiet` (build the DAG, print
the job counts: what Snakemake advises for a large workflow) and `-n` printing every job
(each job's resources and shell command formatted). Wall and CPU seconds (user + system
of the snakemake process): on a shared machine the CPU seconds are the steadier number.
Writes benchmarks/out/dryrun_benchmark.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"


BARE = """
import pandas as pd

SAMPLES = pd.read_csv(config["samples"], sep="\\t", index_col="sample")

rule all:
    input: "counts.tsv"

rule fastp:
    input:
        r1=lambda w: SAMPLES.loc[w.sample, "fq1"],
        r2=lambda w: SAMPLES.loc[w.sample, "fq2"],
    output:
        r1="trimmed/{sample}_R1.fastq.gz",
        r2="trimmed/{sample}_R2.fastq.gz",
        json="qc/{sample}.json",
    threads: 2
    shell: "fastp --in1 {input.r1} --in2 {input.r2} --out1 {output.r1} --out2 {output.r2}"

rule star:
    input: r1="trimmed/{sample}_R1.fastq.gz", r2="trimmed/{sample}_R2.fastq.gz"
    output: "align/{sample}.bam"
    threads: 4
    shell: "STAR --runThreadN {threads} --readFilesIn {input.r1} {input.r2} > {output}"

rule featurecounts:
    input: "align/{sample}.bam"
    output: "counts/{sample}.txt"
    shell: "featureCounts -a genes.gtf -o {output} {input}"

rule counts:
    input: expand("counts/{sample}.txt", sample=SAMPLES.index)
    output: "counts.tsv"
    shell: "cat {input} > {output}"
"""


def _seconds(cmd: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of ``cmd``, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def _jobs(summary: str) -> int:
    """Job count from the `total N` line of a dry run's job table."""
    return int(re.search(r"^total\s+(\d+)", summary, re.MULTILINE).group(1))


def main() -> None:
    from tenseq.datasets.demo import write_demo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    load_before = os.getloadavg()[0]
    startup, _, _ = _seconds([snakemake, "--version"])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_demo(work / "ref", fragments_per_sample=100)
        (work / "bare.smk").write_text(BARE)
        for n in args.samples:
            reads = work / f"reads{n}"
            reads.mkdir()
            sheet = []
            for i in range(n):
                name = f"{'TEN' if i % 2 else 'naive'}_{i + 1}"
                for mate in (1, 2):  # one real read per file: start-up checks read them
                    record = f"@{name}.1/{mate}\nACGTACGTAC\n+\nIIIIIIIIII\n".encode()
                    (reads / f"{name}_R{mate}.fastq.gz").write_bytes(gzip.compress(record))
                sheet.append(
                    {
                        "sample": name,
                        "condition": name.split("_")[0],
                        "fq1": str(reads / f"{name}_R1.fastq.gz"),
                        "fq2": str(reads / f"{name}_R2.fastq.gz"),
                    }
                )
            pd.DataFrame(sheet).to_csv(work / f"samples{n}.tsv", sep="\t", index=False)
            config = yaml.safe_load((REPO / "config" / "examples" / "demo.yaml").read_text())
            config["samples"] = str(work / f"samples{n}.tsv")
            config["reference"].update(
                genome=str(work / "ref/genome.fa"), gtf=str(work / "ref/genes.gtf")
            )
            (work / f"config{n}.yaml").write_text(yaml.safe_dump(config))
            run = work / f"run{n}"
            run.mkdir()
            ours = [snakemake, "all", "-s", str(REPO / "Snakefile"), "--directory", str(run)]
            ours += ["--configfile", str(work / f"config{n}.yaml")]
            bare = [snakemake, "all", "-s", str(work / "bare.smk"), "--directory", str(run)]
            bare += ["--config", f"samples={work / f'samples{n}.tsv'}"]
            # the first run checks the first reads of every FASTQ (cached per file state)
            first, first_cpu, _ = _seconds(ours + ["-n", "--cores", "2", "--quiet"])
            row: dict[str, float] = {"samples": n, "first_s": first, "first_cpu_s": first_cpu}
            # --quiet last: it takes optional words and would swallow a target after it
            for mode, flags in (("quiet", ["--quiet"]), ("listing", [])):
                common = ["-n", "--cores", "2", *flags]
                wall, cpu, summary = _seconds(ours + common)
                bare_wall, bare_cpu, bare_summary = _seconds(bare + common)
                row |= {
                    f"{mode}_s": wall,
                    f"{mode}_cpu_s": cpu,
                    f"{mode}_bare_s": bare_wall,
                    f"{mode}_bare_cpu_s": bare_cpu,
                    f"{mode}_cpu_ratio": cpu / bare_cpu,
                }
            row |= {"jobs": _jobs(summary), "bare_jobs": _jobs(bare_summary)}
            row["startup_s"] = startup
            rows.append(row)
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows).round(2)
    OUT.mkdir(parents=True, exist_ok=True)
    load = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    text = (
        f"# dry-run benchmark (2 cores; 1-minute load average {load})\n\n"
        + table.to_markdown(index=False)
        + "\n"
    )
    (OUT / "dryrun_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
