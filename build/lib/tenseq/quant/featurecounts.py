"""Per-sample featureCounts runs on the three strand settings, chosen per sample.

featureCounts is run with ``-s 0``, ``-s 1`` and ``-s 2`` on every BAM. The
assigned totals of ``-s 1`` and ``-s 2`` say which strand the library reads
come from; the counts of the chosen setting go into the matrix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tenseq.quant.counts import read_featurecounts, read_featurecounts_summary
from tenseq.quant.strandedness import FEATURECOUNTS_STRAND

_NAME = re.compile(r"^(?P<sample>.+)\.s(?P<strand>[012])\.txt$")


@dataclass(frozen=True)
class FeatureCountsByStrand:
    """featureCounts outputs of many samples, keyed by (sample, strand code 0/1/2)."""

    files: dict[tuple[str, int], Path]

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> FeatureCountsByStrand:
        """Index files named ``{sample}.s{0,1,2}.txt`` by sample and strand code."""
        files = {}
        for path in map(Path, paths):
            match = _NAME.match(path.name)
            if match is None:
                raise ValueError(f"not a featureCounts strand output: {path}")
            files[(match["sample"], int(match["strand"]))] = path
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
