"""What the workflow imports while the DAG is built stays light.

Every snakemake start (a dry run, a status check, each SLURM submission) runs the rule
files: a settings class imported from a stage module pulled in decoupler, seaborn and
scipy.stats, seconds on every start. Stage modules are for the jobs.
"""

import re
import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("anndata", "decoupler", "gseapy", "matplotlib", "pydeseq2", "scipy.stats", "secactpy")


def test_rule_files_import_no_statistics_or_plotting_library():
    modules = set()
    for path in sorted((REPO / "workflow" / "rules").glob("*.smk")):
        modules |= set(re.findall(r"^from (tenseq[\w.]*) import", path.read_text(), re.M))
    assert {"tenseq.pipeline", "tenseq.inputs", "tenseq.ligands.settings"} <= modules
    code = "; ".join(f"import {m}" for m in sorted(modules))
    code += f"; import sys; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", (sorted(modules), out.stdout)
