"""tenseq's DE engine against pydeseq2's per-gene engine and R DESeq2, same counts, same run.

Usage: .venv/bin/python benchmarks/de_benchmark.py [--samples 6 48 200] [--genes 20000]
       [--no-pydeseq2]

For each size, simulates a two-group negative-binomial matrix (tenseq.datasets.toy, seeded;
10% of genes differential, log2 fold change 1), then runs in child processes:
tenseq.de.run_contrasts with ``engine="tenseq"`` and with ``engine="pydeseq2"``
(n_cpus=2), and, where Rscript with DESeq2 is installed (Debian: r-bioc-deseq2),
DESeq() + results(alpha = 0.1). All three test DESeq2's gene universe (every gene with a
read, independent filtering; no LFC shrinkage, which DESeq() does not do either).

Reports per engine the fit's wall seconds, the whole child's CPU seconds (user + system
of the process tree, start-up and I/O included) and peak memory; tenseq's CPU and wall
ratios to R; and agreement with R and with pydeseq2: Pearson r of log2 fold changes on genes
both tested, and the Jaccard index of the padj < 0.1 sets. Writes
benchmarks/out/de_benchmark.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tables import write_table  # noqa: E402

PY_CHILD = """
import json, resource, sys, time
import anndata as ad
from tenseq.de import run_contrasts
adata = ad.read_h5ad(sys.argv[1])
start = time.perf_counter()
res = run_contrasts(adata, "~ condition", [{"id": "c", "variable": "condition", "target": "B",
                    "reference": "A"}], shrink_lfc=False, n_cpus=2, engine=sys.argv[3])
seconds = time.perf_counter() - start
res["c"].to_csv(sys.argv[2], sep="\\t", index=False)
print(json.dumps({"s": seconds}))
"""

R_CHILD = """
suppressPackageStartupMessages(library(DESeq2))
args <- commandArgs(trailingOnly = TRUE)
counts <- as.matrix(read.delim(args[1], row.names = 1, check.names = FALSE))
coldata <- read.delim(args[2], row.names = 1)
coldata$condition <- factor(coldata$condition, levels = c("A", "B"))
start <- Sys.time()
dds <- DESeqDataSetFromMatrix(counts, coldata, design = ~ condition)
dds <- DESeq(dds, quiet = TRUE)
res <- results(dds, contrast = c("condition", "B", "A"), alpha = 0.1)
seconds <- as.numeric(difftime(Sys.time(), start, units = "secs"))
out <- data.frame(gene_id = rownames(res), log2FoldChange = res$log2FoldChange,
                  pvalue = res$pvalue, padj = res$padj)
write.table(out, args[3], sep = "\\t", quote = FALSE, row.names = FALSE)
cat(sprintf('{"s": %f}\\n', seconds))
"""


def _child(cmd: list[str]) -> dict:
    """Run a child; its JSON report plus CPU seconds of its process tree and peak RSS (MB)."""
    timed = ["/usr/bin/time", "-f", "%M", *cmd] if Path("/usr/bin/time").exists() else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(timed, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    report["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = proc.stderr.strip().splitlines()[-1] if timed is not cmd else "nan"
    report["peak_mb"] = float(peak_kb) / 1024
    return report


def _r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    return subprocess.run(["Rscript", "-e", "library(DESeq2)"], capture_output=True).returncode == 0


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> tuple[float, float]:
    """Pearson r of LFCs on genes both tested; Jaccard of the padj < 0.1 sets."""
    b = b.reindex(a.index)
    ok = a["pvalue"].notna() & b["pvalue"].notna()
    r = np.corrcoef(a.loc[ok, "log2FoldChange"], b.loc[ok, "log2FoldChange"])[0, 1]
    sa, sb = set(a.index[a["padj"] < 0.1]), set(b.index[b["padj"] < 0.1])
    return r, len(sa & sb) / max(len(sa | sb), 1)


def run_size(n: int, n_genes: int, use_r: bool, use_pydeseq2: bool) -> dict:
    """One matrix through every engine; timings and agreement."""
    from tenseq.datasets.toy import simulate_nb_counts

    adata, _ = simulate_nb_counts(
        n_genes, (n // 2, n - n // 2), seed=n, n_de=n_genes // 10, lfc=1.0
    )
    row: dict = {"samples": n, "genes": n_genes}
    tables: dict[str, pd.DataFrame] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        adata.write_h5ad(tmp / "a.h5ad")
        for engine in ["tenseq", "pydeseq2"] if use_pydeseq2 else ["tenseq"]:
            out = tmp / f"{engine}.tsv"
            report = _child([sys.executable, "-c", PY_CHILD, str(tmp / "a.h5ad"), str(out), engine])
            row[engine] = report
            tables[engine] = pd.read_csv(out, sep="\t", index_col="gene_id")
        if use_r:
            counts = pd.DataFrame(
                adata.layers["counts"].T, index=adata.var_names, columns=adata.obs_names
            )
            counts.to_csv(tmp / "counts.tsv", sep="\t")
            adata.obs.to_csv(tmp / "coldata.tsv", sep="\t")
            (tmp / "deseq2.R").write_text(R_CHILD)
            row["R"] = _child(
                [
                    "Rscript",
                    str(tmp / "deseq2.R"),
                    str(tmp / "counts.tsv"),
                    str(tmp / "coldata.tsv"),
                    str(tmp / "r.tsv"),
                ]
            )
            tables["R"] = pd.read_csv(tmp / "r.tsv", sep="\t", index_col="gene_id")
    for other in ("R", "pydeseq2"):
        if other in tables:
            row[f"vs_{other}"] = agreement(tables["tenseq"], tables[other])
            row[f"calls_{other}"] = int((tables[other]["padj"] < 0.1).sum())
    if "pydeseq2" in tables and "R" in tables:
        row["pydeseq2_vs_R"] = agreement(tables["pydeseq2"], tables["R"])
    row["calls_tenseq"] = int((tables["tenseq"]["padj"] < 0.1).sum())
    return row


def _fmt(row: dict) -> str:
    def t(engine: str) -> str:
        r = row.get(engine)
        return f"{r['s']:.1f} / {r['cpu']:.1f} / {r['peak_mb']:.0f}" if r else "-"

    def agree(key: str) -> str:
        return f"{row[key][0]:.5f} / {row[key][1]:.3f}" if key in row else "-"

    ratio = (
        f"{row['tenseq']['cpu'] / row['R']['cpu']:.2f}x / {row['tenseq']['s'] / row['R']['s']:.2f}x"
        if "R" in row
        else "-"
    )
    calls = " / ".join(str(row.get(f"calls_{k}", "-")) for k in ("tenseq", "pydeseq2", "R"))
    size = f"{row['samples']} x {row['genes']}"
    return (
        f"| {size} | {t('tenseq')} | {t('pydeseq2')} | {t('R')} | {ratio} "
        f"| {agree('vs_R')} | {agree('vs_pydeseq2')} | {agree('pydeseq2_vs_R')} | {calls} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, nargs="+", default=[6, 48, 200])
    parser.add_argument("--genes", type=int, default=20_000)
    parser.add_argument("--no-pydeseq2", action="store_true", help="skip the slow per-gene engine")
    args = parser.parse_args()
    use_r = _r_available()
    rows = []
    for n in args.samples:
        row = run_size(n, args.genes, use_r, not args.no_pydeseq2)
        print(json.dumps(row), flush=True)
        rows.append(_fmt(row))
    write_table(
        "de_benchmark",
        f"DE benchmark ({time.strftime('%Y-%m-%d')}, 2 cores)",
        "Times: fit wall s / child CPU s (process tree, start-up included) / peak MB. "
        "Ratio: tenseq CPU over R CPU. Agreement: LFC Pearson r / padj < 0.1 Jaccard. "
        "Calls: genes at padj < 0.1 (tenseq / pydeseq2 / R)."
        + ("" if use_r else " R DESeq2 not installed: R columns empty."),
        ["samples x genes", "tenseq", "pydeseq2", "R DESeq2", "tenseq/R", "tenseq vs R",
         "tenseq vs pydeseq2", "pydeseq2 vs R", "calls"],
        rows,
    )  # fmt: skip


if __name__ == "__main__":
    main()
