# One MultiQC report over every tool's output (the samtools QC of each BAM is written
# by its featurecounts job, see counts.smk).


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
