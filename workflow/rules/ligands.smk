# Tumor-secreted ligands: drivers and suppressors of the neutrophil cytotoxic program.
# One compute job for all contrasts (they share each source's ridge map, see
# benchmarks/ligands_benchmark.py), then the plots: one job per contrast, one heatmap.

from tenseq.ligands.settings import Settings as LigandSettings
from tenseq.pipeline import by_attempt

# what the ligand stage is told: the ligands section, species, design and programs
LIGAND_SETTINGS = LigandSettings.from_config(config)
LIGAND_TABLES = expand("results/ligands/{contrast}.tsv", contrast=CONTRAST_IDS)


rule ligands:
    input:
        h5ad="results/pathways/pathways.h5ad",
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        sets="results/pathways/gene_sets.tsv",
        cytotoxicity="results/pathways/cytotoxicity.tsv",
        user=ligand_inputs,
    output:
        tables=reported(LIGAND_TABLES, "ligand_table", "Ligands"),
        samples="results/ligands/sample_activity.tsv",
        h5ad="results/ligands/ligands.h5ad",
    log:
        "logs/ligands.log",
    benchmark:
        "results/benchmarks/ligands.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=by_attempt(3000, 20, len(SAMPLE_NAMES)),
        runtime=by_attempt(20, 2, len(CONTRAST_IDS)),
    params:
        settings=LIGAND_SETTINGS,
    script:
        "../scripts/ligands.py"


rule ligand_plots:
    input:
        table="results/ligands/{contrast}.tsv",
        h5ad="results/ligands/ligands.h5ad",
    output:
        ranked=report(
            "results/plots/ligands/{contrast}.ranked.png",
            caption="../report/ligand_ranked.rst",
            category="Ligands",
        ),
        signatures=report(
            "results/plots/ligands/{contrast}.signatures.png",
            caption="../report/ligand_signatures.rst",
            category="Ligands",
        ),
    log:
        "logs/ligand_plots/{contrast}.log",
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=by_attempt(1500),
        runtime=by_attempt(15),
    script:
        "../scripts/ligand_plots.py"


rule ligand_heatmap:
    input:
        samples="results/ligands/sample_activity.tsv",
        h5ad="results/ligands/ligands.h5ad",
    output:
        heatmap=report(
            "results/plots/ligands/sample_activity.png",
            caption="../report/ligand_heatmap.rst",
            category="Ligands",
        ),
    log:
        "logs/ligand_heatmap.log",
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=by_attempt(1000),
        runtime=by_attempt(10),
    script:
        "../scripts/ligand_heatmap.py"
