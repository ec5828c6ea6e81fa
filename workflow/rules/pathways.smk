# Pathway and program activity per contrast and per sample, and the cytotoxicity score.


localrules:
    gene_sets,


rule gene_sets:
    # local: may download MSigDB/PROGENy once (compute nodes often have no internet)
    input:
        user=pathway_gene_sets,
    output:
        sets="results/pathways/gene_sets.tsv",
        collections=report(
            "results/pathways/collections.tsv",
            caption="../report/collections.rst",
            category="Pathways",
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
        mem_mb=lambda wildcards, attempt: 2000 * attempt,
        runtime=lambda wildcards, attempt: 15 * attempt,
    params:
        settings=config["pathways"],
        species=config["reference"]["species"],
    script:
        "../scripts/gene_sets.py"


rule pathways:
    input:
        de="results/de/de.h5ad",
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        sets="results/pathways/gene_sets.tsv",
        collections="results/pathways/collections.tsv",
        progeny="results/pathways/progeny_model.tsv",
    output:
        prerank=expand("results/pathways/{contrast}.prerank.tsv", contrast=CONTRAST_IDS),
        ulm=expand("results/pathways/{contrast}.ulm.tsv", contrast=CONTRAST_IDS),
        samples="results/pathways/sample_scores.tsv",
        ssgsea=pathway_optional("results/pathways/sample_ssgsea.tsv", "ssgsea"),
        progeny="results/pathways/progeny.tsv",
        cytotoxicity=report(
            "results/pathways/cytotoxicity.tsv",
            caption="../report/cytotoxicity.rst",
            category="Pathways",
        ),
        phenotype=pathway_optional(
            "results/pathways/phenotype_correlation.tsv", "phenotype"
        ),
        h5ad="results/pathways/pathways.h5ad",
        dotplots=report(
            expand(
                "results/plots/pathways/{contrast}.dotplot.png", contrast=CONTRAST_IDS
            ),
            caption="../report/pathway_dotplot.rst",
            category="Pathways",
        ),
        running=report(
            expand(
                "results/plots/pathways/{contrast}.running_sum.png",
                contrast=CONTRAST_IDS,
            ),
            caption="../report/running_sum.rst",
            category="Pathways",
        ),
        heatmap=report(
            "results/plots/pathways/program_heatmap.png",
            caption="../report/program_heatmap.rst",
            category="Pathways",
        ),
    log:
        "logs/pathways.log",
    benchmark:
        "results/benchmarks/pathways.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=mem_de,
        runtime=runtime_de,
    params:
        settings=config["pathways"],
        contrasts=CONTRAST_IDS,
    script:
        "../scripts/pathways.py"
