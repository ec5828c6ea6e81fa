"""Gene-level counts from salmon quant directories (one per sample, named by it)."""

from tenseq import io
from tenseq.inputs.sheet import read_samples
from tenseq.logs import fails_as, log_to, warn_each
from tenseq.quant import counts, salmon

log = log_to(snakemake.log[0])
samples = read_samples(snakemake.input.sheet, snakemake.params.schemas)
genes = io.read_tsv(snakemake.input.genes).set_index("gene_id")
quant_dirs = io.by_name(snakemake.input.quant, "")
table = salmon.strandedness_table(quant_dirs, snakemake.params.declared)
warn_each(log, table["warning"])
with fails_as(log, "counting"):
    matrix = salmon.gene_matrix(quant_dirs, io.read_tsv(snakemake.input.tx2gene), genes)
log.info("%d genes x %d samples, %d fragments", *matrix.shape, int(matrix.to_numpy().sum()))
io.write_tsv(table, snakemake.output.strandedness)
io.write_tsv(counts.counts_table(matrix, genes), snakemake.output.tsv)
io.write_h5ad(counts.counts_to_anndata(matrix, samples, genes), snakemake.output.h5ad)
