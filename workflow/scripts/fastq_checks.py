"""Every sample's FASTQ read counts in one table (all checks passed when this runs)."""

import pandas as pd

from tenseq import io
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
table = pd.concat([pd.read_csv(path, sep="\t") for path in snakemake.input], ignore_index=True)
log.info("FASTQ checks passed for %d samples", len(table))
io.write_tsv(table, snakemake.output[0])
