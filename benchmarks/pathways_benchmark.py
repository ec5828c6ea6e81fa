"""Time and peak memory of pathway scoring at cohort size: 48 samples x 20,000 genes x hallmarks.

Usage: .venv/bin/python benchmarks/pathways_benchmark.py --gmt HALLMARK.gmt
       [--samples 48] [--genes 20000] [--permutations 1000]

The gene universe is the collection's own genes padded with made-up symbols up
to ``--genes``; expression is log-normal noise with the first hallmark shifted
in half the samples (seeded). Each method runs in a child process on 2 threads
so its peak resident memory (ru_maxrss) is its own: GSEA prerank on a Wald-like
statistic, ssGSEA and ULM per sample. A reference task (numpy sort of the
same matrix, repeated) runs in the same job, and times are also given as ratios
to it so runs on different machines compare. Writes benchmarks/out/pathways_benchmark.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_tables import run_child, write_table

CHILD = """
import json, resource, sys, time
import numpy as np, pandas as pd
from tenseq.pathways import genesets
from tenseq.pathways import scoring as pathways
method, gmt, n_samples, n_genes, permutations = sys.argv[1:6]
n_samples, n_genes, permutations = int(n_samples), int(n_genes), int(permutations)
sets = genesets.read_gmt(gmt)
genes = list(dict.fromkeys(sets["target"]))
genes += [f"Sim{i:05d}" for i in range(max(0, n_genes - len(genes)))]
genes = genes[:n_genes]
rng = np.random.default_rng(0)
values = rng.normal(8, 1, size=(n_samples, len(genes)))
first = sets["source"].iloc[0]
shifted = np.isin(genes, sets.loc[sets["source"] == first, "target"])
values[n_samples // 2 :, shifted] += 0.7
expression = pd.DataFrame(values, columns=genes, index=[f"S{i:03d}" for i in range(n_samples)])
sets = genesets.filter_sets(sets, genes, min_size=15, max_size=500)
start = time.perf_counter()
if method == "reference":
    for _ in range(20):
        np.sort(values, axis=1)
elif method == "prerank":
    diff = expression.iloc[n_samples // 2 :].mean() - expression.iloc[: n_samples // 2].mean()
    stat = pathways.ranking(pd.DataFrame({"gene_name": genes, "stat": diff.to_numpy() * 5}))
    table = pathways.prerank(stat, sets, permutations=permutations, min_size=15, threads=2)
    assert table.loc[0, "set"] == first, table.head()
elif method == "ssgsea":
    scores = pathways.sample_ssgsea(expression, sets, min_size=15, threads=2)
elif method == "ulm":
    scores = pathways.sample_ulm(expression, sets, min_size=15)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": seconds, "rss_mb": peak, "sets": int(sets["source"].nunique())}))
"""


def run(method: str, args: argparse.Namespace) -> dict:
    """One method in a child process; its wall time and peak memory."""
    return run_child(CHILD, method, args.gmt, args.samples, args.genes, args.permutations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gmt", type=Path, required=True, help="hallmark GMT (mouse symbols)")
    parser.add_argument("--samples", type=int, default=48)
    parser.add_argument("--genes", type=int, default=20_000)
    parser.add_argument("--permutations", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    reference = run("reference", args)
    for method in ("prerank", "ssgsea", "ulm"):
        result = run(method, args)
        rows.append(
            f"| {method} | {result['sets']} | {result['s']:.1f} | "
            f"{result['s'] / reference['s']:.1f} | {result['rss_mb']:.0f} |"
        )
        print(rows[-1], flush=True)
    write_table(
        "pathways_benchmark",
        f"Pathway scoring: {args.samples} samples x {args.genes} genes, "
        f"{args.permutations} prerank permutations, 2 threads",
        f"Reference task (20 row sorts of the matrix): {reference['s']:.2f} s.",
        ["method", "sets", "seconds", "x reference", "peak MB"],
        rows,
    )


if __name__ == "__main__":
    main()
