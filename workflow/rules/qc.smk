# Sample QC of the count matrix (metrics, VST, PCA, outliers) and its plots; one MultiQC
# report over every tool's output (the samtools QC of each BAM is written by its
# featurecounts job, see counts.smk).


rule sample_qc:
    input:
        "results/counts/counts.h5ad",
    output:
        table="results/qc/samples.tsv",
        h5ad="results/qc/sample_qc.h5ad",
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


rule sample_qc_plots:
    input:
        "results/qc/sample_qc.h5ad",
    output:
        pca=reported("results/plots/qc/pca.png", "pca", "Quality control"),
        correlation=reported(
            "results/plots/qc/sample_correlation.png",
            "sample_correlation",
            "Quality control",
        ),
        libraries=reported(
            "results/plots/qc/library_sizes.png", "library_sizes", "Quality control"
        ),
    log:
        "logs/sample_qc_plots.log",
    benchmark:
        "results/benchmarks/sample_qc_plots.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_de,
        runtime=15,
    script:
        "../scripts/sample_qc_plots.py"


rule multiqc:
    input:
        QC_FILES,
    output:
        report=reported("results/qc/multiqc_report.html", "multiqc", "Quality control"),
    log:
        "logs/multiqc.log",
    benchmark:
        "results/benchmarks/multiqc.tsv"
    conda:
        "../envs/multiqc.yaml"
    threads: 1
    resources:
        mem_mb=mem_medium,
        runtime=30,
    script:
        "../scripts/multiqc.py"
