# The answer first: one HTML page per run (also the landing page of `snakemake --report`).
from tenseq.summary import Run as SummaryRun

# What the page says of the run: entry point, samples per condition, the settings it names
# and the stages that ran or were skipped (tenseq.summary.Run).
SUMMARY_RUN = SummaryRun.from_config(
    config,
    entry=ENTRY,
    paired=PAIRED,
    conditions=SAMPLES["condition"],
    pathways=PATHWAYS,
    ligands=LIGANDS,
    blocked=BLOCKED,
)


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
        run=SUMMARY_RUN,
    script:
        "../scripts/summary.py"
