"""Settings that used to fail late, inside a job, checked while the DAG is built.

``de.min_samples`` above the number of samples filters out every gene and
stops pydeseq2 with "no types given"; an even ``salmon.kmer`` or one longer than
the reads fails salmon after all trimming; a ``results`` path that is a file
fails the first job that writes. Each is refused here with the fix.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq.errors import InputError
from tenseq.io import open_text

MISSING_TOKENS = frozenset({"", "NA", "N/A", "NaN", "nan", "na", "null", "NULL", "None", "."})


def check_min_samples(config: dict[str, Any], n_samples: int, label: str) -> None:
    """``de.min_samples`` can be met by at least one gene."""
    wanted = config["de"].get("min_samples")
    if config["de"]["contrasts"] and wanted is not None and wanted > n_samples:
        raise InputError(
            label,
            f"de.min_samples is {wanted} but the sheet has {n_samples} samples: every gene "
            "would be filtered out",
            f"set de.min_samples to at most {n_samples} (or leave it out: the smallest "
            "group size is used)",
            field="de.min_samples",
        )


def read_lengths(path: Path, n: int = 100) -> list[int]:
    """Sequence lengths of the first ``n`` reads (the file passed its head check)."""
    lengths = []
    with open_text(path) as handle:
        while len(lengths) < n:
            record = [handle.readline() for _ in range(4)]
            if not record[1]:
                break
            lengths.append(len(record[1].rstrip("\n")))
    return lengths


def check_salmon_kmer(
    config: dict[str, Any], samples: pd.DataFrame, entry: str, label: str, workdir: Path
) -> None:
    """salmon's k-mer is odd and shorter than the reads of every sample."""
    if config["quantifier"] != "salmon" or entry != "fastq":
        return
    kmer = config["salmon"]["kmer"]
    if kmer % 2 == 0:
        raise InputError(
            label,
            f"salmon.kmer is {kmer}, an even number; salmon's index needs an odd k-mer size",
            f"use {kmer - 1} or {kmer + 1} (the default is 31)",
            field="salmon.kmer",
        )
    for sample, fq1 in samples["fq1"].items():
        path = Path(fq1) if Path(fq1).is_absolute() else workdir / fq1
        length = int(statistics.median(read_lengths(path)))
        if length <= kmer:
            below = length - 1 if length % 2 == 0 else length - 2
            fix = (
                f"set salmon.kmer to an odd value below {length} (e.g. {below}; salmon "
                "recommends smaller k for short reads)"
                if below >= 11
                else "the reads are too short for salmon: use quantifier: star"
            )
            raise InputError(
                label,
                f"reads of sample '{sample}' are {length} bases (median of the first 100), "
                f"not longer than salmon.kmer {kmer}: salmon would map none of them",
                fix,
                field="salmon.kmer",
            )


def check_results_dir(workdir: Path) -> None:
    """``results`` and its stage folders are directories (or absent), never files."""
    for name in ("results", "logs"):
        path = workdir / name
        if path.exists() and not path.is_dir():
            raise InputError(
                str(path),
                f"'{name}' is a file, but tenseq writes its {name} into a folder of that name",
                f"move the file away (mv {name} {name}.old) and run again",
            )
    results = workdir / "results"
    if results.is_dir():
        for child in results.iterdir():
            if child.is_file() and not child.suffix:
                raise InputError(
                    str(child),
                    f"results/{child.name} is a file where tenseq writes a folder",
                    f"move it away (mv {child} {child}.old) and run again",
                )


def missing_to_empty(values: pd.Series) -> pd.Series:
    """Spreadsheet and R spellings of a missing value (NA, N/A, NaN, null, .) as ''."""
    return values.where(~values.isin(MISSING_TOKENS), "")


def check_run_settings(
    config: dict[str, Any], samples: pd.DataFrame, entry: str, label: str, workdir: Path
) -> None:
    """The late-failing settings above, in one call from :func:`tenseq.inputs.load_inputs`."""
    check_results_dir(workdir)
    check_min_samples(config, len(samples), label)
    check_salmon_kmer(config, samples, entry, label, workdir)


def contrast_levels(config: dict[str, Any], variable: str) -> set[str]:
    """Levels of ``variable`` that some contrast compares (they need 2 samples each)."""
    return {
        c[side]
        for c in config.get("de", {}).get("contrasts", [])
        if c["variable"] == variable
        for side in ("target", "reference")
    }
