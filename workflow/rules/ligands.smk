# Tumor-secreted ligands: drivers and suppressors of the neutrophil cytotoxic program.


rule ligands:
    input:
        h5ad="results/pathways/pathways.h5ad",
        tables=expand("results/de/{contrast}.tsv", contrast=CONTRAST_IDS),
        sets="results/pathways/gene_sets.tsv",
        cytotoxicity="results/pathways/cytotoxicity.tsv",
        user=ligand_inputs,
    output:
        tables=report(
            expand("results/ligands/{contrast}.tsv", contrast=CONTRAST_IDS),
            caption="../report/ligand_table.rst",
            category="Ligands",
        ),
        samples="results/ligands/sample_activity.tsv",
        h5ad="results/ligands/ligands.h5ad",
        bars=report(
            expand(
                "results/plots/ligands/{contrast}.ranked.png", contrast=CONTRAST_IDS
            ),
            caption="../report/ligand_ranked.rst",
            category="Ligands",
        ),
        scatter=report(
            expand(
                "results/plots/ligands/{contrast}.signatures.png",
                contrast=CONTRAST_IDS,
            ),
            caption="../report/ligand_signatures.rst",
            category="Ligands",
        ),
        heatmap=report(
            "results/plots/ligands/sample_activity.png",
            caption="../report/ligand_heatmap.rst",
            category="Ligands",
        ),
    log:
        "logs/ligands.log",
    benchmark:
        "results/benchmarks/ligands.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 2
    resources:
        mem_mb=lambda wildcards, attempt: (3000 + 20 * len(SAMPLE_NAMES)) * attempt,
        runtime=lambda wildcards, attempt: (20 + 2 * len(CONTRAST_IDS)) * attempt,
    params:
        settings=config["ligands"],
        species=config["reference"]["species"],
        programs=config["pathways"]["cytotoxicity_programs"],
        contrasts=CONTRAST_IDS,
        design=config["de"]["design"],
    script:
        "../scripts/ligands.py"
