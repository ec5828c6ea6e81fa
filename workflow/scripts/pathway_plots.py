"""One contrast's GSEA dot plot and running-sum curves of the programs and top sets."""

import pandas as pd

from tenseq.logs import log_to
from tenseq.pathways import scoring, stage
from tenseq.plots import pathways as plots

log_to(snakemake.log[0])
inp, out, title = snakemake.input, snakemake.output, snakemake.wildcards.contrast
gsea = pd.read_csv(inp.prerank, sep="\t")
stat = scoring.ranking(pd.read_csv(inp.table, sep="\t"))
plots.dotplot(gsea, out.dotplot, title=title)
members = stage.sets_to_draw(gsea, pd.read_csv(inp.sets, sep="\t"), snakemake.params.programs)
plots.running_sums(stat, members, out.running, title=title)
