# The answer first: one HTML page per run (also the landing page of `snakemake --report`).


rule summary:
    input:
        unpack(summary_inputs),
    output:
        reported("results/summary.html", "summary", "Summary"),
    log:
        "logs/summary.log",
    benchmark:
        "results/benchmarks/summary.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=15,
    params:
        config=config,
        entry=ENTRY,
        paired=PAIRED,
        samples=SAMPLES[["condition"]],
        pathways=PATHWAYS,
        ligands=LIGANDS,
        blocked=BLOCKED,
        contrasts=CONTRAST_IDS,
    script:
        "../scripts/summary.py"
