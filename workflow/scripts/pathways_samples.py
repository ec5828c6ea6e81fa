"""Per-sample pathway, PROGENy and cytotoxicity scores, phenotype correlation, pathways.h5ad."""

import anndata as ad

from tenseq import io
from tenseq.logs import log_to
from tenseq.pathways import stage

log_to(snakemake.log[0])
inp, out, settings = snakemake.input, snakemake.output, snakemake.params.settings
adata, de = ad.read_h5ad(inp.de), io.tables_by_name(inp.tables)
sets, model, collections = map(io.read_tsv, (inp.sets, inp.progeny, inp.collections))
scores = stage.run_samples(
    adata, sets, model, de, settings, collections=collections, threads=snakemake.threads
)
for name, table in stage.sample_tables(scores).items():  # the outputs this run has
    io.write_tsv(table, getattr(out, name))
io.write_h5ad(scores.adata, out.h5ad)
