# What this run used: versions, resolved config, input checksums, command line.


rule provenance:
    input:
        list(PROVENANCE_ROLES.values()),
    output:
        versions=report(
            "results/provenance/versions.tsv",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
        config=report(
            "results/provenance/config.yaml",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
        inputs=report(
            "results/provenance/inputs.tsv",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
        command=report(
            "results/provenance/command.txt",
            caption="../report/provenance.rst",
            category="Provenance",
        ),
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
