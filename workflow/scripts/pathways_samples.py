"""Per-sample pathway, PROGENy and cytotoxicity scores, phenotype correlation, pathways.h5ad."""

from functools import partial

import anndata as ad
import pandas as pd

from tenseq import io
from tenseq.logs import log_to
from tenseq.pathways import stage

log_to(snakemake.log[0])
inp, out, p = snakemake.input, snakemake.output, snakemake.params
read = partial(pd.read_csv, sep="\t")
adata = ad.read_h5ad(inp.de)
sets = stage.usable_sets(read(inp.sets), adata, min_size=p.min_size, max_size=p.max_size)
scores = stage.score_samples(
    adata,
    sets,
    read(inp.progeny),
    {c: read(path) for c, path in zip(p.contrasts, inp.tables, strict=True)},
    programs=p.programs,
    seed=p.seed,
    min_size=p.min_size,
    ssgsea=bool(out.ssgsea),
    phenotype=bool(out.phenotype),
    threads=snakemake.threads,
    collections=read(inp.collections),
)
io.write_tsv(scores.ulm.rename_axis("sample").reset_index(), out.samples)
if out.ssgsea:
    io.write_tsv(scores.ssgsea.rename_axis("sample").reset_index(), out.ssgsea[0])
io.write_tsv(scores.progeny, out.progeny)
io.write_tsv(scores.cytotoxicity, out.cytotoxicity)
if out.phenotype:
    io.write_tsv(scores.phenotype, out.phenotype[0])
io.write_h5ad(scores.adata, out.h5ad)
