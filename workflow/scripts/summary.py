"""The summary page: read each stage's tables and the volcano plots, render, write."""

from tenseq import io, summary
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
run, files = snakemake.params.run, snakemake.input
contrasts = summary.read_contrasts(
    run.contrasts, de=files.de, volcano=files.volcano, ligands=files.ligands
)
page = summary.render_summary(
    run,
    contrasts,
    cytotoxicity=summary.read_table(files.cytotoxicity),
    collections=summary.read_table(files.collections),
)
with io.atomic_path(snakemake.output[0]) as tmp:
    tmp.write_text(page)
log.info("summary page of %d contrasts written", len(contrasts))
