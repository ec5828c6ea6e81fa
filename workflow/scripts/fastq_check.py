"""Read every FASTQ of a sample once: truncated gzip, empty files, mates out of step.

Called from the shell of the trimming job (before fastp) or of the check job (no trimming):
    python fastq_check.py SAMPLE OUT.tsv R1 [R2]
Writes OUT.tsv (the sample's read counts) only when the files pass; otherwise exits
non-zero with the file, what is wrong and the fix on stderr (the rule's log).
"""

import sys

import pandas as pd

from tenseq import io
from tenseq.fastq import pair_check

sample, out, fq1, *rest = sys.argv[1:]
fq2 = rest[0] if rest else None
try:
    counts = pair_check(fq1, fq2)
except ValueError as err:
    message = f"sample {sample}: {err}"
    print(f"ERROR {message}", file=sys.stderr)
    raise SystemExit(f"tenseq FASTQ check failed: {message}") from None
print(f"sample {sample}: {counts}", file=sys.stderr)
io.write_tsv(pd.DataFrame([{"sample": sample, **counts}]), out)
