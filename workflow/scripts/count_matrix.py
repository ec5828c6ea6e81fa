"""Genes x samples matrix from featureCounts, counted on the strand each sample's data support."""

import pandas as pd

from tenseq import io
from tenseq.logs import log_to
from tenseq.quant import counts, strandedness
from tenseq.quant.featurecounts import FeatureCountsByStrand

log = log_to(snakemake.log[0])
samples = snakemake.params.samples
genes = pd.read_csv(snakemake.input.genes, sep="\t", index_col="gene_id")
runs = FeatureCountsByStrand.from_dirs(snakemake.input.counts)
calls = {s: strandedness.infer_strandedness(*runs.assigned(s)) for s in samples.index}
table = strandedness.strandedness_table(calls, snakemake.params.declared)
for warning in table.loc[table["warning"] != "", "warning"]:
    log.warning(warning)
chosen = {
    s: strandedness.choose_strand(snakemake.params.declared, calls[s].call) for s in samples.index
}
matrix = counts.assemble_counts({s: runs.counts(s, chosen[s]) for s in samples.index}, genes)
summary = runs.summary(chosen).set_index("Status")
try:
    counts.check_counted(matrix.sum(), summary.sum())
except ValueError as err:
    log.error(str(err))
    raise SystemExit(f"tenseq counting failed: {err}") from None
log.info("%d genes x %d samples, %d reads counted", *matrix.shape, int(matrix.to_numpy().sum()))
io.write_tsv(table, snakemake.output.strandedness)
io.write_tsv(summary.reset_index(), snakemake.output.summary)
io.write_tsv(counts.counts_table(matrix, genes), snakemake.output.tsv)
io.write_h5ad(counts.counts_to_anndata(matrix, samples, genes), snakemake.output.h5ad)
