# Read trimming and read-level QC with fastp. A run is either all paired-end or
# all single-end (checked up front), so one of the two rules below is defined.


rule fastq_check:
    # the first reads were checked at start-up; this reads whole files before any
    # heavy job: truncated gzip, mates with different read counts
    input:
        unpack(raw_fastq),
    output:
        "results/qc/fastq/{sample}.reads.tsv",
    log:
        "logs/fastq_check/{sample}.log",
    benchmark:
        "results/benchmarks/fastq_check/{sample}.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        cpus_per_task=cpus_from_threads,
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=lambda wildcards, attempt: 30 * attempt,
    script:
        "../scripts/fastq_check.py"


if PAIRED:

    rule fastp:
        input:
            unpack(checked_fastq),
        output:
            r1=temp("results/trimmed/{sample}_R1.fastq.gz"),
            r2=temp("results/trimmed/{sample}_R2.fastq.gz"),
            json="results/qc/fastp/{sample}.fastp.json",
            html="results/qc/fastp/{sample}.fastp.html",
        log:
            "logs/fastp/{sample}.log",
        benchmark:
            "results/benchmarks/fastp/{sample}.tsv"
        conda:
            "../envs/fastp.yaml"
        threads: 2
        resources:
            cpus_per_task=cpus_from_threads,
            mem_mb=mem_medium,
            runtime=60,
        params:
            extra=config["trimming"]["extra"],
        shell:
            "fastp --in1 {input.r1:q} --in2 {input.r2:q}"
            " --out1 {output.r1:q} --out2 {output.r2:q}"
            " --detect_adapter_for_pe --thread {threads} --json {output.json:q}"
            " --html {output.html:q} --report_title {wildcards.sample:q} {params.extra}"
            " > {log:q} 2>&1"

else:

    rule fastp:
        input:
            unpack(checked_fastq),
        output:
            r1=temp("results/trimmed/{sample}.fastq.gz"),
            json="results/qc/fastp/{sample}.fastp.json",
            html="results/qc/fastp/{sample}.fastp.html",
        log:
            "logs/fastp/{sample}.log",
        benchmark:
            "results/benchmarks/fastp/{sample}.tsv"
        conda:
            "../envs/fastp.yaml"
        threads: 2
        resources:
            cpus_per_task=cpus_from_threads,
            mem_mb=mem_medium,
            runtime=60,
        params:
            extra=config["trimming"]["extra"],
        shell:
            "fastp --in1 {input.r1:q} --out1 {output.r1:q} --thread {threads}"
            " --json {output.json:q} --html {output.html:q}"
            " --report_title {wildcards.sample:q} {params.extra} > {log:q} 2>&1"
