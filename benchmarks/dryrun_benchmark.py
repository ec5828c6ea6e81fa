"""DAG-building time of a dry run (`snakemake -n`) for 10, 100 and 1,000 paired-end samples.

Usage: .venv/bin/python benchmarks/dryrun_benchmark.py [--samples 10 100 1000]

Writes a sample sheet of N samples (two conditions, empty placeholder FASTQ
files: a dry run checks that inputs exist but never reads them) against the
demo reference, and times `snakemake -n` on 2 cores. As a reference measured
in the same job it times `snakemake --version` (interpreter and plugin start-up),
so the table also shows the time spent on validation and the DAG itself.
Writes benchmarks/out/dryrun_benchmark.md.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    from tenseq.demo import write_demo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    startup = _seconds([snakemake, "--version"])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_demo(work / "ref", fragments_per_sample=100)
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
            seconds = _seconds(
                [
                    snakemake,
                    "-s",
                    str(REPO / "Snakefile"),
                    "--directory",
                    str(run),
                    "--configfile",
                    str(work / f"config{n}.yaml"),
                    "-n",
                    "--quiet",
                    "all",
                    "--cores",
                    "2",
                ]
            )
            rows.append(
                {
                    "samples": n,
                    "dry_run_s": seconds,
                    "startup_s": startup,
                    "dag_and_validation_s": seconds - startup,
                }
            )
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows).round(2)
    OUT.mkdir(parents=True, exist_ok=True)
    text = "# dry-run benchmark (2 cores)\n\n" + table.to_markdown(index=False) + "\n"
    (OUT / "dryrun_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
