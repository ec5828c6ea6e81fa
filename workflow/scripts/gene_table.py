"""Gene table (gene_id, gene_name, biotype, location) from the GTF."""

from tenseq import gtf, io
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
genes = gtf.read_gene_table(snakemake.input.gtf)
log.info("%d genes in %s", len(genes), snakemake.input.gtf)
io.write_tsv(genes.reset_index(), snakemake.output[0])
