"""Read every FASTQ of a sample once: truncated gzip, empty files, mates out of step."""

import pandas as pd

from tenseq import io
from tenseq.fastq import pair_check
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
fq2 = snakemake.input.get("r2")
try:
    counts = pair_check(snakemake.input.r1, fq2)
except ValueError as err:
    message = f"sample {snakemake.wildcards.sample}: {err}"
    log.error(message)
    raise SystemExit(f"tenseq FASTQ check failed: {message}") from None
log.info("sample %s: %s", snakemake.wildcards.sample, counts)
io.write_tsv(pd.DataFrame([{"sample": snakemake.wildcards.sample, **counts}]), snakemake.output[0])
