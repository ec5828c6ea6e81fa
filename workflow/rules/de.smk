# Differential expression (pydeseq2) from the sample-QC'd counts, and its plots per contrast.


DE = "Differential expression"  # this stage's category in the report


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
        volcano=reported(
            "results/plots/de/{contrast}.volcano.png", "volcano", DE, "{contrast}"
        ),
        ma=reported("results/plots/de/{contrast}.ma.png", "ma", DE, "{contrast}"),
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
