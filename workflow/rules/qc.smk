# Alignment QC (samtools) and one MultiQC report over every tool's output.


rule samtools_stats:
    input:
        bam="results/align/{sample}.bam",
        bai="results/align/{sample}.bam.bai",
    output:
        stats="results/qc/samtools/{sample}.stats.txt",
        flagstat="results/qc/samtools/{sample}.flagstat.txt",
        idxstats="results/qc/samtools/{sample}.idxstats.txt",
    log:
        "logs/samtools_stats/{sample}.log",
    benchmark:
        "results/benchmarks/samtools_stats/{sample}.tsv"
    group:
        "per_sample"
    conda:
        "../envs/samtools.yaml"
    threads: 1
    resources:
        cpus_per_task=cpus_from_threads,
        mem_mb=mem_small,
        runtime=60,
    shell:
        "(samtools stats {input.bam:q} > {output.stats:q}"
        " && samtools flagstat {input.bam:q} > {output.flagstat:q}"
        " && samtools idxstats {input.bam:q} > {output.idxstats:q}) 2> {log:q}"


rule multiqc:
    input:
        qc_inputs,
    output:
        report(
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
        cpus_per_task=cpus_from_threads,
        mem_mb=mem_medium,
        runtime=30,
    shell:
        "printf '%s\\n' {input:q} > results/qc/multiqc_files.txt"
        " && multiqc --force --no-data-dir --filename multiqc_report.html"
        " --outdir results/qc --file-list results/qc/multiqc_files.txt > {log:q} 2>&1"
