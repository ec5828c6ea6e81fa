"""Where a run starts: FASTQ (single or paired), BAM, or a count matrix; exactly one.

The sheet's file columns (``fq1``, ``fq2``, ``bam``) and the config's ``counts`` say
which. Mixing them (some samples from reads, others from alignments; single-end
beside paired-end) would need per-sample branches through every stage, so it is
refused with the sample's line.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tenseq.errors import InputError

FILE_COLUMNS = ("fq1", "fq2", "bam")


def _first_line(sheet: pd.DataFrame, mask: pd.Series) -> int:
    """File line number of the first sample where ``mask`` is true."""
    return int(sheet.loc[mask.idxmax(), "_line"])


def entry_point(sheet: pd.DataFrame, config: dict[str, Any], label: str) -> tuple[str, bool]:
    """(fastq, bam or counts; whether the reads are paired): exactly one entry per run."""
    has = {
        c: (sheet[c] != "") if c in sheet.columns else pd.Series(False, index=sheet.index)
        for c in FILE_COLUMNS
    }
    if config.get("counts"):
        return "counts", False
    fq, bam = has["fq1"], has["bam"]
    both = fq & bam
    if both.any():
        line = _first_line(sheet, both)
        raise InputError(
            label,
            "the sample has both FASTQ and BAM files",
            "give either fq1/fq2 or bam for each sample",
            row=line,
        )
    if has["fq2"].any() and not (has["fq2"] <= fq).all():
        line = _first_line(sheet, has["fq2"] & ~fq)
        raise InputError(
            label, "fq2 is given without fq1", "put read 1 in fq1", row=line, field="fq1"
        )
    if fq.any() and bam.any():
        raise InputError(
            label,
            "some samples start from FASTQ and others from BAM",
            "use one entry point per run: all fq1/fq2 or all bam",
        )
    if fq.any():
        return "fastq", _paired(sheet, fq, has["fq2"], label)
    if bam.any():
        if not bam.all():
            line = _first_line(sheet, ~bam)
            raise InputError(
                label,
                "no bam for this sample while others have one",
                "give a BAM for every sample",
                row=line,
                field="bam",
            )
        return "bam", False
    raise InputError(
        label,
        "no input files: the sheet has no fq1 or bam values and the config has no `counts` matrix",
        "give FASTQ files (fq1, fq2), BAM files (bam), or set `counts:` in the "
        "config to a genes x samples matrix",
    )


def _paired(sheet: pd.DataFrame, fq: pd.Series, paired: pd.Series, label: str) -> bool:
    """Whether a FASTQ run is paired: every sample has fq1, and fq2 for all or none."""
    if not fq.all():
        line = _first_line(sheet, ~fq)
        raise InputError(
            label,
            "no fq1 for this sample while others have reads",
            "give fq1 (and fq2) for every sample",
            row=line,
            field="fq1",
        )
    if paired.any() and not paired.all():
        line = _first_line(sheet, ~paired)
        raise InputError(
            label,
            "mixed single-end and paired-end samples: this one has no fq2",
            "run single-end and paired-end samples separately, or give fq2 for every sample",
            row=line,
            field="fq2",
        )
    for row in sheet[paired].to_dict("records"):
        if row["fq1"] == row["fq2"]:
            raise InputError(
                label,
                "fq1 and fq2 are the same file",
                "fq2 must be the read 2 file",
                row=int(row["_line"]),
                field="fq2",
            )
    return bool(paired.all())
