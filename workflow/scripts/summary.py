"""The summary page: read each stage's tables and the volcano plots, render, write."""

from pathlib import Path

import pandas as pd

from tenseq import io, summary
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
params = snakemake.params
files = snakemake.input


def table(path):
    return pd.read_csv(path, sep="\t")


def by_contrast(paths, suffix):
    return {Path(p).name.removesuffix(suffix): p for p in paths}


de = by_contrast(files.de, ".tsv")
volcano = by_contrast(files.volcano, ".volcano.png")
ligands = by_contrast(files.ligands, ".tsv")
contrasts = [
    summary.Contrast(
        id=cid,
        de=table(de[cid]) if cid in de else None,
        ligands=table(ligands[cid]) if cid in ligands else None,
        volcano_png=Path(volcano[cid]).read_bytes() if cid in volcano else None,
    )
    for cid in params.contrasts
]
run = summary.Run(
    config=params.config,
    entry=params.entry,
    paired=params.paired,
    samples=params.samples,
    pathways=params.pathways,
    ligands=params.ligands,
    blocked=params.blocked,
)
page = summary.render_summary(
    run,
    contrasts,
    cytotoxicity=table(files.cytotoxicity[0]) if files.cytotoxicity else None,
    collections=table(files.collections[0]) if files.collections else None,
)
with io.atomic_path(snakemake.output[0]) as tmp:
    tmp.write_text(page)
log.info("summary page of %d contrasts written", len(contrasts))
