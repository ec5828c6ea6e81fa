"""Prerank and ULM per contrast, per-sample program scores, and the cytotoxicity score."""

import anndata as ad
import pandas as pd

from tenseq import cytotoxicity, genesets, io, pathways
from tenseq.logs import log_to
from tenseq.plots import pathways as plots

log = log_to(snakemake.log[0])
settings = snakemake.params.settings
adata = ad.read_h5ad(snakemake.input.de)
expression = pd.DataFrame(
    adata.layers["vst"], index=adata.obs_names, columns=adata.var["gene_name"].astype(str)
)
expression = expression.T.groupby(level=0).mean().T  # one column per symbol
species = snakemake.params.species
collections = [genesets.curated_sets()] if settings["curated"] and species != "other" else []
collections += [genesets.read_gmt(path) for path in settings["gene_sets"]]
sets = pd.concat(collections, ignore_index=True)
if species != "other":  # other species: the user's sets are used as given
    orthologs = pd.read_csv(settings["orthologs"], sep="\t") if settings["orthologs"] else None
    sets, notes = genesets.map_collections(sets, species, orthologs)
    for note in notes:
        log.info(note)
for path in settings["gene_sets"]:
    genesets.check_overlap(genesets.read_gmt(path), expression.columns, path)
sets = genesets.filter_sets(
    sets, expression.columns, min_size=settings["min_size"], max_size=settings["max_size"]
)
log.info(
    "%d gene sets with %d-%d genes in the data",
    sets["source"].nunique(),
    settings["min_size"],
    settings["max_size"],
)
program = cytotoxicity.program_genes(sets, settings["cytotoxicity_programs"])
rows = []
for contrast, table_path, prerank_path, ulm_path, dot_path in zip(
    snakemake.params.contrasts,
    snakemake.input.tables,
    snakemake.output.prerank,
    snakemake.output.ulm,
    snakemake.output.dotplots,
    strict=True,
):
    stat = pathways.ranking(pd.read_csv(table_path, sep="\t"))
    gsea = pathways.prerank(
        stat,
        sets,
        permutations=settings["permutations"],
        seed=settings["seed"],
        min_size=settings["min_size"],
        max_size=settings["max_size"],
        threads=snakemake.threads,
    )
    io.write_tsv(gsea, prerank_path)
    io.write_tsv(pathways.ulm_contrast(stat, sets, min_size=settings["min_size"]), ulm_path)
    plots.dotplot(gsea, dot_path, title=contrast)
    effect = cytotoxicity.contrast_effect(stat, program, seed=settings["seed"])
    rows.append(
        {
            "level": "contrast",
            "name": contrast,
            "condition": "",
            "score": effect["effect"],
            "ci_low": float("nan"),
            "ci_high": float("nan"),
            "pvalue": effect["pvalue"],
            "n_genes": effect["n_genes"],
        }
    )
ulm = pathways.sample_ulm(expression, sets, min_size=settings["min_size"])
io.write_tsv(ulm.rename_axis("sample").reset_index(), snakemake.output.samples)
plots.program_heatmap(ulm, adata.obs["condition"].astype(str), snakemake.output.heatmap)
per_sample = cytotoxicity.sample_scores(expression, program, seed=settings["seed"])
per_sample["condition"] = adata.obs.loc[per_sample["sample"], "condition"].astype(str).to_numpy()
per_sample = per_sample.rename(columns={"sample": "name"}).assign(
    level="sample", pvalue=float("nan")
)
table = pd.concat(
    [
        per_sample[
            ["level", "name", "condition", "score", "ci_low", "ci_high", "pvalue", "n_genes"]
        ],
        pd.DataFrame(rows),
    ],
    ignore_index=True,
)
io.write_tsv(table, snakemake.output.cytotoxicity)
