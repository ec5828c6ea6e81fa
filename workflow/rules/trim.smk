# Read trimming and read-level QC with fastp. A run is either all paired-end or
# all single-end (checked up front), so one of the two fastp rules below is defined.
# The whole-file FASTQ check (the first reads were checked at start-up; this one finds a
# truncated gzip or mates with different read counts) runs in the sample's trimming job,
# before fastp, or in a check job of its own when trimming is off: one job per sample
# either way. Alignment waits for the check table of EVERY sample (fastq_checks), so a
# FASTQ broken deep inside stops the run before any sample is aligned.


if not config["trimming"]["activate"]:

    rule fastq_check:
        input:
            unpack(raw_fastq),
        output:
            reads="results/qc/fastq/{sample}.reads.tsv",
        log:
            check="logs/fastq_check/{sample}.log",
        benchmark:
            "results/benchmarks/fastq_check/{sample}.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=lambda wildcards, attempt: 500 * attempt,
            runtime=lambda wildcards, attempt: 30 * attempt,
        params:
            check=fastq_check_command,
        shell:
            "{params.check} > {log.check:q} 2>&1"

elif PAIRED:

    rule fastp:
        input:
            unpack(raw_fastq),
        output:
            r1=temp("results/trimmed/{sample}_R1.fastq.gz"),
            r2=temp("results/trimmed/{sample}_R2.fastq.gz"),
            json="results/qc/fastp/{sample}.fastp.json",
            html="results/qc/fastp/{sample}.fastp.html",
            reads="results/qc/fastq/{sample}.reads.tsv",
        log:
            check="logs/fastq_check/{sample}.log",
            fastp="logs/fastp/{sample}.log",
        benchmark:
            "results/benchmarks/fastp/{sample}.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 2
        resources:
            mem_mb=mem_medium,
            runtime=60,
        params:
            extra=config["trimming"]["extra"],
            check=fastq_check_command,
        shell:
            "{params.check} > {log.check:q} 2>&1 && fastp --in1 {input.r1:q} --in2 {input.r2:q}"
            " --out1 {output.r1:q} --out2 {output.r2:q}"
            " --detect_adapter_for_pe --thread {threads} --json {output.json:q}"
            " --html {output.html:q} --report_title {wildcards.sample:q} {params.extra}"
            " > {log.fastp:q} 2>&1"

else:

    rule fastp:
        input:
            unpack(raw_fastq),
        output:
            r1=temp("results/trimmed/{sample}.fastq.gz"),
            json="results/qc/fastp/{sample}.fastp.json",
            html="results/qc/fastp/{sample}.fastp.html",
            reads="results/qc/fastq/{sample}.reads.tsv",
        log:
            check="logs/fastq_check/{sample}.log",
            fastp="logs/fastp/{sample}.log",
        benchmark:
            "results/benchmarks/fastp/{sample}.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 2
        resources:
            mem_mb=mem_medium,
            runtime=60,
        params:
            extra=config["trimming"]["extra"],
            check=fastq_check_command,
        shell:
            "{params.check} > {log.check:q} 2>&1 && fastp --in1 {input.r1:q} --out1 {output.r1:q} --thread {threads}"
            " --json {output.json:q} --html {output.html:q}"
            " --report_title {wildcards.sample:q} {params.extra} > {log.fastp:q} 2>&1"


localrules:
    fastq_checks,


rule fastq_checks:
    # one small table of every sample's read counts; the alignment jobs wait for it
    input:
        expand("results/qc/fastq/{sample}.reads.tsv", sample=SAMPLE_NAMES),
    output:
        "results/qc/fastq/reads.tsv",
    log:
        "logs/fastq_checks.log",
    benchmark:
        "results/benchmarks/fastq_checks.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=10,
    script:
        "../scripts/fastq_checks.py"
