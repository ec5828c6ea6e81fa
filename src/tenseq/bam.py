"""Facts about user-supplied BAM files, read with samtools."""

from __future__ import annotations

import subprocess

from tenseq.errors import InputError

_PAIRED_FLAG = 0x1


def bam_is_paired(path: str, *, n_records: int = 1000) -> bool:
    """Whether the first ``n_records`` alignments of ``path`` carry the paired flag.

    featureCounts must be told (``-p --countReadPairs``) to count fragments
    rather than reads; mixing the two would double the counts of paired data.
    """
    try:
        proc = subprocess.Popen(
            ["samtools", "view", path],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except FileNotFoundError as err:
        raise InputError(
            None, "samtools is not installed", "install it (apt-get install samtools)"
        ) from err
    flags: list[int] = []
    for line in proc.stdout or []:
        flags.append(int(line.split("\t", 2)[1]))
        if len(flags) >= n_records:
            break
    proc.kill()
    _, stderr = proc.communicate()
    if not flags:
        raise InputError(
            path,
            f"no alignments could be read from this BAM {stderr.strip()[:200]}".rstrip(),
            "check that the file is a complete BAM with aligned reads",
        )
    return any(flag & _PAIRED_FLAG for flag in flags)


def bam_references(path: str) -> list[str]:
    """Reference sequence names from the BAM header (``@SQ SN:``)."""
    proc = subprocess.run(
        ["samtools", "view", "-H", path], check=False, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise InputError(
            path,
            f"samtools cannot read the BAM header: {proc.stderr.strip()[:200]}",
            "check that the file is a BAM written by an aligner",
        )
    names = []
    for line in proc.stdout.splitlines():
        if line.startswith("@SQ"):
            for field in line.split("\t")[1:]:
                if field.startswith("SN:"):
                    names.append(field[3:])
    return names
