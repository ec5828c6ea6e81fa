"""Gene-level counts from salmon transcript quantifications, with salmon's strand counts.

Each input is one sample's salmon quant directory, named by the sample.
"""

import json
from pathlib import Path

import pandas as pd

from tenseq import io
from tenseq.logs import log_to
from tenseq.quant import counts, salmon, strandedness

log = log_to(snakemake.log[0])
samples = snakemake.params.samples
genes = pd.read_csv(snakemake.input.genes, sep="\t", index_col="gene_id")
tx2gene = pd.read_csv(snakemake.input.tx2gene, sep="\t")
quant_dirs = {Path(d).name: Path(d) for d in snakemake.input.quant}
calls = {
    s: strandedness.infer_strandedness(*salmon.strand_counts(d / "lib_format_counts.json"))
    for s, d in quant_dirs.items()
}
table = strandedness.strandedness_table(calls, snakemake.params.declared)
for warning in table.loc[table["warning"] != "", "warning"]:
    log.warning(warning)
per_sample = {s: counts.salmon_gene_counts(d / "quant.sf", tx2gene) for s, d in quant_dirs.items()}
matrix = counts.assemble_counts(per_sample, genes)
processed = {
    s: json.loads((d / "aux_info" / "meta_info.json").read_text())["num_processed"]
    for s, d in quant_dirs.items()
}
try:
    counts.check_counted(matrix.sum(), processed)
except ValueError as err:
    log.error(str(err))
    raise SystemExit(f"tenseq counting failed: {err}") from None
log.info("%d genes x %d samples, %d fragments", *matrix.shape, int(matrix.to_numpy().sum()))
io.write_tsv(table, snakemake.output.strandedness)
io.write_tsv(counts.counts_table(matrix, genes), snakemake.output.tsv)
io.write_h5ad(counts.counts_to_anndata(matrix, samples, genes), snakemake.output.h5ad)
