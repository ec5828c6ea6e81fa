# Gene counts into one genes x samples matrix (TSV + AnnData) and the per-sample
# strandedness table. featureCounts runs on each BAM for all three strand
# settings (cheap next to alignment) so the library type is read off the data;
# the same job writes the BAM's samtools QC (stats, flagstat, idxstats): every light
# pass over a sample's BAM in one job.

if ENTRY == "counts":

    rule count_matrix_input:
        input:
            counts=config.get("counts") or [],
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
        log:
            "logs/counts/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix_input.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            samples=SAMPLES,
            symbol_column=config["symbol_column"],
        script:
            "../scripts/count_matrix_input.py"

elif QUANTIFIER == "salmon":

    rule count_matrix_salmon:
        input:
            quant=expand("results/salmon/{sample}/quant.sf", sample=SAMPLE_NAMES),
            libformat=expand(
                "results/salmon/{sample}/lib_format_counts.json", sample=SAMPLE_NAMES
            ),
            meta=expand(
                "results/salmon/{sample}/aux_info/meta_info.json", sample=SAMPLE_NAMES
            ),
            tx2gene="results/reference/tx2gene.tsv",
            genes="results/reference/genes.tsv",
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
            strandedness="results/qc/strandedness.tsv",
        log:
            "logs/counts/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix_salmon.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            samples=SAMPLES,
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
            multiext("results/counts/featurecounts/{sample}.s0.txt", "", ".summary"),
            multiext("results/counts/featurecounts/{sample}.s1.txt", "", ".summary"),
            multiext("results/counts/featurecounts/{sample}.s2.txt", "", ".summary"),
            stats="results/qc/samtools/{sample}.stats.txt",
            flagstat="results/qc/samtools/{sample}.flagstat.txt",
            idxstats="results/qc/samtools/{sample}.idxstats.txt",
        log:
            counts="logs/featurecounts/{sample}.log",
            samtools="logs/samtools_stats/{sample}.log",
        benchmark:
            "results/benchmarks/featurecounts/{sample}.tsv"
        conda:
            "../envs/subread.yaml"
        threads: 2
        resources:
            mem_mb=mem_medium,
            runtime=60,
        params:
            paired=bam_is_paired,
            extra=config["featurecounts"]["extra"],
        shell:
            "for s in 0 1 2; do"
            " featureCounts -T {threads} -s $s {params.paired} -a {input.gtf:q}"
            " -o results/counts/featurecounts/{wildcards.sample}.s$s.txt"
            " {params.extra} {input.bam:q} || exit 1;"
            " done > {log.counts:q} 2>&1"
            " && (samtools stats {input.bam:q} > {output.stats:q}"
            " && samtools flagstat {input.bam:q} > {output.flagstat:q}"
            " && samtools idxstats {input.bam:q} > {output.idxstats:q}) 2> {log.samtools:q}"

    rule count_matrix:
        input:
            counts=expand(
                "results/counts/featurecounts/{sample}.s{strand}.txt",
                sample=SAMPLE_NAMES,
                strand=[0, 1, 2],
            ),
            genes="results/reference/genes.tsv",
        output:
            tsv="results/counts/counts.tsv",
            h5ad="results/counts/counts.h5ad",
            strandedness="results/qc/strandedness.tsv",
            summary="results/counts/featurecounts.summary",
        log:
            "logs/counts/count_matrix.log",
        benchmark:
            "results/benchmarks/count_matrix.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_medium,
            runtime=30,
        params:
            samples=SAMPLES,
            declared=config["strandedness"],
        script:
            "../scripts/count_matrix.py"
