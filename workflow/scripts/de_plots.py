"""Volcano and MA plots of one contrast."""

import pandas as pd

from tenseq.logs import log_to
from tenseq.plots import de as plots

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
contrast = snakemake.wildcards.contrast
plots.volcano(table, snakemake.output.volcano, alpha=snakemake.params.alpha, title=contrast)
plots.ma_plot(table, snakemake.output.ma, alpha=snakemake.params.alpha, title=contrast)
