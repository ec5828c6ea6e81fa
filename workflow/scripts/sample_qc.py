"""Sample QC metrics, normalized/VST layers, PCA and outlier flags (plots: sample_qc_plots)."""

import anndata as ad

from tenseq import io, sample_qc
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
adata = sample_qc.sample_qc(ad.read_h5ad(snakemake.input[0]))
flagged = list(adata.obs_names[adata.obs["outlier"]])
log.info("VST: %s; outliers: %s", adata.uns["vst_method"], flagged or "none")
io.write_tsv(sample_qc.qc_table(adata), snakemake.output.table)
io.write_h5ad(adata, snakemake.output.h5ad)
