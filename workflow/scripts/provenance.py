"""Record versions, the resolved config, input checksums and the command line."""

import pandas as pd
import yaml

from tenseq import io, provenance
from tenseq.logs import log_to

log = log_to(snakemake.log[0])
versions = provenance.tool_versions()
versions = pd.concat([versions, provenance.package_versions()], ignore_index=True)
io.write_tsv(versions, snakemake.output.versions)
io.write_tsv(provenance.checksums(snakemake.params.roles), snakemake.output.inputs)
with io.atomic_path(snakemake.output.config) as tmp:
    tmp.write_text(yaml.safe_dump(dict(snakemake.params.config), sort_keys=False))
with io.atomic_path(snakemake.output.command) as tmp:
    tmp.write_text(snakemake.params.command + "\n")
log.info("recorded %d versions", len(versions))
