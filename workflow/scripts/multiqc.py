"""MultiQC over every QC file of the run, passed as a file list.

The list is written here, not by the shell: at 1,000 samples the paths are ~270 kB, more
than Linux allows in one argument (128 kB), so ``printf {input}`` in a shell rule fails.
Runs in the multiqc environment: standard library only. MultiQC is run as a module of
this interpreter (the venv's or the conda env's), so it need not be on PATH.
"""

import subprocess
import sys
from pathlib import Path

listing = Path(snakemake.output.report).parent / "multiqc_files.txt"
listing.write_text("".join(f"{path}\n" for path in snakemake.input))
with open(snakemake.log[0], "w") as log:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "multiqc",
            "--force",
            "--no-data-dir",
            "--filename",
            Path(snakemake.output.report).name,
            "--outdir",
            str(listing.parent),
            "--file-list",
            str(listing),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )
