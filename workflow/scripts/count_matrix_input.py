"""Count-matrix entry point: validate a user's genes x samples matrix and store it."""

from tenseq import io
from tenseq.inputs.sheet import read_samples
from tenseq.logs import log_to
from tenseq.quant import counts

log = log_to(snakemake.log[0])
samples = read_samples(snakemake.input.sheet, snakemake.params.schemas)
matrix, genes = counts.read_count_matrix(
    snakemake.input.counts, samples, symbol_column=snakemake.params.symbol_column
)
log.info("%d genes x %d samples read from %s", *matrix.shape, snakemake.input.counts)
io.write_tsv(counts.counts_table(matrix, genes), snakemake.output.tsv)
io.write_h5ad(counts.counts_to_anndata(matrix, samples, genes), snakemake.output.h5ad)
