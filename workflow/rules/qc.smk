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
        qc_inputs,
    output:
        report=report(
            "results/qc/multiqc_report.html",
            caption="../report/multiqc.rst",
            category="Quality control",
        ),
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
