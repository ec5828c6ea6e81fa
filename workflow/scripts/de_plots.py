"""Volcano and MA plots of one contrast, the configured cytotoxicity programs' genes marked."""

import pandas as pd

from tenseq.logs import log_to
from tenseq.pathways import cytotoxicity
from tenseq.plots import de as plots

log = log_to(snakemake.log[0])
params = snakemake.params
table = pd.read_csv(snakemake.input.table, sep="\t")
# the programs' genes as the pathway stage resolves them (none without that stage)
sets = snakemake.input.get("sets")
program = cytotoxicity.program_genes(pd.read_csv(sets, sep="\t"), params.programs) if sets else []
contrast = snakemake.wildcards.contrast
plots.volcano(table, snakemake.output.volcano, alpha=params.alpha, program=program, title=contrast)
plots.ma_plot(table, snakemake.output.ma, alpha=params.alpha, program=program, title=contrast)
log.info("%s: %d program genes marked", contrast, int(table["gene_name"].isin(program).sum()))
