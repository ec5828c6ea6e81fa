"""DESeq2 Wald tests (pydeseq2 model, tenseq or pydeseq2 engine) for every configured contrast."""

from pathlib import Path

import anndata as ad

from tenseq import de, io
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
params = snakemake.params
adata = ad.read_h5ad(snakemake.input[0])
options = dict(params.options)
results = de.run_contrasts(
    adata, params.design, params.contrasts, **options, n_cpus=snakemake.threads
)
for path in snakemake.output.tables:
    io.write_tsv(results[Path(path).name.removesuffix(".tsv")], path)
uns = {k: v for k, v in {"design": params.design, **options}.items() if v is not None}
io.write_h5ad(de.de_to_anndata(adata, results, uns), snakemake.output.h5ad)
