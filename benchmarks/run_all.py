"""Run every benchmark that needs no outside data, one after another (`make bench`).

Usage: .venv/bin/python benchmarks/run_all.py [--list] [NAME ...]

Each benchmark is a script of its own in this directory, with its defaults, and writes its
table to benchmarks/out/<name>.md (see each script's docstring for what it measures and its
reference task). Not run here: ``pathways_benchmark.py`` needs a GMT of hallmark sets
(``--gmt``) and ``ligand_validation.py`` the real treatment data sets beside the repository;
run those by hand. NAME picks a subset, e.g. ``run_all.py dryrun demo``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("dryrun", "demo", "de", "ligands", "scale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"a subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--list", action="store_true", help="print the benchmarks and stop")
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    if args.list:
        print("\n".join(f"{n}: benchmarks/{n}_benchmark.py" for n in names))
        return
    failed = []
    for name in names:
        script = HERE / f"{name}_benchmark.py"
        print(f"[bench] {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(name)
    print(f"[bench] tables in {HERE / 'out'}")
    if failed:
        raise SystemExit(f"[bench] failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
