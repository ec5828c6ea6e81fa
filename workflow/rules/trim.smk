# Read trimming and read-level QC with fastp. A run is either all paired-end or
# all single-end (checked up front): fastp_se is fastp_pe with one trimmed file.
# The whole-file FASTQ check (the first reads were checked at start-up; this one finds a
# truncated gzip or mates with different read counts) runs in the sample's trimming job,
# before fastp, or in a check job of its own when trimming is off: one job per sample
# either way. The check's log is logs/fastq_check/<sample>.log whichever job runs it.
# Alignment waits for FASTQ_GATE, written once EVERY sample's check passed, so a FASTQ
# broken deep inside stops the run before any sample is aligned. The gate is a job of one
# input (the gathered table): Snakemake scans a producer's inputs for every job that asks
# for its output, so 1,000 alignments asking the gathering job itself would cost a million
# comparisons while the DAG is built. A changed sample set rewrites the gate, so every
# alignment runs again: taking the gate as ancient() would spare them, but then Snakemake
# skips the own rerun reasons (a changed count matrix input, changed STAR params) of every
# job behind the gate in that run, so stale results would look finished.

# fastp's trimmed reads (temporary: alignment reads them once) and reports (JSON, HTML)
TRIMMED_PE = multiext("results/trimmed/{sample}", "_R1.fastq.gz", "_R2.fastq.gz")
TRIMMED_SE = ["results/trimmed/{sample}.fastq.gz"]
FASTP_REPORTS = multiext("results/qc/fastp/{sample}.fastp", ".json", ".html")


if not TRIMMING:

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
            mem_mb=pipeline.by_attempt(500),
            runtime=pipeline.by_attempt(30),
        params:
            check=FASTQ_CHECK,
        shell:
            "{params.check} {wildcards.sample:q} {output.reads:q} {input.fastq:q}"
            " > {log.check:q} 2>&1"

else:

    # paired-end; the single-end rule below differs only in its trimmed outputs
    rule fastp_pe:
        input:
            unpack(raw_fastq),
        output:
            trimmed=temp(TRIMMED_PE),
            reports=FASTP_REPORTS,
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
            check=FASTQ_CHECK,
            args=pipeline.fastp_args(config["trimming"]["extra"]),
        shell:
            "{params.check} {wildcards.sample:q} {output.reads:q} {input.fastq:q}"
            " > {log.check:q} 2>&1 && fastp --thread {threads} {params.args} > {log.fastp:q} 2>&1"

    if not PAIRED:

        use rule fastp_pe as fastp_se with:
            output:
                trimmed=temp(TRIMMED_SE),
                reports=FASTP_REPORTS,
                reads="results/qc/fastq/{sample}.reads.tsv",
            benchmark:
                "results/benchmarks/fastp_se/{sample}.tsv"

        ruleorder: fastp_se > fastp_pe


localrules:
    fastq_checks,
    fastq_gate,


rule fastq_checks:
    # one small table of every sample's read counts
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


rule fastq_gate:
    input:
        "results/qc/fastq/reads.tsv",
    output:
        FASTQ_GATE,
    log:
        "logs/fastq_gate.log",
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=5,
    shell:
        "awk 'END {{print NR - 1, \"samples passed the FASTQ checks\"}}' {input:q}"
        " > {output:q} 2> {log:q}"
