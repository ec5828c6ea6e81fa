# What this run used: versions, resolved config, input checksums, command line.


rule provenance:
    input:
        provenance_inputs,
    output:
        versions="results/provenance/versions.tsv",
        config="results/provenance/config.yaml",
        inputs="results/provenance/inputs.tsv",
        command="results/provenance/command.txt",
    log:
        "logs/provenance.log",
    benchmark:
        "results/benchmarks/provenance.tsv"
    conda:
        "../envs/tenseq.yaml"
    threads: 1
    resources:
        cpus_per_task=cpus_from_threads,
        mem_mb=mem_small,
        runtime=30,
    params:
        config=config,
        roles=provenance_roles,
        command=COMMAND_LINE,
    script:
        "../scripts/provenance.py"
