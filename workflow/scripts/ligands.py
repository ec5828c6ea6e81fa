"""Rank candidate tumor-secreted ligands as drivers or suppressors of the cytotoxic program."""

import anndata as ad
import pandas as pd

from tenseq import io
from tenseq.ligands import sources, stage
from tenseq.logs import log_to
from tenseq.pathways import cytotoxicity

log = log_to(snakemake.log[0])
settings, species = snakemake.params.settings, snakemake.params.species
contrasts = snakemake.params.contrasts
adata = ad.read_h5ad(snakemake.input.h5ad)
sets = pd.read_csv(snakemake.input.sets, sep="\t")
program = cytotoxicity.program_genes(sets, snakemake.params.programs)
cyto = pd.read_csv(snakemake.input.cytotoxicity, sep="\t")
tables = sources.load_tables(settings, species)
context = stage.Context.build(
    adata, tables, settings, species, program, cyto, snakemake.params.design
)
for note in context.notes:
    log.info(note)
de = {c: pd.read_csv(p, sep="\t") for c, p in zip(contrasts, snakemake.input.tables, strict=True)}
results = stage.run(context, de)
io.write_tsv(results.samples.reset_index(), snakemake.output.samples)
for contrast, path in zip(contrasts, snakemake.output.tables, strict=True):
    io.write_tsv(results.tables[contrast], path)
    log.info("%s: %s", contrast, results.tables[contrast]["call"].value_counts().to_dict())
adata.uns["ligands"] = {c: t.astype(str) for c, t in results.tables.items()}
adata.uns["ligand_sources"] = pd.DataFrame(context.coverage).astype(str)
adata.uns["ligand_signatures"] = results.top  # what the plot jobs draw
io.write_h5ad(adata, snakemake.output.h5ad)
