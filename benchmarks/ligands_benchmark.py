"""Time and peak memory of the ligand step, beside bare secactpy, at 20k genes.

Usage: .venv/bin/python benchmarks/ligands_benchmark.py [--contrasts 2 10 50]
       [--samples 24] [--permutations 1000] [--no-split]

Each contrast is a Wald-like statistic over 20,000 genes (the union of the
CytoSig and SecAct genes padded with made-up symbols; seeded noise plus a planted
G-CSF response) with 12 residual rows (a design with 12 residual df). For every
contrast the pipeline's contrast step runs as in ``tenseq.ligands.stage``: the
closed-form gene-permutation z and the rotation test on CytoSig (43 ligands)
and SecAct (1,170), ULM, the Stouffer combination and forward selection across
sources. The step also scores every sample (``--samples`` centred
profiles, both sources: ``activity.sample_activity``, closed form). The
peer is bare ``secactpy.secact_activity`` with ``--permutations`` permutations
on the same statistics, samples and sources (what the ligand step cost before).
Each run is a child process (its own ru_maxrss). To weigh one ligand job
per contrast against one for all, the same contrasts also run as that many
one-contrast children, each paying its own start, source loading and ridge
maps. A reference task (numpy sort of a 50 x 20,000 matrix, 20 times) runs in
the same job so times compare across machines. Writes benchmarks/out/ligands_benchmark.md.
"""

from __future__ import annotations

import argparse
import time

from bench_tables import run_child, write_table

CHILD = """
import time
begin = time.perf_counter()
import json, resource, sys
import numpy as np, pandas as pd
from tenseq.ligands import activity
from tenseq.ligands import selection as ligand_selection
from tenseq.ligands import signatures as ligands
n_contrasts, permutations, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
n_samples = int(sys.argv[4])
curated = ligands.curated_ligands()
sources = {}
for name in ("cytosig", "secact"):
    signature = ligands.load_signature(name)
    symbols = ligands.ligand_symbols(list(signature.columns), curated)
    sources[name] = signature.rename(columns=symbols)
genes = sorted(set().union(*(s.index for s in sources.values())))
genes += [f"SIM{i:05d}" for i in range(max(0, 20_000 - len(genes)))]
genes = pd.Index(genes[:20_000])
setup_s = time.perf_counter() - begin
rng = np.random.default_rng(0)
if n_contrasts == 0:
    start = time.perf_counter()
    for _ in range(20):
        np.sort(rng.normal(size=(50, 20_000)), axis=1)
    print(json.dumps({"s": time.perf_counter() - start}))
    sys.exit()
residuals = pd.DataFrame(rng.normal(size=(12, 20_000)), columns=genes)
gcsf = sources["cytosig"]["CSF3"].reindex(genes).fillna(0.0)
steps, top, operators = [], "", {}
profiles = pd.DataFrame(rng.normal(size=(20_000, n_samples)), index=genes)
start = time.perf_counter()
for signature in sources.values():
    shared = profiles.loc[signature.index.intersection(genes)]
    if mode == "secactpy":
        activity.ridge(shared, signature, n_rand=permutations)
    else:
        activity.sample_activity(shared, signature, {})
samples_s = time.perf_counter() - start
times = []
for k in range(n_contrasts):
    started = time.perf_counter()
    stat = pd.Series(rng.normal(size=20_000), index=genes) + 0.5 * gcsf / gcsf.std()
    if mode == "secactpy":
        for signature in sources.values():
            z = activity.ridge(stat.to_frame("c"), signature, n_rand=permutations)["zscore"]
        top = "CSF3"
        continue
    fits = {
        n: activity.SourceFit.build(stat, s, residuals, operators=operators)
        for n, s in sources.items()
    }
    parts = [activity.contrast_activity(stat, fit, n) for n, fit in fits.items()]
    combined = activity.combine_sources(pd.concat(parts, ignore_index=True))
    selected, _ = ligand_selection.forward_select(
        ligand_selection.evaluator(fits), set(combined["ligand"]), {}
    )
    steps.append(len(selected))
    top = combined.set_index("ligand")["z"].abs().idxmax()
    times.append(time.perf_counter() - started)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
selected = float(np.mean(steps)) if steps else float("nan")
first = times[0] if times else float("nan")
later = float(np.mean(times[1:])) if len(times) > 1 else float("nan")
print(json.dumps({"s": seconds, "samples_s": samples_s, "rss_mb": peak, "top": top,
                  "selected": selected, "setup_s": setup_s, "first_s": first, "later_s": later}))
"""


def run(n: int, permutations: int, mode: str = "tenseq", samples: int = 24) -> dict:
    """One size in a child process: the pipeline's ligand step, or bare secactpy.

    ``wall_s`` is the child's whole life seen from here: interpreter start, imports,
    loading the sources, the sample activity and every contrast.
    """
    start = time.perf_counter()
    result = run_child(CHILD, n, permutations, mode, samples)
    return {**result, "wall_s": time.perf_counter() - start}


def per_contrast_jobs(n: int, permutations: int, samples: int) -> float:
    """Seconds of ``n`` one-contrast children, as one job per contrast would spend them.

    Each child pays its own start, imports, source loading and ridge maps; the sample
    activity is counted once (a shared job would compute it), not ``n`` times.
    """
    runs = [run(1, permutations, samples=samples) for _ in range(n)]
    return sum(r["wall_s"] for r in runs) - sum(r["samples_s"] for r in runs[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contrasts", type=int, nargs="+", default=[2, 10, 50])
    parser.add_argument("--samples", type=int, default=24)
    parser.add_argument("--permutations", type=int, default=1000)
    parser.add_argument(
        "--no-split", action="store_true", help="skip the one-job-per-contrast measurement"
    )
    args = parser.parse_args()
    reference = run(0, args.permutations)
    rows = []
    for n in args.contrasts:
        result = run(n, args.permutations, samples=args.samples)
        peer = run(n, args.permutations, "secactpy", samples=args.samples)
        split = (
            float("nan") if args.no_split else per_contrast_jobs(n, args.permutations, args.samples)
        )
        rows.append(
            f"| {n} | {result['s']:.1f} | {result['samples_s']:.2f} | "
            f"{(result['s'] - result['samples_s']) / n:.2f} | {result['setup_s']:.1f} | "
            f"{result['first_s']:.2f} | {result['later_s']:.2f} | {result['wall_s']:.1f} | "
            f"{split:.1f} | "
            f"{result['s'] / reference['s']:.1f} | {result['rss_mb']:.0f} | {peer['s']:.1f} | "
            f"{peer['samples_s']:.2f} | {result['s'] / peer['s']:.2f} | {result['top']} | "
            f"{result['selected']:.1f} |"
        )
        print(rows[-1], flush=True)
    write_table(
        "ligands_benchmark",
        f"Ligand step: CytoSig + SecAct, 20,000 genes, {args.samples} samples, 12 residual df",
        f"Reference task: {reference['s']:.2f} s. Peer: bare secactpy, "
        f"{args.permutations} permutations, same sources, samples and contrasts. "
        "Setup: interpreter, imports and loading the sources. First contrast: with the "
        "ridge maps (one per source), shared by the later ones. One job: the child's wall "
        "time; per-contrast jobs: the summed wall time of one-contrast children (sample "
        "activity counted once).",
        [
            "contrasts",
            "seconds",
            "samples s",
            "s per contrast",
            "setup s",
            "first contrast s",
            "later contrast s",
            "one job s",
            "per-contrast jobs s",
            "x reference",
            "peak MB",
            "secactpy s",
            "secactpy samples s",
            "x secactpy",
            "top ligand",
            "selected",
        ],  # fmt: skip
        rows,
    )


if __name__ == "__main__":
    main()
