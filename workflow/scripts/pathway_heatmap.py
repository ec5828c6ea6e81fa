"""Per-sample ULM scores of the programs, samples grouped by condition."""

import anndata as ad

from tenseq.logs import log_to
from tenseq.plots import pathways as plots

log_to(snakemake.log[0])
adata = ad.read_h5ad(snakemake.input.h5ad)
conditions = adata.obs["condition"].astype(str)
plots.program_heatmap(adata.obsm["pathways_ulm"], conditions, snakemake.output.heatmap)
