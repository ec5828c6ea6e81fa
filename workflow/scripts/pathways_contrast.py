"""GSEA prerank and ULM of the gene sets on one contrast's Wald statistic."""

import anndata as ad
import pandas as pd

from tenseq import io
from tenseq.logs import log_to
from tenseq.pathways import stage

log_to(snakemake.log[0])
inp, out, p = snakemake.input, snakemake.output, snakemake.params
sizes = dict(min_size=p.min_size, max_size=p.max_size)
sets = stage.usable_sets(pd.read_csv(inp.sets, sep="\t"), ad.read_h5ad(inp.de), **sizes)
table = pd.read_csv(inp.table, sep="\t")
scores = stage.score_contrast(
    table, sets, permutations=p.permutations, seed=p.seed, threads=snakemake.threads, **sizes
)
io.write_tsv(scores.prerank, out.prerank)
io.write_tsv(scores.ulm, out.ulm)
