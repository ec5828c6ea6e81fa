"""PCA, sample correlation and library sizes of the sample-QC'd counts."""

import anndata as ad

from tenseq.logs import log_to
from tenseq.plots import qc as plots

log = log_to(snakemake.log[0])
adata = ad.read_h5ad(snakemake.input[0])
plots.pca(adata, snakemake.output.pca)
plots.correlation_heatmap(adata, snakemake.output.correlation)
plots.library_sizes(adata, snakemake.output.libraries)
log.info("QC plots of %d samples", adata.n_obs)
