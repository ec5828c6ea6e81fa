"""Per-sample featureCounts runs on the three strand settings, chosen per sample.

featureCounts is run with ``-s 0``, ``-s 1`` and ``-s 2`` on every BAM, into one
directory per sample (``s0.txt``, ``s1.txt``, ``s2.txt``, each with featureCounts'
``.summary`` beside it): one declared output per sample instead of six, which is what
Snakemake pays for at every DAG build. The assigned totals of ``-s 1`` and ``-s 2``
say which strand the library reads come from; the counts of the chosen setting go
into the matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tenseq.quant import strandedness
from tenseq.quant.counts import (
    assemble_counts,
    check_counted,
    read_featurecounts,
    read_featurecounts_summary,
)
from tenseq.quant.strandedness import FEATURECOUNTS_STRAND

STRAND_CODES = tuple(FEATURECOUNTS_STRAND.values())  # featureCounts -s 0, 1, 2


@dataclass(frozen=True)
class FeatureCountsByStrand:
    """featureCounts outputs of many samples, keyed by (sample, strand code 0/1/2)."""

    files: dict[tuple[str, int], Path]

    @classmethod
    def from_dirs(cls, dirs: Iterable[str | Path]) -> FeatureCountsByStrand:
        """Index per-sample directories of runs ``{sample}/s{0,1,2}.txt`` by sample and strand."""
        files = {}
        for directory in map(Path, dirs):
            for code in STRAND_CODES:
                path = directory / f"s{code}.txt"
                if not path.is_file():
                    raise FileNotFoundError(f"featureCounts output {path} is missing")
                files[(directory.name, code)] = path
        return cls(files)

    def assigned(self, sample: str) -> tuple[float, float]:
        """Reads assigned on the forward (``-s 1``) and reverse (``-s 2``) settings."""
        return (
            float(self.counts(sample, "forward").sum()),
            float(self.counts(sample, "reverse").sum()),
        )

    def counts(self, sample: str, strand: str) -> pd.Series:
        """Gene counts of ``sample`` counted as ``strand`` (unstranded/forward/reverse)."""
        path = self.files[(sample, FEATURECOUNTS_STRAND[strand])]
        return read_featurecounts(path, [sample])[sample]

    def summary(self, chosen: dict[str, str]) -> pd.DataFrame:
        """featureCounts assignment summary of each sample on its chosen strand.

        Written as one ``Status`` x samples table that MultiQC reads like a
        single featureCounts run.
        """
        columns = []
        for sample, strand in chosen.items():
            path = self.files[(sample, FEATURECOUNTS_STRAND[strand])]
            table = read_featurecounts_summary(Path(f"{path}.summary"))
            columns.append(table.iloc[:, 0].rename(sample))
        return pd.concat(columns, axis=1).rename_axis("Status").reset_index()


def strand_calls(
    runs: FeatureCountsByStrand, samples: Sequence[str], declared: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The strandedness table (with its warnings) and the strand each sample is counted on.

    ``declared`` is the config's ``strandedness``: ``auto`` takes each sample's inferred
    strand, a declared one is kept (the table warns when the data disagree).
    """
    calls = {s: strandedness.infer_strandedness(*runs.assigned(s)) for s in samples}
    table = strandedness.strandedness_table(calls, declared)
    chosen = {s: strandedness.choose_strand(declared, calls[s].call) for s in samples}
    return table, chosen


def gene_matrix(
    runs: FeatureCountsByStrand, chosen: Mapping[str, str], genes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Genes x samples counts, each sample on its chosen strand, and their featureCounts summary.

    Raises ValueError when a sample had (almost) none of its reads counted on genes.
    """
    matrix = assemble_counts({s: runs.counts(s, strand) for s, strand in chosen.items()}, genes)
    summary = runs.summary(dict(chosen))
    check_counted(matrix.sum(), summary.set_index("Status").sum())
    return matrix, summary
