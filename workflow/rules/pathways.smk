# Pathway and program activity per contrast and per sample, and the cytotoxicity score.


rule pathways:
    input:
        de="results/de/de.h5ad",
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        gene_sets=pathway_gene_sets,
    output:
        prerank=expand("results/pathways/{contrast}.prerank.tsv", contrast=CONTRAST_IDS),
        ulm=expand("results/pathways/{contrast}.ulm.tsv", contrast=CONTRAST_IDS),
        samples="results/pathways/sample_scores.tsv",
        cytotoxicity="results/pathways/cytotoxicity.tsv",
        dotplots=report(
            expand(
                "results/plots/pathways/{contrast}.dotplot.png", contrast=CONTRAST_IDS
            ),
            caption="../report/pathway_dotplot.rst",
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
        cpus_per_task=cpus_from_threads,
    params:
        settings=config["pathways"],
        species=config["reference"]["species"],
        contrasts=CONTRAST_IDS,
    script:
        "../scripts/pathways.py"
