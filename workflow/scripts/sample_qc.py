"""Sample QC metrics, normalized/VST layers, PCA and outlier flags, with plots."""

import anndata as ad

from tenseq import io, sample_qc
from tenseq.logs import log_to
from tenseq.plots import qc as plots

log = log_to(snakemake.log[0])
adata = sample_qc.sample_qc(ad.read_h5ad(snakemake.input[0]))
flagged = list(adata.obs_names[adata.obs["outlier"]])
log.info("VST: %s; outliers: %s", adata.uns["vst_method"], flagged or "none")
io.write_tsv(sample_qc.qc_table(adata), snakemake.output.table)
plots.pca(adata, snakemake.output.pca)
plots.correlation_heatmap(adata, snakemake.output.correlation)
plots.library_sizes(adata, snakemake.output.libraries)
io.write_h5ad(adata, snakemake.output.h5ad)
