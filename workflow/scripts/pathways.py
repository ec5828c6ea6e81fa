"""Prerank and ULM per contrast; ULM, ssGSEA and PROGENy per sample; the cytotoxicity score."""

import anndata as ad
import pandas as pd

from tenseq import io, sample_qc
from tenseq.logs import log_to
from tenseq.pathways import cytotoxicity, genesets
from tenseq.pathways import scoring as pathways
from tenseq.plots import pathways as plots

log = log_to(snakemake.log[0])
settings = snakemake.params.settings
seed, min_size = settings["seed"], settings["min_size"]
adata = ad.read_h5ad(snakemake.input.de)
expression = sample_qc.vst_by_symbol(adata)
sets = genesets.filter_sets(
    pd.read_csv(snakemake.input.sets, sep="\t"),
    expression.columns,
    min_size=min_size,
    max_size=settings["max_size"],
)
log.info(
    "%d gene sets with %d-%d genes in the data",
    sets["source"].nunique(),
    min_size,
    settings["max_size"],
)
model = pd.read_csv(snakemake.input.progeny, sep="\t")
program = cytotoxicity.program_genes(sets, settings["cytotoxicity_programs"])
programs = settings["cytotoxicity_programs"]
rows, progeny_rows = [], []
for contrast, table_path, prerank_path, ulm_path, dot_path, running_path in zip(
    snakemake.params.contrasts,
    snakemake.input.tables,
    snakemake.output.prerank,
    snakemake.output.ulm,
    snakemake.output.dotplots,
    snakemake.output.running,
    strict=True,
):
    stat = pathways.ranking(pd.read_csv(table_path, sep="\t"))
    gsea = pathways.prerank(
        stat,
        sets,
        permutations=settings["permutations"],
        seed=seed,
        min_size=min_size,
        max_size=settings["max_size"],
        threads=snakemake.threads,
    )
    io.write_tsv(gsea, prerank_path)
    io.write_tsv(pathways.ulm_contrast(stat, sets, min_size=min_size), ulm_path)
    plots.dotplot(gsea, dot_path, title=contrast)
    shown = list(dict.fromkeys([*programs, *gsea["set"].head(4)]))[:5]
    members = {name: list(sets.loc[sets["source"] == name, "target"]) for name in shown}
    plots.running_sums(stat, members, running_path, title=contrast)
    effect = cytotoxicity.contrast_effect(stat, program, seed=seed)
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
    if not model.empty:
        scored = pathways.ulm_contrast(stat, model, min_size=min_size)
        progeny_rows.append(
            scored.rename(columns={"set": "pathway"}).assign(level="contrast", name=contrast)
        )

ulm = pathways.sample_ulm(expression, sets, min_size=min_size)
io.write_tsv(ulm.rename_axis("sample").reset_index(), snakemake.output.samples)
adata.obsm["pathways_ulm"] = ulm.loc[adata.obs_names]
conditions = adata.obs["condition"].astype(str)
plots.program_heatmap(ulm, conditions, snakemake.output.heatmap)
features = [ulm.add_prefix("ulm:")]
if snakemake.output.ssgsea:
    ssgsea = pathways.sample_ssgsea(
        expression, sets, min_size=min_size, threads=snakemake.threads, seed=seed
    )
    io.write_tsv(ssgsea.rename_axis("sample").reset_index(), snakemake.output.ssgsea[0])
    adata.obsm["pathways_ssgsea"] = ssgsea.loc[adata.obs_names]
    features.append(ssgsea.add_prefix("ssgsea:"))
if not model.empty:
    activity = pathways.sample_ulm(expression, model, min_size=min_size)
    adata.obsm["progeny_ulm"] = activity.loc[adata.obs_names]
    features.append(activity.add_prefix("progeny:"))
    progeny_rows.append(
        activity.rename_axis("name")
        .reset_index()
        .melt(id_vars="name", var_name="pathway", value_name="score")
        .assign(level="sample", pvalue=float("nan"), fdr=float("nan"))
    )
else:
    log.warning("no PROGENy model (see collections.tsv): progeny.tsv has no rows")
progeny_table = (
    pd.concat(progeny_rows, ignore_index=True)
    if progeny_rows
    else pd.DataFrame(columns=["level", "name", "pathway", "score", "pvalue", "fdr"])
)
io.write_tsv(
    progeny_table[["level", "name", "pathway", "score", "pvalue", "fdr"]], snakemake.output.progeny
)

per_sample = cytotoxicity.sample_scores(expression, program, seed=seed)
per_sample["condition"] = conditions.loc[per_sample["sample"]].to_numpy()
adata.obs["cytotoxicity_score"] = per_sample.set_index("sample")["score"].loc[adata.obs_names]
features.append(per_sample.set_index("sample")[["score"]].rename(columns={"score": "cytotoxicity"}))
per_sample = per_sample.rename(columns={"sample": "name"}).assign(
    level="sample", pvalue=float("nan")
)
columns = ["level", "name", "condition", "score", "ci_low", "ci_high", "pvalue", "n_genes"]
table = pd.concat([per_sample[columns], pd.DataFrame(rows, columns=columns)], ignore_index=True)
io.write_tsv(table, snakemake.output.cytotoxicity)
if snakemake.output.phenotype:
    correlation = pathways.phenotype_correlation(
        pd.concat(features, axis=1), adata.obs["phenotype"]
    )
    io.write_tsv(correlation, snakemake.output.phenotype[0])
adata.uns["pathway_collections"] = pd.read_csv(snakemake.input.collections, sep="\t").astype(str)
io.write_h5ad(adata, snakemake.output.h5ad)
