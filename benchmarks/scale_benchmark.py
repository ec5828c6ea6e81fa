"""A simulated cohort through the whole count-matrix route: per-rule time and peak memory.

Usage: .venv/bin/python benchmarks/scale_benchmark.py [--samples 200] [--genes 20000]
       [--cores 2] [--keep DIR] [--until RULE]

Writes a seeded negative-binomial count matrix (genes named after the CytoSig and
SecAct signature genes in mouse case, so ligand inference has its genes, padded
to ``--genes``; 5% of genes differential between two conditions) and runs
``snakemake`` on it from counts through DE, pathways and ligand inference.
Reports each rule's wall time and peak resident memory from Snakemake's
``benchmark:`` files, plus the total. Writes benchmarks/out/scale_benchmark.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from bench_tables import write_table

REPO = Path(__file__).resolve().parents[1]


def simulate(n_samples: int, n_genes: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts (genes x samples) and the sample sheet."""
    from tenseq.ligands import signatures as ligands
    from tenseq.pathways import genesets

    rng = np.random.default_rng(seed)
    names = list(genesets.curated_sets()["target"].unique())
    for source in ("cytosig", "secact"):
        names += [g.capitalize() for g in ligands.load_signature(source).index]
    names = list(dict.fromkeys(names))[:n_genes]
    names += [f"Gm{i}" for i in range(n_genes - len(names))]
    base = rng.lognormal(3, 1.8, size=n_genes)
    effect = np.where(rng.random(n_genes) < 0.05, rng.normal(0, 1, n_genes), 0.0)
    condition = np.array(["naive", "TEN"] * (n_samples // 2))
    mu = (
        base[:, None] * rng.uniform(0.7, 1.4, n_samples) * 2 ** np.outer(effect, condition == "TEN")
    )
    counts = rng.negative_binomial(10, 10 / (10 + mu))
    samples = [f"S{i:04d}" for i in range(n_samples)]
    matrix = pd.DataFrame(counts, columns=samples)
    matrix.insert(0, "gene_name", names)
    matrix.insert(0, "gene_id", [f"ENSMUSG{i:011d}" for i in range(n_genes)])
    sheet = pd.DataFrame({"sample": samples, "condition": condition})
    return matrix, sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--genes", type=int, default=20_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="run here instead of a temporary directory")
    parser.add_argument("--until", help="stop after this rule (snakemake --until)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        matrix, sheet = simulate(args.samples, args.genes)
        matrix.to_csv(work / "counts.tsv", sep="\t", index=False)
        sheet.to_csv(work / "samples.tsv", sep="\t", index=False)
        config = yaml.safe_load((REPO / "config" / "examples" / "demo.yaml").read_text())
        config.update(samples=str(work / "samples.tsv"), counts=str(work / "counts.tsv"))
        config["reference"] = {"species": "mouse"}
        config.pop("ligands", None)  # the default sources (CytoSig and SecAct), not the demo's
        config["pathways"] = {"msigdb": {"collections": []}, "progeny": {"activate": False}}
        (work / "config.yaml").write_text(yaml.safe_dump(config))
        snakemake = str(Path(sys.executable).with_name("snakemake"))
        start = time.perf_counter()
        subprocess.run(
            [
                snakemake, "--snakefile", str(REPO / "Snakefile"), "--directory", str(work),
                "--configfile", str(work / "config.yaml"), "--cores", str(args.cores), "--quiet",
                *(["--until", args.until] if args.until else []),
            ],
            check=True,
        )  # fmt: skip
        total = time.perf_counter() - start
        rows = []
        for path in sorted((work / "results" / "benchmarks").rglob("*.tsv")):
            bench = pd.read_csv(path, sep="\t")
            rule = str(path.relative_to(work / "results" / "benchmarks").with_suffix(""))
            rows.append(f"| {rule} | {bench['s'].iloc[0]:.1f} | {bench['max_rss'].iloc[0]:.0f} |")
        ligands = work / "results/ligands/TEN_vs_naive.tsv"
        calls = pd.read_csv(ligands, sep="\t")["call"] if ligands.is_file() else pd.Series()
    write_table(
        "scale_benchmark",
        f"Count-matrix route: {args.samples} samples x {args.genes} genes, {args.cores} cores",
        f"Total wall time: {total:.0f} s. Ligand calls: {calls.value_counts().to_dict()}.",
        ["rule", "seconds", "peak MB"],
        rows,
    )


if __name__ == "__main__":
    main()
