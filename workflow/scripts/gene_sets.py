"""Gather the run's gene sets and PROGENy model (cached/downloaded/user) with a manifest."""

from tenseq import io
from tenseq.logs import log_to
from tenseq.pathways import collections as resources

log = log_to(snakemake.log[0])
sources = snakemake.params.sources
sets, manifest = resources.gather_gene_sets(sources)
model, row = resources.gather_progeny(sources)
manifest.loc[len(manifest)] = row
log.info("%d gene sets from %d collections", sets["source"].nunique(), len(manifest) - 1)
io.write_tsv(sets, snakemake.output.sets)
io.write_tsv(model, snakemake.output.progeny)
io.write_tsv(manifest, snakemake.output.collections)
