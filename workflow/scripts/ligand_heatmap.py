"""Per-sample ligand activity (Stouffer over sources), samples grouped by condition."""

import anndata as ad
import pandas as pd

from tenseq.ligands import stage
from tenseq.logs import log_to
from tenseq.plots import ligands as plots

log_to(snakemake.log[0])
samples = pd.read_csv(snakemake.input.samples, sep="\t", index_col=["source", "ligand"])
conditions = ad.read_h5ad(snakemake.input.h5ad, backed="r").obs["condition"].astype(str)
plots.sample_heatmap(stage.combined_samples(samples), conditions, snakemake.output.heatmap)
