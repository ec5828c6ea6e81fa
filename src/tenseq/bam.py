"""Facts about user-supplied BAM files, read with samtools."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tenseq.errors import InputError


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


def _header_lengths(path: str) -> dict[str, int]:
    proc = subprocess.run(
        ["samtools", "view", "-H", path], check=False, capture_output=True, text=True
    )
    lengths = {}
    for line in proc.stdout.splitlines():
        if line.startswith("@SQ"):
            tags = dict(f.split(":", 1) for f in line.split("\t")[1:] if ":" in f)
            if "SN" in tags:
                lengths[tags["SN"]] = int(tags.get("LN", 0))
    return lengths


def mapped_per_reference(path: str) -> dict[str, int]:
    """Mapped reads per reference (``samtools idxstats``; streams the file when unindexed)."""
    proc = subprocess.run(
        ["samtools", "idxstats", path], check=False, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise InputError(
            path,
            f"samtools idxstats cannot read the BAM: {proc.stderr.strip()[-200:]}",
            "check that the file is a complete BAM (samtools quickcheck FILE)",
        )
    mapped = {}
    for line in proc.stdout.splitlines():
        name, _, n_mapped, _ = line.split("\t")
        if name != "*":
            mapped[name] = int(n_mapped)
    return mapped


def check_bam_file(path: str) -> None:
    """A complete binary BAM: not SAM text under a .bam name, not cut short (no EOF block)."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic[:1] == b"@" or (magic and magic[:2] != b"\x1f\x8b"):
        raise InputError(
            path,
            "the file is SAM text (or not an alignment file at all), named .bam",
            f"convert it: `samtools sort -o {Path(path).stem}.sorted.bam {path}` and list "
            "that BAM in the sheet",
        )
    proc = subprocess.run(["samtools", "quickcheck", "-v", path], capture_output=True, text=True)
    if proc.returncode != 0:
        raise InputError(
            path,
            "the BAM is truncated (its end-of-file block is missing): an interrupted copy or "
            "alignment",
            "copy or align it again; `samtools quickcheck FILE` must print nothing",
        )


def check_references_annotated(path: str, annotated: set[str], gtf: str) -> None:
    """Most of the BAM is on chromosomes the GTF annotates: by length, else by mapped reads.

    One shared name (say the mitochondrion) is not enough: a BAM from another
    assembly or naming scheme would count almost nothing. Genome length decides
    first (header only, instant); a BAM of a region, or a GTF of a few
    chromosomes, is judged by where its reads map instead.
    """
    lengths = _header_lengths(path)
    total = sum(lengths.values())
    if total and sum(v for k, v in lengths.items() if k in annotated) / total >= 0.5:
        return
    mapped = mapped_per_reference(path)
    reads = sum(mapped.values())
    share = sum(v for k, v in mapped.items() if k in annotated) / reads if reads else 0.0
    if share >= 0.5:
        return
    outside = sorted((k for k in mapped if k not in annotated), key=lambda k: -mapped[k])
    raise InputError(
        path,
        f"only {share:.0%} of the mapped reads lie on chromosomes the GTF {gtf} annotates "
        f"(most reads are on {', '.join(outside[:3])}; GTF: {', '.join(sorted(annotated)[:4])}...)",
        "use a BAM aligned to the assembly the GTF describes (same source and version: "
        "UCSC 'chr1' vs Ensembl '1', GRCh37 vs GRCh38)",
    )
