"""pydeseq2 (as tenseq runs it) against R DESeq2 on the same simulated counts.

Usage: .venv/bin/python benchmarks/de_benchmark.py [--samples 6 48 200] [--genes 20000]

For each size, simulates a two-group negative-binomial matrix (seeded; 10% of
genes differential), runs tenseq.de.run_contrasts in a child process (2 cores)
and, where Rscript with DESeq2 is installed (Debian: r-bioc-deseq2), DESeq2's
DESeq() + results() on the same matrix in the same job. Reports wall time, peak
memory of each child (ru_maxrss), the pydeseq2/R time ratio, and the Pearson
correlation of log2 fold changes and of -log10 p-values between the two.
Writes benchmarks/out/de_benchmark.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"

PY_CHILD = """
import json, resource, sys, time
import anndata as ad
from tenseq.de import run_contrasts
adata = ad.read_h5ad(sys.argv[1])
start = time.perf_counter()
res = run_contrasts(adata, "~ condition", [{"id": "c", "variable": "condition", "target": "B",
                    "reference": "A"}], shrink_lfc=False, n_cpus=2, min_count=0, min_samples=0)
seconds = time.perf_counter() - start
res["c"].to_csv(sys.argv[2], sep="\\t", index=False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": seconds, "rss_mb": peak}))
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


def _child(cmd: list[str]) -> tuple[dict, float]:
    """Run a child process; return its JSON report and peak RSS (MB) measured by `time -v`."""
    timed = ["/usr/bin/time", "-f", "%M", *cmd] if Path("/usr/bin/time").exists() else cmd
    proc = subprocess.run(timed, capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    if timed is not cmd:
        peak = float(proc.stderr.strip().splitlines()[-1]) / 1024
    else:
        peak = float(report.get("rss_mb", np.nan))
    return report, peak


def _r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(["Rscript", "-e", "library(DESeq2)"], capture_output=True)
    return check.returncode == 0


def main() -> None:
    from tenseq.simulate import simulate_nb_counts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, nargs="+", default=[6, 48, 200])
    parser.add_argument("--genes", type=int, default=20_000)
    args = parser.parse_args()
    use_r = _r_available()
    rows = []
    for n in args.samples:
        adata, _ = simulate_nb_counts(
            args.genes, (n // 2, n - n // 2), seed=n, n_de=args.genes // 10, lfc=1.0
        )
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            adata.write_h5ad(tmp / "a.h5ad")
            py, py_peak = _child(
                [sys.executable, "-c", PY_CHILD, str(tmp / "a.h5ad"), str(tmp / "py.tsv")]
            )
            row = {
                "samples": n,
                "genes": args.genes,
                "pydeseq2_s": py["s"],
                "pydeseq2_peak_mb": py_peak,
            }
            if use_r:
                counts = pd.DataFrame(
                    adata.layers["counts"].T, index=adata.var_names, columns=adata.obs_names
                )
                counts.to_csv(tmp / "counts.tsv", sep="\t")
                adata.obs.to_csv(tmp / "coldata.tsv", sep="\t")
                script = tmp / "deseq2.R"
                script.write_text(R_CHILD)
                r, r_peak = _child(
                    [
                        "Rscript",
                        str(script),
                        str(tmp / "counts.tsv"),
                        str(tmp / "coldata.tsv"),
                        str(tmp / "r.tsv"),
                    ]
                )
                a = pd.read_csv(tmp / "py.tsv", sep="\t", index_col="gene_id")
                b = pd.read_csv(tmp / "r.tsv", sep="\t", index_col="gene_id").loc[a.index]
                ok = a["pvalue"].notna() & b["pvalue"].notna()
                row.update(
                    R_DESeq2_s=r["s"],
                    R_peak_mb=r_peak,
                    time_ratio_py_over_R=py["s"] / r["s"],
                    lfc_pearson=np.corrcoef(
                        a.loc[ok, "log2FoldChange"], b.loc[ok, "log2FoldChange"]
                    )[0, 1],
                    mlog10p_pearson=np.corrcoef(
                        -np.log10(a.loc[ok, "pvalue"] + 1e-300),
                        -np.log10(b.loc[ok, "pvalue"] + 1e-300),
                    )[0, 1],
                    padj01_py=int((a["padj"] < 0.1).sum()),
                    padj01_R=int((b["padj"] < 0.1).sum()),
                )
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    text = (
        f"# DE benchmark (2 cores, {time.strftime('%Y-%m-%d')})\n\n"
        + table.round(4).to_markdown(index=False)
        + "\n"
    )
    (OUT / "de_benchmark.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
