"""One contrast's ligand plots: ranked activities with calls, top signatures against the data."""

import anndata as ad
import pandas as pd

from tenseq.logs import log_to
from tenseq.pathways import cytotoxicity
from tenseq.pathways import scoring as pathways
from tenseq.plots import ligands as plots

log_to(snakemake.log[0])
contrast = snakemake.wildcards.contrast
table = pd.read_csv(snakemake.input.table, sep="\t")
plots.ranked_bars(table, snakemake.output.ranked, title=contrast)
stat = pathways.ranking(pd.read_csv(snakemake.input.de, sep="\t"))
sets = pd.read_csv(snakemake.input.sets, sep="\t")
program = cytotoxicity.program_genes(sets, snakemake.params.programs)
top = ad.read_h5ad(snakemake.input.h5ad, backed="r").uns["ligand_signatures"][contrast]
columns, targets = plots.signature_panels(top)
plots.signature_scatter(stat, columns, program, snakemake.output.signatures, targets)
