# Sample QC and differential expression (pydeseq2) from the count matrix.


rule sample_qc:
    input:
        "results/counts/counts.h5ad",
    output:
        table="results/qc/samples.tsv",
        h5ad="results/qc/sample_qc.h5ad",
        pca=report(
            "results/plots/qc/pca.png",
            caption="../report/pca.rst",
            category="Quality control",
        ),
        correlation=report(
            "results/plots/qc/sample_correlation.png",
            caption="../report/sample_correlation.rst",
            category="Quality control",
        ),
        libraries=report(
            "results/plots/qc/library_sizes.png",
            caption="../report/library_sizes.rst",
            category="Quality control",
        ),
    log:
        "logs/sample_qc.log",
    benchmark:
        "results/benchmarks/sample_qc.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_de,
        runtime=30,
    script:
        "../scripts/sample_qc.py"


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
        de=config["de"],
    script:
        "../scripts/deseq2.py"


rule de_plots:
    input:
        "results/de/{contrast}.tsv",
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
    script:
        "../scripts/de_plots.py"
