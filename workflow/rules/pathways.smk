# Pathway and program activity per contrast and per sample, and the cytotoxicity score.
from tenseq.pathways.collections import Sources as GeneSetSources
from tenseq.pathways.settings import Settings as PathwaySettings
from tenseq.pipeline import by_attempt

# where the gene sets and PROGENy model come from, and how the samples are scored
GENE_SET_SOURCES = GeneSetSources.from_config(config)
PATHWAY_SETTINGS = PathwaySettings.from_config(config, phenotype=HAS_PHENOTYPE)
# outputs of features that may be off: ssGSEA, the phenotype correlation (a phenotype column)
SSGSEA = "results/pathways/sample_ssgsea.tsv" if PATHWAY_SETTINGS.ssgsea else []
PHENOTYPE = (
    "results/pathways/phenotype_correlation.tsv" if PATHWAY_SETTINGS.phenotype else []
)
CYTOTOXICITY = reported("results/pathways/cytotoxicity.tsv", "cytotoxicity", "Pathways")
# the per-sample job's tables, by the names tenseq.pathways.stage.sample_tables gives them
SAMPLE_TABLES = dict(
    samples="results/pathways/sample_scores.tsv",
    ssgsea=SSGSEA,
    progeny="results/pathways/progeny.tsv",
    cytotoxicity=CYTOTOXICITY,
    phenotype=PHENOTYPE,
)
DOTPLOT = reported(
    "results/plots/pathways/{contrast}.dotplot.png", "pathway_dotplot", "Pathways"
)
RUNNING_SUM = reported(
    "results/plots/pathways/{contrast}.running_sum.png", "running_sum", "Pathways"
)


localrules:
    gene_sets,


rule gene_sets:
    # local: may download MSigDB/PROGENy once (compute nodes often have no internet)
    input:
        user=pathway_gene_sets,
    output:
        sets="results/pathways/gene_sets.tsv",
        collections=reported(
            "results/pathways/collections.tsv", "collections", "Pathways"
        ),
        progeny="results/pathways/progeny_model.tsv",
    log:
        "logs/gene_sets.log",
    benchmark:
        "results/benchmarks/gene_sets.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=by_attempt(2000),
        runtime=by_attempt(15),
    params:
        sources=GENE_SET_SOURCES,
    script:
        "../scripts/gene_sets.py"


rule pathways_contrast:
    input:
        de="results/de/de.h5ad",
        table="results/de/{contrast}.tsv",
        sets="results/pathways/gene_sets.tsv",
    output:
        prerank="results/pathways/{contrast}.prerank.tsv",
        ulm="results/pathways/{contrast}.ulm.tsv",
    log:
        "logs/pathways_contrast/{contrast}.log",
    benchmark:
        "results/benchmarks/pathways_contrast/{contrast}.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=mem_de,
        runtime=runtime_de,
    params:
        permutations=config["pathways"]["permutations"],
        seed=config["pathways"]["seed"],
        min_size=config["pathways"]["min_size"],
        max_size=config["pathways"]["max_size"],
    script:
        "../scripts/pathways_contrast.py"


rule pathways_samples:
    input:
        de="results/de/de.h5ad",
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        sets="results/pathways/gene_sets.tsv",
        collections="results/pathways/collections.tsv",
        progeny="results/pathways/progeny_model.tsv",
    output:
        **SAMPLE_TABLES,
        h5ad="results/pathways/pathways.h5ad",
    log:
        "logs/pathways_samples.log",
    benchmark:
        "results/benchmarks/pathways_samples.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=mem_de,
        runtime=runtime_de,
    params:
        settings=PATHWAY_SETTINGS,
    script:
        "../scripts/pathways_samples.py"


rule pathway_plots:
    input:
        table="results/de/{contrast}.tsv",
        sets="results/pathways/gene_sets.tsv",
        prerank="results/pathways/{contrast}.prerank.tsv",
    output:
        dotplot=DOTPLOT,
        running=RUNNING_SUM,
    log:
        "logs/pathway_plots/{contrast}.log",
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=by_attempt(15),
    params:
        programs=config["pathways"]["cytotoxicity_programs"],
    script:
        "../scripts/pathway_plots.py"


rule pathway_heatmap:
    input:
        h5ad="results/pathways/pathways.h5ad",
    output:
        heatmap=reported(
            "results/plots/pathways/program_heatmap.png", "program_heatmap", "Pathways"
        ),
    log:
        "logs/pathway_heatmap.log",
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=by_attempt(15),
    script:
        "../scripts/pathway_heatmap.py"
