"""Rank candidate tumor-secreted ligands as drivers or suppressors of the cytotoxic program."""

import anndata as ad
import pandas as pd

from tenseq import io
from tenseq.ligands import stage as ligand_report
from tenseq.logs import log_to
from tenseq.pathways import cytotoxicity
from tenseq.pathways import scoring as pathways
from tenseq.plots import ligands as plots

log = log_to(snakemake.log[0])
settings = snakemake.params.settings
adata = ad.read_h5ad(snakemake.input.h5ad)
sets = pd.read_csv(snakemake.input.sets, sep="\t")
program = cytotoxicity.program_genes(sets, snakemake.params.programs)
cyto = pd.read_csv(snakemake.input.cytotoxicity, sep="\t")
context = ligand_report.Context.build(
    adata, settings, snakemake.params.species, program, cyto, snakemake.params.design
)
for note in context.notes:
    log.info(note)
samples = ligand_report.sample_activity(context)
io.write_tsv(samples.reset_index(), snakemake.output.samples)
combined = ligand_report.combined_samples(samples)
evidence = ligand_report.run_evidence(context, combined)
tables = {}
for contrast, table_path, out, bars, scatter in zip(
    snakemake.params.contrasts,
    snakemake.input.tables,
    snakemake.output.tables,
    snakemake.output.bars,
    snakemake.output.scatter,
    strict=True,
):
    de = pd.read_csv(table_path, sep="\t")
    table = ligand_report.contrast_table(context, contrast, de, evidence)
    io.write_tsv(table, out)
    tables[contrast] = table
    log.info("%s: %s", contrast, table["call"].value_counts().to_dict())
    plots.ranked_bars(table, bars, title=contrast)
    stat = pathways.ranking(de)
    columns, targets = ligand_report.top_signatures(context, table)
    plots.signature_scatter(stat, columns, program, scatter, targets)
plots.sample_heatmap(combined, adata.obs["condition"].astype(str), snakemake.output.heatmap)
adata.uns["ligands"] = {c: t.astype(str) for c, t in tables.items()}
adata.uns["ligand_sources"] = pd.DataFrame(context.coverage).astype(str)
io.write_h5ad(adata, snakemake.output.h5ad)
