# tenseq: RNA-seq of tumor-entrained neutrophils -> counts -> DE -> pathways -> ligands.
# Thin entry point: configuration, validation (in common.smk) and one include per stage.
# No config is loaded here: a run's config is its --configfile (e.g. config/examples/demo.yaml)
# over the defaults in workflow/schemas/config.schema.yaml.
from snakemake.utils import min_version

min_version("9.0")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/reference.smk"
include: "workflow/rules/trim.smk"
include: "workflow/rules/align.smk"
include: "workflow/rules/counts.smk"
include: "workflow/rules/qc.smk"
include: "workflow/rules/de.smk"
include: "workflow/rules/pathways.smk"
include: "workflow/rules/ligands.smk"
include: "workflow/rules/summary.smk"
include: "workflow/rules/provenance.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
