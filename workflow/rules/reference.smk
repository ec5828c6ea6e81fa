# Reference preparation: genome and annotation in place, gene table, STAR and salmon indices.


# The genome and GTF are put in place by one rule, used twice: the GTF for any reads route,
# the genome too when aligning (a BAM run reads only the GTF, a count matrix neither).
if ENTRY != "counts":

    rule reference_gtf:
        input:
            config["reference"]["gtf"],
        output:
            "results/reference/genes.gtf",
        log:
            "logs/reference_gtf.log",
        benchmark:
            "results/benchmarks/reference_gtf.tsv"
        conda:
            "../envs/tenseq.yaml"
        threads: 1
        resources:
            mem_mb=mem_small,
            runtime=30,
        params:
            script=SCRIPTS / "uncompress_or_link.sh",
        shell:
            "{params.script:q} {input:q} {output:q} > {log:q} 2>&1"


if ENTRY == "fastq":

    use rule reference_gtf as reference_genome with:
        input:
            config["reference"]["genome"],
        output:
            "results/reference/genome.fa",
        log:
            "logs/reference_genome.log",
        benchmark:
            "results/benchmarks/reference_genome.tsv"


rule gene_table:
    input:
        gtf="results/reference/genes.gtf",
    output:
        "results/reference/genes.tsv",
    log:
        "logs/gene_table.log",
    benchmark:
        "results/benchmarks/gene_table.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_medium,
        runtime=30,
    script:
        "../scripts/gene_table.py"


rule transcriptome:
    input:
        genome="results/reference/genome.fa",
        gtf="results/reference/genes.gtf",
    output:
        fasta="results/reference/transcriptome.fa",
        tx2gene="results/reference/tx2gene.tsv",
    log:
        "logs/transcriptome.log",
    benchmark:
        "results/benchmarks/transcriptome.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_medium,
        runtime=60,
    script:
        "../scripts/transcriptome.py"


# STAR's temporary files stay inside the index directory (<index>/_STARtmp, its default
# under --outFileNamePrefix) and are removed when it is done.
rule star_index:
    input:
        genome="results/reference/genome.fa",
        gtf="results/reference/genes.gtf",
    output:
        directory("results/reference/star"),
    log:
        "logs/star_index.log",
    benchmark:
        "results/benchmarks/star_index.tsv"
    conda:
        "../envs/star.yaml"
    threads: 4
    resources:
        mem_mb=mem_star_index,
        runtime=240,
    params:
        sa_nbases=STAR_SA_NBASES,
        overhang=config["star"]["sjdb_overhang"],
    shell:
        "mkdir -p {output:q} && STAR --runMode genomeGenerate --runThreadN {threads}"
        " --genomeDir {output:q} --genomeFastaFiles {input.genome:q}"
        " --sjdbGTFfile {input.gtf:q} --sjdbOverhang {params.overhang}"
        " --genomeSAindexNbases {params.sa_nbases} --outFileNamePrefix {output:q}/"
        " --limitGenomeGenerateRAM {resources.mem_mb}000000 > {log:q} 2>&1"


rule salmon_index:
    input:
        "results/reference/transcriptome.fa",
    output:
        directory("results/reference/salmon"),
    log:
        "logs/salmon_index.log",
    benchmark:
        "results/benchmarks/salmon_index.tsv"
    conda:
        "../envs/salmon.yaml"
    threads: 4
    resources:
        mem_mb=mem_medium,
        runtime=120,
    params:
        kmer=config["salmon"]["kmer"],
    shell:
        "salmon index -t {input:q} -i {output:q} -k {params.kmer} -p {threads} > {log:q} 2>&1"
