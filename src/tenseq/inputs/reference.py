"""The genome FASTA, the GTF and any BAMs checked to belong together before alignment.

A genome from UCSC ('chr1') with an Ensembl annotation ('1') aligns for hours and then
counts nothing; a GFF3 passed as GTF fails featureCounts at the end. The scans read
each file once through :mod:`tenseq.gtf`'s iterators and keep their results in the
:mod:`~tenseq.inputs.scan_cache`, so a restarted run does not read a 1 GB GTF again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq.errors import InputError
from tenseq.gtf import iter_fasta, iter_lines, parse_attributes
from tenseq.inputs.files import check_readable_file
from tenseq.inputs.scan_cache import ScanCache, file_key
from tenseq.io import open_text

GTF_FEATURES = ("gene", "transcript", "exon")


def scan_fasta_names(path: Path) -> list[str]:
    """Sequence names of a FASTA (from its .fai index when present)."""
    fai = Path(f"{path}.fai")
    if fai.is_file():
        return pd.read_csv(fai, sep="\t", header=None, usecols=[0])[0].astype(str).tolist()
    with open_text(path) as handle:
        first = handle.readline()
    if first and not first.startswith(">"):
        raise InputError(
            str(path),
            "does not start with '>' : not a FASTA file",
            "give the genome sequence in FASTA format",
            row=1,
        )
    return [name for name, _ in iter_fasta(path, sequences=False)]


def scan_gtf(path: Path) -> dict[str, Any]:
    """Chromosome names, line count, gene names and the first feature line lacking gene_id.

    Stricter than the GTF readers: a line without exactly 9 tab-separated columns is
    an error here (a GFF3, BED or space-separated copy), where the readers skip it.
    """
    chroms: dict[str, None] = {}
    names: dict[str, None] = {}
    missing_line = None
    n = 0
    for number, cols in iter_lines(path):
        if len(cols) != 9:
            raise InputError(
                str(path),
                f"line has {len(cols)} tab-separated columns, a GTF line has 9",
                "check that this is a GTF (not GFF3, BED or a space-separated copy)",
                row=number,
            )
        n += 1
        chroms.setdefault(cols[0])
        if cols[2] in GTF_FEATURES:
            attrs = parse_attributes(cols[8])
            if "gene_id" in attrs:
                names.setdefault(attrs.get("gene_name", attrs["gene_id"]))
            elif missing_line is None:
                missing_line = number
    return {
        "chroms": list(chroms),
        "n": n,
        "missing_gene_id_line": missing_line,
        "gene_names": list(names),
    }


def _gtf_info(gtf: Path, cache: ScanCache) -> dict[str, Any]:
    """The GTF's scan, from the cache when the file is unchanged; refuses an unusable GTF."""
    key = "gtf|" + file_key(gtf)
    info = cache.get(key)
    if info is None or "gene_names" not in info:
        info = scan_gtf(gtf)
        cache.put(key, info)
    if info["n"] == 0:
        raise InputError(
            str(gtf),
            "the GTF has no annotation lines",
            "give a GTF with gene, transcript and exon lines",
        )
    if info["missing_gene_id_line"] is not None:
        raise InputError(
            str(gtf),
            "a gene/transcript/exon line has no gene_id attribute",
            "use a GTF with gene_id on every feature line (Ensembl and GENCODE "
            "GTFs have it; convert GFF3 with gffread -T)",
            row=info["missing_gene_id_line"],
        )
    return info


def check_reference(
    config: dict[str, Any],
    entry: str,
    label: str,
    cache_path: Path | None,
    bams: Iterable[str] = (),
) -> list[str]:
    """Genome and GTF readable and agreeing on chromosome names; BAMs agree with the GTF.

    Returns the GTF's gene names (gene_id where a gene has no name), the universe
    the gene sets are checked against; empty for the count-matrix entry point.
    """
    if entry == "counts":
        return []
    reference = config.get("reference") or {}
    needed = ("gtf",) if entry == "bam" else ("genome", "gtf")
    for key in needed:
        if not reference.get(key):
            raise InputError(
                label,
                f"reference.{key} is not set but {entry} input needs it",
                f"set reference.{key} to a file path in the config",
                field=f"reference.{key}",
            )
    cache = ScanCache(cache_path)
    gtf = Path(reference["gtf"])
    check_readable_file(gtf, label, None, "reference.gtf")
    info = _gtf_info(gtf, cache)
    gtf_chroms = set(info["chroms"])
    others: list[tuple[str, list[str]]] = []
    if entry == "fastq":
        genome = Path(reference["genome"])
        check_readable_file(genome, label, None, "reference.genome")
        gkey = "fasta|" + file_key(genome)
        names = cache.get(gkey)
        if names is None:
            names = scan_fasta_names(genome)
            cache.put(gkey, names)
        others.append((str(genome), names))
    if entry == "bam":
        from tenseq.bam import bam_references, check_bam_file, check_references_annotated

        for bam in bams:
            check_bam_file(bam)
            others.append((bam, bam_references(bam)))
            if gtf_chroms & set(others[-1][1]):
                check_references_annotated(bam, gtf_chroms, str(gtf))
    for source, names in others:
        if not gtf_chroms & set(names):
            raise InputError(
                source,
                f"no chromosome name is shared with the GTF {gtf} (here: "
                f"{', '.join(names[:4])}...; GTF: {', '.join(sorted(gtf_chroms)[:4])}...)",
                "use a genome and annotation of the same source: UCSC names chromosomes "
                "'chr1', Ensembl '1'",
            )
    return info["gene_names"]
