# Alignment with STAR (sorted, indexed BAM + per-gene counts) or quantification with
# salmon; for the alignment-output entry point, the user's BAMs instead. One
# route per run, so only the rules of that route are defined. The BAM is indexed in
# the job that writes it (seconds next to alignment; one job fewer per sample).

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
            index="results/reference/star",
        output:
            bam="results/align/{sample}.bam",
            bai="results/align/{sample}.bam.bai",
            genecounts="results/align/{sample}/ReadsPerGene.out.tab",
            log_final="results/align/{sample}/Log.final.out",
        log:
            "logs/star/{sample}.log",
        benchmark:
            "results/benchmarks/star_align/{sample}.tsv"
        conda:
            "../envs/star.yaml"
        threads: 4
        resources:
            mem_mb=mem_star_align,
            runtime=240,
        params:
            reads=star_read_files,
            extra=config["star"]["extra"],
        shell:
            # a run killed mid-alignment leaves STAR's temp dir, which STAR refuses to reuse
            "rm -rf results/align/{wildcards.sample}/_STARtmp"
            " && STAR --runThreadN {threads} --genomeDir {input.index:q}"
            # gzip -dcf passes plain (uncompressed) FASTQ through unchanged
            " --readFilesIn {params.reads} --readFilesCommand gzip -dcf"
            " --outSAMtype BAM SortedByCoordinate --quantMode GeneCounts"
            " --outSAMattributes NH HI AS nM --outSAMunmapped None"
            " --outFileNamePrefix results/align/{wildcards.sample}/"
            " --outTmpDir results/align/{wildcards.sample}/_STARtmp {params.extra} > {log:q} 2>&1"
            " && mv results/align/{wildcards.sample}/Aligned.sortedByCoord.out.bam {output.bam:q}"
            " && samtools index {output.bam:q} >> {log:q} 2>&1"

    rule salmon_quant:
        input:
            unpack(reads_for_alignment),
            index="results/reference/salmon",
        output:
            quant="results/salmon/{sample}/quant.sf",
            libformat="results/salmon/{sample}/lib_format_counts.json",
            meta="results/salmon/{sample}/aux_info/meta_info.json",
        log:
            "logs/salmon/{sample}.log",
        benchmark:
            "results/benchmarks/salmon_quant/{sample}.tsv"
        conda:
            "../envs/salmon.yaml"
        threads: 4
        resources:
            mem_mb=mem_medium,
            runtime=120,
        params:
            reads=salmon_read_args,
            libtype=salmon_libtype,
            extra=config["salmon"]["extra"],
        shell:
            "salmon quant -i {input.index:q} -l {params.libtype} {params.reads} -p {threads}"
            " --validateMappings -o results/salmon/{wildcards.sample} {params.extra}"
            " > {log:q} 2>&1"
