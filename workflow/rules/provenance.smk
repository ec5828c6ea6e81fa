# What this run used: versions, resolved config, input checksums, command line.


rule provenance:
    input:
        list(PROVENANCE_ROLES.values()),
    output:
        versions=reported("results/provenance/versions.tsv", "provenance", "Provenance"),
        config=reported("results/provenance/config.yaml", "provenance", "Provenance"),
        inputs=reported("results/provenance/inputs.tsv", "provenance", "Provenance"),
        command=reported("results/provenance/command.txt", "provenance", "Provenance"),
    log:
        "logs/provenance.log",
    benchmark:
        "results/benchmarks/provenance.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        mem_mb=mem_small,
        runtime=30,
    params:
        config=config,
        roles=PROVENANCE_ROLES,
        command=COMMAND_LINE,
    script:
        "../scripts/provenance.py"
