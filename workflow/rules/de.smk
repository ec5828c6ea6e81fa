# Differential expression (pydeseq2) from the sample-QC'd counts, and its plots per contrast.


rule deseq2:
    input:
        "results/qc/sample_qc.h5ad",
    output:
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        h5ad="results/de/de.h5ad",
    log:
        "logs/deseq2.log",
    benchmark:
        "results/benchmarks/deseq2.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=mem_de,
        runtime=runtime_de,
    params:
        design=config["de"]["design"],
        contrasts=config["de"]["contrasts"],
        options=DE_OPTIONS,
    script:
        "../scripts/deseq2.py"


rule de_plots:
    input:
        unpack(program_gene_sets),
        table="results/de/{contrast}.tsv",
    output:
        volcano=report(
            "results/plots/de/{contrast}.volcano.png",
            caption="../report/volcano.rst",
            category="Differential expression",
            subcategory="{contrast}",
        ),
        ma=report(
            "results/plots/de/{contrast}.ma.png",
            caption="../report/ma.rst",
            category="Differential expression",
            subcategory="{contrast}",
        ),
    log:
        "logs/de_plots/{contrast}.log",
    benchmark:
        "results/benchmarks/de_plots/{contrast}.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=15,
    params:
        alpha=config["de"]["alpha"],
        programs=config["pathways"]["cytotoxicity_programs"],
    script:
        "../scripts/de_plots.py"
