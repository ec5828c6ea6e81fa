"""featureCounts versus HTSeq/summarizeOverlaps union counting on the GSE52778 airway BAMs.

The pipeline counts paired fragments with featureCounts (``-p --countReadPairs``,
unstranded for these data). Against an independent union-mode count (HTSeq
``-m union``, summarizeOverlaps ``mode="Union"``) EXOSC10 comes out 20-27% higher
in every sample while most genes agree. The cause is one documented rule:
when a fragment overlaps two genes, featureCounts gives it to the gene that MORE
of its reads overlap (both mates in EXOSC10, one of them also in an exon of the
antisense RP4-635E18.7 or .6), where union mode calls the fragment ambiguous.
This test pins that: featureCounts = union + fragments won by that mate vote, for
every gene, exactly. tenseq keeps featureCounts' rule (it assigns fragments that
are almost surely the sense gene's) and documents the difference.
"""

from __future__ import annotations

import bisect
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

SAMPLES = ["SRR1039508", "SRR1039517"]
CIGAR = re.compile(r"(\d+)([MIDNSHP=X])")


def _exons(gtf: Path) -> tuple[list[int], list[tuple[int, int, str]], dict[str, str]]:
    exons, names = [], {}
    for line in gtf.read_text().splitlines():
        cols = line.split("\t")
        if line.startswith("#") or cols[2] != "exon":
            continue
        gene = re.search(r'gene_id "([^"]+)"', cols[8]).group(1)
        names[gene] = re.search(r'gene_name "([^"]+)"', cols[8]).group(1)
        exons.append((int(cols[3]), int(cols[4]), gene))
    exons.sort()
    return [e[0] for e in exons], exons, names


def union_count(bam: Path, gtf: Path) -> tuple[Counter, Counter, dict[str, str]]:
    """Union-mode fragment counts, and the fragments featureCounts' mate vote would add.

    Unique (NH:i:1) primary alignments; a fragment's genes are those any aligned
    block (M/=/X, and D) of either mate overlaps by >= 1 base.
    """
    starts, exons, names = _exons(gtf)
    longest = max(e - s for s, e, _ in exons) + 1

    def genes_at(s: int, e: int) -> set[str]:
        i = bisect.bisect_right(starts, e)
        lo = bisect.bisect_left(starts, s - longest)
        return {g for a, b, g in exons[lo:i] if b >= s}

    mates: dict[str, list[set[str]]] = defaultdict(list)
    view = subprocess.run(
        ["samtools", "view", "-F", "0x904", str(bam)], capture_output=True, text=True, check=True
    )
    for line in view.stdout.splitlines():
        f = line.split("\t")
        if "NH:i:1" not in f[11:]:
            continue
        pos, genes = int(f[3]), set()
        for n, op in CIGAR.findall(f[5]):
            if op in "M=XD":
                genes |= genes_at(pos, pos + int(n) - 1)
            if op in "M=XDN":
                pos += int(n)
        mates[f[0]].append(genes)
    union, voted = Counter(), Counter()
    for hits in mates.values():
        genes = set().union(*hits)
        if len(genes) == 1:
            union[next(iter(genes))] += 1
        elif len(genes) > 1:
            votes = Counter(g for h in hits for g in h)
            top = max(votes.values())
            winners = [g for g, v in votes.items() if v == top]
            if len(winners) == 1:
                voted[winners[0]] += 1
    return union, voted, names


def featurecounts(bam: Path, gtf: Path, out: Path) -> pd.Series:
    """The pipeline's own call for paired, unstranded data."""
    target = out / f"{bam.stem}.txt"
    subprocess.run(
        ["featureCounts", "-s", "0", "-p", "--countReadPairs", "-a", str(gtf), "-o", str(target)]
        + [str(bam)],
        check=True,
        capture_output=True,
    )
    table = pd.read_csv(target, sep="\t", comment="#", index_col="Geneid")
    return table.iloc[:, -1]


@pytest.mark.parametrize("run", SAMPLES)
def test_exosc10_excess_is_featurecounts_mate_vote(shared_dir, tmp_path, run):
    data = shared_dir / "data" / "airway_bam_subset"
    gtf, bam = data / "Homo_sapiens.GRCh37.75_subset.gtf", data / f"{run}_subset.bam"
    fc = featurecounts(bam, gtf, tmp_path)
    union, voted, names = union_count(bam, gtf)
    by_name = {names[g]: g for g in fc.index}
    for gene in fc.index:  # the whole difference, gene by gene, is the vote
        assert fc[gene] == union[gene] + voted[gene], names[gene]
    exosc10 = by_name["EXOSC10"]
    excess = fc[exosc10] / union[exosc10] - 1
    assert 0.20 <= excess <= 0.27, excess
    for name in ("TARDBP", "SRM", "MASP2", "UBIAD1", "MTOR", "ANGPTL7"):
        gene = by_name[name]
        assert abs(fc[gene] / union[gene] - 1) <= 0.03, name
    if run == "SRR1039508":  # the numbers of the note, for the record
        assert (fc[exosc10], union[exosc10], voted[exosc10]) == (1060, 867, 193)
