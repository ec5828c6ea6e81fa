"""Spliced transcript sequences and the transcript -> gene map for salmon."""

from tenseq import gtf, io
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
with io.atomic_path(snakemake.output.fasta) as tmp:
    n = gtf.write_transcriptome_fasta(snakemake.input.genome, snakemake.input.gtf, tmp)
log.info("wrote %d transcripts", n)
io.write_tsv(gtf.read_tx2gene(snakemake.input.gtf), snakemake.output.tx2gene)
