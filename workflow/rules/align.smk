# Alignment with STAR (sorted, indexed BAM) or quantification with
# salmon; for the alignment-output entry point, the user's BAMs instead. One
# route per run, so only the rules of that route are defined. The BAM is indexed in
# the job that writes it (seconds next to alignment; one job fewer per sample).
# STAR's command is workflow/scripts/star_align.sh.

if ENTRY == "bam":

    rule user_bam:
        input:
            input_bam,
        output:
            bam="results/align/{sample}.bam",
            bai="results/align/{sample}.bam.bai",
        log:
            "logs/user_bam/{sample}.log",
        benchmark:
            "results/benchmarks/user_bam/{sample}.tsv"
        conda:
            "../envs/samtools.yaml"
        threads: 2
        resources:
            mem_mb=mem_medium,
            runtime=120,
        params:
            script=SCRIPTS / "sorted_bam.sh",
        shell:
            "({params.script:q} {input:q} {output.bam:q} {threads}"
            " && samtools index {output.bam:q}) > {log:q} 2>&1"

else:

    rule star_align:
        input:
            unpack(reads_for_alignment),
            checked=FASTQ_GATE,
            index="results/reference/star",
        output:
            bam="results/align/{sample}.bam",
            bai="results/align/{sample}.bam.bai",
            log_final="results/align/{sample}/Log.final.out",
        log:
            "logs/star_align/{sample}.log",
        benchmark:
            "results/benchmarks/star_align/{sample}.tsv"
        conda:
            "../envs/star.yaml"
        threads: 4
        resources:
            mem_mb=mem_star_align,
            runtime=240,
        params:
            script=SCRIPTS / "star_align.sh",
            extra=config["star"]["extra"],
        shell:
            "{params.script:q} {threads} {input.index:q} {output.log_final:q} {output.bam:q}"
            " {input.fastq:q} -- {params.extra} > {log:q} 2>&1"

    rule salmon_quant:
        input:
            unpack(reads_for_alignment),
            checked=FASTQ_GATE,
            index="results/reference/salmon",
        output:
            quant=directory(pipeline.SALMON_QUANT),
        log:
            "logs/salmon_quant/{sample}.log",
        benchmark:
            "results/benchmarks/salmon_quant/{sample}.tsv"
        conda:
            "../envs/salmon.yaml"
        threads: 4
        resources:
            mem_mb=mem_medium,
            runtime=120,
        params:
            reads=pipeline.salmon_reads,
            libtype=SALMON_LIBTYPE,
            extra=config["salmon"]["extra"],
        shell:
            "salmon quant -i {input.index:q} -l {params.libtype} {params.reads} -p {threads}"
            " --validateMappings -o {output.quant:q} {params.extra} > {log:q} 2>&1"
