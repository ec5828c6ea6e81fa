# Gene counts into one genes x samples matrix (TSV + AnnData) and the per-sample
# strandedness table. featureCounts runs on each BAM for all three strand
# settings (cheap next to alignment) so the library type is read off the data;
# the same job writes the BAM's samtools QC (stats, flagstat, idxstats): every light
# pass over a sample's BAM in one job.

# featureCounts' tables of one sample, s0.txt s1.txt s2.txt for the strand settings
# unstranded, forward, reverse (featureCounts -s), each with its .summary beside it
FEATURECOUNTS = "results/counts/featurecounts/{sample}"


if ENTRY == "counts":

    rule count_matrix_input:
        input:
            counts=config.get("counts") or [],
            sheet=config["samples"],
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
        log:
            "logs/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix_input.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            schemas=SCHEMAS,
            symbol_column=config["symbol_column"],
        script:
            "../scripts/count_matrix_input.py"

elif QUANTIFIER == "salmon":

    rule count_matrix_salmon:
        input:
            quant=expand(pipeline.SALMON_QUANT, sample=SAMPLE_NAMES),
            tx2gene="results/reference/tx2gene.tsv",
            genes="results/reference/genes.tsv",
            sheet=config["samples"],
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
            strandedness="results/qc/strandedness.tsv",
        log:
            "logs/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix_salmon.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            schemas=SCHEMAS,
            declared=config["strandedness"],
        script:
            "../scripts/count_matrix_salmon.py"

else:

    rule featurecounts:
        input:
            bam="results/align/{sample}.bam",
            bai="results/align/{sample}.bam.bai",
            gtf="results/reference/genes.gtf",
        output:
            counts=directory(FEATURECOUNTS),
            qc=directory(pipeline.SAMTOOLS_QC),
        log:
            "logs/featurecounts/{sample}.log",
        benchmark:
            "results/benchmarks/featurecounts/{sample}.tsv"
        conda:
            "../envs/subread.yaml"
        threads: 2
        resources:
            mem_mb=mem_medium,
            runtime=60,
        params:
            script=SCRIPTS / "count_bam.sh",
            extra=config["featurecounts"]["extra"],
        shell:
            "{params.script:q} {input.bam:q} {input.gtf:q} {threads} {output.qc:q}"
            " {output.counts:q} {params.extra} > {log:q} 2>&1"

    rule count_matrix:
        input:
            counts=expand(FEATURECOUNTS, sample=SAMPLE_NAMES),
            genes="results/reference/genes.tsv",
            sheet=config["samples"],
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
            strandedness="results/qc/strandedness.tsv",
            summary="results/counts/featurecounts.summary",
        log:
            "logs/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            schemas=SCHEMAS,
            declared=config["strandedness"],
        script:
            "../scripts/count_matrix.py"
