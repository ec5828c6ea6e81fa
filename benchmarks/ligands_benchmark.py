"""Time and peak memory of ligand activity (step 3) for 2, 10 and 50 contrasts x 20k genes.

Usage: .venv/bin/python benchmarks/ligands_benchmark.py [--contrasts 2 10 50]
       [--permutations 1000]

Each contrast is a Wald-like statistic over 20,000 genes (the union of the
CytoSig and SecAct genes padded with made-up symbols; seeded noise plus a planted
G-CSF response). For every contrast the workflow's step 3 runs as in
``tenseq.ligand_report``: ridge with ``--permutations`` gene permutations and
ULM on CytoSig (43 ligands) and SecAct (1,170), the correlation-inflation
correction, forward selection (one refit per selected ligand, plus the
leave-one-out refits) and the Stouffer combination. Each size runs in a
child process (its own ru_maxrss). A reference
task (numpy sort of a 50 x 20,000 matrix, 20 times) runs in the same job so
times compare across machines. Writes benchmarks/out/ligands_benchmark.md.
"""

from __future__ import annotations

import argparse

from bench_tables import run_child, write_table

CHILD = """
import json, resource, sys, time
import numpy as np, pandas as pd
from tenseq import ligand_activity, ligands
n_contrasts, permutations = int(sys.argv[1]), int(sys.argv[2])
curated = ligands.curated_ligands()
sources = {name: ligands.load_signature(name) for name in ("cytosig", "secact")}
genes = sorted(set().union(*(s.index for s in sources.values())))
genes += [f"SIM{i:05d}" for i in range(max(0, 20_000 - len(genes)))]
genes = pd.Index(genes[:20_000])
rng = np.random.default_rng(0)
if n_contrasts == 0:
    start = time.perf_counter()
    for _ in range(20):
        np.sort(rng.normal(size=(50, 20_000)), axis=1)
    print(json.dumps({"s": time.perf_counter() - start}))
    sys.exit()
residuals = pd.DataFrame(rng.normal(size=(20_000, 12)), index=genes)
gcsf = sources["cytosig"]["GCSF"].reindex(genes).fillna(0.0)
steps = []
start = time.perf_counter()
for k in range(n_contrasts):
    stat = pd.Series(rng.normal(size=20_000), index=genes) + 0.5 * gcsf / gcsf.std()
    parts = []
    for name, signature in sources.items():
        symbols = ligands.ligand_symbols(list(signature.columns), curated)
        table = ligand_activity.contrast_activity(
            stat, signature, symbols, name, n_rand=permutations, seed=0
        )
        inflation = ligand_activity.correlation_inflation(residuals, signature, dof=10)
        table = ligand_activity.adjust(table, inflation)
        selected, _ = ligand_activity.forward_select(
            stat, signature, table.set_index("signature")["z"], inflation,
            n_rand=permutations, seed=0,
        )  # fmt: skip
        steps.append(len(selected))
        parts.append(table)
    combined = ligand_activity.combine_sources(pd.concat(parts, ignore_index=True))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
top = combined.set_index("ligand")["z"].abs().idxmax()
print(json.dumps({"s": seconds, "rss_mb": peak, "top": top, "selected": float(np.mean(steps))}))
"""


def run(n: int, permutations: int) -> dict:
    """One size in a child process."""
    return run_child(CHILD, n, permutations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contrasts", type=int, nargs="+", default=[2, 10, 50])
    parser.add_argument("--permutations", type=int, default=1000)
    args = parser.parse_args()
    reference = run(0, args.permutations)
    rows = []
    for n in args.contrasts:
        result = run(n, args.permutations)
        rows.append(
            f"| {n} | {result['s']:.1f} | {result['s'] / n:.1f} | "
            f"{result['s'] / reference['s']:.1f} | {result['rss_mb']:.0f} | {result['top']} | "
            f"{result['selected']:.1f} |"
        )
        print(rows[-1], flush=True)
    write_table(
        "ligands_benchmark",
        f"Ligand activity: CytoSig + SecAct, {args.permutations} permutations, 20,000 genes",
        f"Reference task: {reference['s']:.2f} s.",
        [
            "contrasts",
            "seconds",
            "s per contrast",
            "x reference",
            "peak MB",
            "top ligand",
            "selected per source",
        ],  # fmt: skip
        rows,
    )


if __name__ == "__main__":
    main()
