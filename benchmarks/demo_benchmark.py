"""Time and peak memory of `make demo`'s stages, per rule, on 2 cores.

Usage: .venv/bin/python benchmarks/demo_benchmark.py [--fragments N]

Runs the demo generator and the workflow in a scratch directory and reads the
Snakemake `benchmark:` files each rule writes under results/benchmarks/. As a
reference measured in the same job, it times decompressing every FASTQ once
(`gzip -dc`), the I/O floor of any read-level pipeline; the table reports each
stage's wall time as a multiple of it, so numbers compare across machines.
Writes benchmarks/out/demo_benchmark.md.
"""

from __future__ import annotations

import argparse
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


def _time(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fragments", type=int, default=150_000)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        gen = _time(
            [
                str(bindir / "python"),
                "-c",
                f"from tenseq.datasets.demo import write_demo; write_demo('{work}/data', "
                f"fragments_per_sample={args.fragments})",
            ]
        )
        reads = sorted((work / "data" / "reads").glob("*.fastq.gz"))
        io_floor = _time(["bash", "-c", " ".join(f"gzip -dc {r} >/dev/null;" for r in reads)])
        config = yaml.safe_load((REPO / "config" / "examples" / "demo.yaml").read_text())
        config["samples"] = str(work / "data" / "samples.tsv")
        config["reference"].update(
            genome=str(work / "data/genome.fa"), gtf=str(work / "data/genes.gtf")
        )
        (work / "config.yaml").write_text(yaml.safe_dump(config))
        total = _time(
            [
                str(bindir / "snakemake"),
                "-s",
                str(REPO / "Snakefile"),
                "--directory",
                str(work),
                "--configfile",
                str(work / "config.yaml"),
                "--cores",
                str(args.cores),
                "--quiet",
            ]
        )
        rows = []
        for path in sorted((work / "results" / "benchmarks").rglob("*.tsv")):
            rule = path.relative_to(work / "results" / "benchmarks").parts[0].removesuffix(".tsv")
            bench = pd.read_csv(path, sep="\t")
            rows.append(
                {"rule": rule, "s": bench["s"].iloc[0], "max_rss_mb": bench["max_rss"].iloc[0]}
            )
    per_rule = (
        pd.DataFrame(rows)
        .groupby("rule")
        .agg(
            jobs=("s", "size"),
            total_s=("s", "sum"),
            max_job_s=("s", "max"),
            peak_rss_mb=("max_rss_mb", "max"),
        )
        .sort_values("total_s", ascending=False)
    )
    per_rule["x_io_floor"] = per_rule["total_s"] / io_floor
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# demo benchmark ({args.fragments} fragments x 6 samples, {args.cores} cores)",
        "",
        f"- demo generation: {gen:.1f} s",
        f"- reference: gzip -dc of all FASTQ: {io_floor:.2f} s",
        f"- snakemake wall time: {total:.1f} s ({total / io_floor:.0f} x reference)",
        f"- peak RSS of any child process: {child_peak:.0f} MB",
        "",
        per_rule.round(2).to_markdown(),
    ]
    (OUT / "demo_benchmark.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
