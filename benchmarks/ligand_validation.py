"""The ligand table on real treatments with one known ligand, beside plain secactpy.

Usage: .venv/bin/python benchmarks/ligand_validation.py [--data DIR] [--seeds 0 1 2]
       [--cpus 2]

DIR defaults to ``../shared/data/ligand_treatments`` beside the repository
(IL-13 on bronchial epithelium of 19 donors, paired; IFN-gamma on myoblasts,
also in a DUX4-induced background, and DUX4 alone, with no ligand). Each case
goes through the pipeline's own steps (sample QC and VST, pydeseq2, the
cytotoxicity score, the ligand table with both sources and default settings;
see ``tenseq.ligands.validation``). Per contrast it reports the true ligand's
row in the table as written, its rank by activity z, its call, the number of
calls, the AUROC of the table's order for the truth, and the ranks plain
secactpy (CytoSig, SecAct; 1,000 permutations) gives on the same DESeq2 Wald
statistic. Then label-permuted nulls (labels shuffled within donor where
paired), one per seed and contrast, and the calls they make. Writes
benchmarks/out/ligand_validation.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from bench_tables import write_table

from tenseq.ligands import validation

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ligand_treatments")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()
    cases = validation.load_cases(args.data)
    if not cases:
        raise SystemExit(f"no ligand_treatments cases under {args.data}")
    settings = validation.default_settings(ROOT / validation.SCHEMA)
    real, nulls, tables = [], [], {}
    for case in cases:
        start = time.perf_counter()
        de_tables, tables[case.name] = validation.run_case(case, settings, n_cpus=args.cpus)
        seconds = time.perf_counter() - start
        summary = validation.summarize(case, de_tables, tables[case.name])
        real.append(summary.assign(seconds=round(seconds / len(case.contrasts), 1)))
        print(summary.to_string(), flush=True)
        nulls.append(
            validation.null_calls(case, case.contrasts, args.seeds, settings, n_cpus=args.cpus)
        )
        print(nulls[-1].to_string(), flush=True)
    real, nulls = pd.concat(real, ignore_index=True), pd.concat(nulls, ignore_index=True)
    rows = [
        f"| {r.case} | {r.contrast} | {r.truth or '(none)'} | {_int(r, 'row')} | "
        f"{_int(r, 'activity_rank')} | {getattr(r, 'call', '')} | {r.calls} | {r.called or '-'} | "
        f"{getattr(r, 'auroc', '')} | {_int(r, 'cytosig_rank')} | "
        f"{_int(r, 'cytosig_expand_row')} | {_int(r, 'cytosig_expand_rank')} | "
        f"{_int(r, 'secact_row')} | {_int(r, 'secact_rank')} |"
        for r in real.fillna("").itertuples()
    ]
    no_ligand = real.loc[real["truth"] == "", "calls"].tolist()
    runs = no_ligand + nulls["calls"].tolist()
    null_rows = [
        f"| {r.case} | {r.contrast} | {r.seed} | {r.calls} | {r.called or '-'} |"
        for r in nulls.itertuples()
    ]
    note = (
        f"Calls per run in the no-ligand contrast and the {len(nulls)} label-permuted nulls: "
        f"mean {sum(runs) / len(runs):.2f} (max {max(runs)}). Peers: rank of the truth by "
        "plain secactpy z within CytoSig (43), CytoSig's expanded signature (51) and SecAct "
        "(1,170) on the same Wald statistic; beside the two the table uses, the truth's row in "
        "the table among that source's ligands."
    )
    write_table(
        "ligand_validation",
        "Ligand table on real treatments with a known ligand",
        note,
        [
            "case",
            "contrast",
            "truth",
            "row",
            "activity rank",
            "call",
            "calls",
            "called",
            "AUROC",
            "CytoSig peer",
            "table row in CytoSig expand",
            "CytoSig expand peer",
            "table row in SecAct",
            "SecAct peer",
        ],  # fmt: skip
        rows
        + ["", "| case | contrast | seed | calls | called |", "|---|---|---|---|---|"]
        + null_rows,
    )


def _int(row, name: str) -> str:
    value = getattr(row, name, "")
    return str(int(value)) if value != "" else "-"


if __name__ == "__main__":
    main()
