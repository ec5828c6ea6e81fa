"""One contrast's ligand plots: ranked activities with calls, top signatures against the data."""

import anndata as ad
import pandas as pd

from tenseq.logs import log_to
from tenseq.plots import ligands as plots

log_to(snakemake.log[0])
contrast = snakemake.wildcards.contrast
table = pd.read_csv(snakemake.input.table, sep="\t")
plots.ranked_bars(table, snakemake.output.ranked, title=contrast)
panels = ad.read_h5ad(snakemake.input.h5ad, backed="r").uns["ligand_signatures"][contrast]
plots.signature_scatter(panels, snakemake.output.signatures)
