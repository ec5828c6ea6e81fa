# The answer first: one HTML page per run (also the landing page of `snakemake --report`).


def summary_inputs(wildcards):
    """The tables and plots of the stages that ran (none of a stage that did not)."""
    files = {
        "de": [],
        "volcano": [],
        "ligands": [],
        "cytotoxicity": [],
        "collections": [],
    }
    if CONTRAST_IDS:
        files["de"] = expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS)
        files["volcano"] = expand(
            "results/plots/de/{contrast}.volcano.png", contrast=CONTRAST_IDS
        )
    if PATHWAYS:
        files["cytotoxicity"] = ["results/pathways/cytotoxicity.tsv"]
        files["collections"] = ["results/pathways/collections.tsv"]
    if LIGANDS:
        files["ligands"] = expand("results/ligands/{contrast}.tsv", contrast=CONTRAST_IDS)
    return files


rule summary:
    input:
        unpack(summary_inputs),
    output:
        report(
            "results/summary.html",
            caption="../report/summary.rst",
            category="Summary",
        ),
    log:
        "logs/summary.log",
    benchmark:
        "results/benchmarks/summary.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        cpus_per_task=cpus_from_threads,
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
