"""Genes x samples matrix from featureCounts, counted on the strand each sample's data support."""

from tenseq import io
from tenseq.inputs.sheet import read_samples
from tenseq.logs import fails_as, log_to, warn_each
from tenseq.quant import counts, featurecounts

log = log_to(snakemake.log[0])
samples = read_samples(snakemake.input.sheet, snakemake.params.schemas)
genes = io.read_tsv(snakemake.input.genes).set_index("gene_id")
runs = featurecounts.FeatureCountsByStrand.from_dirs(snakemake.input.counts)
table, chosen = featurecounts.strand_calls(runs, samples.index, snakemake.params.declared)
warn_each(log, table["warning"])
with fails_as(log, "counting"):
    matrix, summary = featurecounts.gene_matrix(runs, chosen, genes)
log.info("%d genes x %d samples, %d reads counted", *matrix.shape, int(matrix.to_numpy().sum()))
io.write_tsv(table, snakemake.output.strandedness)
io.write_tsv(summary, snakemake.output.summary)
io.write_tsv(counts.counts_table(matrix, genes), snakemake.output.tsv)
io.write_h5ad(counts.counts_to_anndata(matrix, samples, genes), snakemake.output.h5ad)
