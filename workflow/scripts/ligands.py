"""Rank candidate tumor-secreted ligands as drivers or suppressors of the cytotoxic program."""

import anndata as ad

from tenseq import io
from tenseq.ligands import sources, stage
from tenseq.logs import log_to

log_to(snakemake.log[0])
settings, inp, out = snakemake.params.settings, snakemake.input, snakemake.output
adata = ad.read_h5ad(inp.h5ad)
context = sources.load_context(adata, settings, sets=inp.sets, cytotoxicity=inp.cytotoxicity)
results = stage.run(context, io.tables_by_name(inp.tables))
io.write_tsv(results.samples.reset_index(), out.samples)
for contrast, path in io.by_name(out.tables, ".tsv").items():  # results/ligands/<id>.tsv
    io.write_tsv(results.tables[contrast], path)
io.write_h5ad(stage.annotated(adata, context, results), out.h5ad)
