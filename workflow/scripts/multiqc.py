"""MultiQC over every QC file of the run, passed as a file list.

At 1,000 samples the paths (~270 kB) pass Linux's 128 kB limit of one argument, so the list
is written here, not by a shell rule. Standard library only: it runs in the multiqc env, as
a module of its interpreter (MultiQC need not be on PATH).
"""

import subprocess
import sys
from pathlib import Path

report = Path(snakemake.output.report)
listing = report.parent / "multiqc_files.txt"
listing.write_text("".join(f"{path}\n" for path in snakemake.input))
command = [sys.executable, "-m", "multiqc", "--force", "--no-data-dir"]
command += ["--filename", report.name, "--outdir", str(report.parent), "--file-list", str(listing)]
with open(snakemake.log[0], "w") as log:
    subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=True)
