"""Gene annotation (GTF): gene table, transcript map, spliced transcript sequences.

Files are streamed line by line (a mouse GTF is ~1 GB) and may be gzip-compressed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from tenseq.io import open_text

_ATTR = re.compile(r'(\S+)\s+"([^"]*)"')
_COMPLEMENT = str.maketrans("ACGTNacgtn", "TGCANtgcan")


def parse_attributes(field: str) -> dict[str, str]:
    """GTF column 9 (``key "value"; ...``) as a dict; the first value of a key wins."""
    attrs: dict[str, str] = {}
    for key, value in _ATTR.findall(field):
        attrs.setdefault(key, value)
    return attrs


def iter_lines(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, tab-separated columns) of every GTF line that is not a comment.

    Numbers count every line of the file, as an editor shows them. The column count is
    not enforced here: :func:`iter_records` skips short lines, while the input gate
    (:mod:`tenseq.inputs.reference`) refuses any line without exactly 9 columns.
    """
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            yield number, line.rstrip("\n").split("\t")


def iter_records(path: str | Path) -> Iterator[tuple[str, str, int, int, str, dict[str, str]]]:
    """Yield (chrom, feature, start, end, strand, attributes) for every GTF line."""
    for _, cols in iter_lines(path):
        if len(cols) < 9:
            continue
        yield cols[0], cols[2], int(cols[3]), int(cols[4]), cols[6], parse_attributes(cols[8])


def read_gene_table(gtf_path: str | Path) -> pd.DataFrame:
    """One row per gene: gene_name, biotype, chrom, start, end, strand (index gene_id).

    Genes come from ``gene`` lines; GTFs without them (e.g. some lab-made
    annotations) are summarised from their exon lines. ``gene_name`` falls back
    to the gene id and ``biotype`` (``gene_biotype`` or GENCODE's ``gene_type``)
    to "unknown". Rows keep the file's order.
    """
    genes: dict[str, dict[str, object]] = {}
    from_gene_lines: set[str] = set()
    for chrom, feature, start, end, strand, attrs in iter_records(gtf_path):
        if feature not in ("gene", "exon") or "gene_id" not in attrs:
            continue
        gene_id = attrs["gene_id"]
        if feature == "exon" and gene_id in from_gene_lines:
            continue
        entry = genes.get(gene_id)
        if entry is None or feature == "gene":
            entry = {
                "gene_name": attrs.get("gene_name", gene_id),
                "biotype": attrs.get("gene_biotype", attrs.get("gene_type", "unknown")),
                "chrom": chrom,
                "start": start,
                "end": end,
                "strand": strand,
            }
            if feature == "gene":
                from_gene_lines.add(gene_id)
            genes[gene_id] = entry
        else:
            entry["start"] = min(int(entry["start"]), start)
            entry["end"] = max(int(entry["end"]), end)
    table = pd.DataFrame.from_dict(genes, orient="index")
    table.index.name = "gene_id"
    if table.empty:
        table = pd.DataFrame(
            columns=["gene_name", "biotype", "chrom", "start", "end", "strand"],
            index=pd.Index([], name="gene_id"),
        )
    return table


def read_tx2gene(gtf_path: str | Path) -> pd.DataFrame:
    """transcript_id -> gene_id from transcript or exon lines, in file order."""
    pairs: dict[str, str] = {}
    for _, feature, _, _, _, attrs in iter_records(gtf_path):
        if feature in ("transcript", "exon") and "transcript_id" in attrs:
            pairs.setdefault(attrs["transcript_id"], attrs.get("gene_id", ""))
    return pd.DataFrame({"transcript_id": list(pairs), "gene_id": list(pairs.values())})


def _exons_by_chrom(gtf_path: str | Path) -> dict[str, dict[str, list]]:
    """chrom -> transcript_id -> [strand, [(start, end), ...]] from exon lines."""
    exons: dict[str, dict[str, list]] = {}
    for chrom, feature, start, end, strand, attrs in iter_records(gtf_path):
        if feature != "exon" or "transcript_id" not in attrs:
            continue
        entry = exons.setdefault(chrom, {}).setdefault(attrs["transcript_id"], [strand, []])
        entry[1].append((start, end))
    return exons


def iter_fasta(path: str | Path, *, sequences: bool = True) -> Iterator[tuple[str, str]]:
    """Yield (name, sequence) one record at a time; the name is the header's first word.

    With ``sequences=False`` every sequence is yielded empty: listing the chromosome
    names of a genome then holds no chromosome in memory.
    """
    name, chunks = None, []
    with open_text(path) as handle:
        for line in handle:
            if line.startswith(">"):
                if name is not None:
                    yield name, "".join(chunks)
                name, chunks = line[1:].split(maxsplit=1)[0] if line[1:].strip() else "", []
            elif sequences:
                chunks.append(line.strip())
    if name is not None:
        yield name, "".join(chunks)


def reverse_complement(seq: str) -> str:
    """Reverse complement of a DNA sequence (N stays N)."""
    return seq.translate(_COMPLEMENT)[::-1]


def write_transcriptome_fasta(
    genome_fasta: str | Path, gtf_path: str | Path, out_fasta: str | Path
) -> int:
    """Write spliced exon sequences of every transcript; return how many were written.

    Minus-strand transcripts are reverse-complemented. The genome is read one
    chromosome at a time, so memory stays at one chromosome plus the exon table.
    """
    exons = _exons_by_chrom(gtf_path)
    n = 0
    with open(out_fasta, "w") as out:
        for chrom, seq in iter_fasta(genome_fasta):
            for tx, (strand, blocks) in exons.get(chrom, {}).items():
                spliced = "".join(seq[s - 1 : e] for s, e in sorted(blocks))
                if strand == "-":
                    spliced = reverse_complement(spliced)
                out.write(f">{tx}\n")
                for i in range(0, len(spliced), 60):
                    out.write(spliced[i : i + 60] + "\n")
                n += 1
    return n


def star_sa_index_nbases(genome_length: int) -> int:
    """STAR ``--genomeSAindexNbases``: min(14, log2(length)/2 - 1), at least 4.

    The STAR manual asks for this scaling; the default 14 makes STAR crash or
    waste memory on small genomes such as the demo or a single chromosome.
    """
    if genome_length <= 0:
        raise ValueError("genome length must be positive")
    return max(4, min(14, int(math.floor(math.log2(genome_length) / 2 - 1))))
