"""DESeq2 Wald tests (pydeseq2 model, tenseq or pydeseq2 engine) for every configured contrast."""

from pathlib import Path

import anndata as ad

from tenseq import de, io
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
settings = dict(snakemake.params.de)
adata = ad.read_h5ad(snakemake.input[0])
results = de.run_contrasts(
    adata,
    settings["design"],
    settings["contrasts"],
    engine=settings["engine"],
    prefilter=settings["prefilter"],
    min_count=settings["min_count"],
    min_samples=settings["min_samples"],
    alpha=settings["alpha"],
    shrink_lfc=settings["shrink_lfc"],
    cooks_filter=settings["cooks_filter"],
    independent_filter=settings["independent_filter"],
    n_cpus=snakemake.threads,
)
for path in snakemake.output.tables:
    io.write_tsv(results[Path(path).name.removesuffix(".tsv")], path)
uns = {k: v for k, v in settings.items() if k != "contrasts" and v is not None}
io.write_h5ad(de.de_to_anndata(adata, results, uns), snakemake.output.h5ad)
