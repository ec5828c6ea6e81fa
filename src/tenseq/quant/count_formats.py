"""The shapes a user's count matrix arrives in, recognised before its values are read.

A genes x samples TSV is what the count-matrix entry point wants. What users
have at hand is often something close to it: a CSV, a gzip file named ``.tsv``,
featureCounts' own output (a ``#`` command line, annotation columns, BAM paths
as column names), a matrix written samples x genes, or a spreadsheet export in
which large counts became ``1.23457E+15``. Each is either read as what it is
(gzip, featureCounts) or refused with a message that says what the file is.
Counts are parsed from their text, never through floats, so a value above the
int64 range cannot wrap round to a negative number.
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tenseq.errors import InputError
from tenseq.io import GZIP_MAGIC

FEATURECOUNTS_ANNOTATION = ("Chr", "Start", "End", "Strand", "Length")
INT64_MAX = np.iinfo(np.int64).max
_INTEGER = re.compile(r"^\+?\d+(\.0*)?$")
_EXPONENT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
# suffixes aligners add to BAM names, stripped when matching columns to samples
_BAM_SUFFIXES = re.compile(r"(\.bam|\.sam|\.sorted|\.sortedByCoord\.out|Aligned|\.out|_subset)+$")


def read_text(path: Path, label: str) -> str:
    """The file's text, gzip-decompressed when its content is gzip (whatever its name)."""
    data = Path(path).read_bytes()
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise InputError(
                label,
                f"the file is gzip-compressed but damaged ({err})",
                "download or write the matrix again",
            ) from err
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            label,
            "the file is an Excel workbook (.xlsx), not text",
            "in Excel use File > Save As > 'Text (Tab delimited)'",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            label, f"not UTF-8 text ({err})", "save the matrix as tab-separated UTF-8 text"
        ) from err


def _is_featurecounts(lines: list[str]) -> bool:
    header = lines[0].split("\t")
    return header[:1] == ["Geneid"] and tuple(header[1:6]) == FEATURECOUNTS_ANNOTATION


def _bam_stem(column: str) -> str:
    return _BAM_SUFFIXES.sub("", Path(column).name)


def featurecounts_sample_columns(
    columns: list[str], samples: pd.DataFrame, label: str
) -> dict[str, str]:
    """featureCounts' BAM-path columns mapped to sample names.

    A column matches a sample when it is the sample's ``bam`` path (or has the
    same file name), when it is the sample name, or when the BAM file name minus
    aligner suffixes (``Aligned.sortedByCoord.out.bam``) is the sample name.
    """
    names = [str(s) for s in samples.index]
    by_bam = {}
    if "bam" in samples.columns:
        for name, bam in samples["bam"].items():
            if bam:
                by_bam[str(bam)] = str(name)
                by_bam.setdefault(Path(str(bam)).name, str(name))
    mapping: dict[str, str] = {}
    for column in columns:
        match = by_bam.get(column) or by_bam.get(Path(column).name)
        if match is None and column in names:
            match = column
        if match is None and _bam_stem(column) in names:
            match = _bam_stem(column)
        if match is None:
            raise InputError(
                label,
                f"featureCounts column '{column}' matches no sample of the sheet "
                f"({', '.join(names[:4])}...)",
                "name each BAM after its sample (e.g. TEN_1.bam), or put the BAM paths "
                "featureCounts was given in the sheet's bam column",
                row=2,
            )
        if match in mapping.values():
            raise InputError(
                label,
                f"two featureCounts columns match sample '{match}'",
                "give each sample its own BAM",
                row=2,
            )
        mapping[column] = match
    return mapping


def read_count_table(path: str | Path, samples: pd.DataFrame, label: str) -> pd.DataFrame:
    """The matrix as strings (first column gene ids), with its format recognised.

    featureCounts' output is converted (annotation columns dropped, BAM paths
    renamed to samples); CSV, header-only and transposed matrices are refused.
    """
    text = read_text(Path(path), label)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    body = [ln for ln in lines if not ln.startswith("#")]
    if not body:
        raise InputError(
            label,
            "the count matrix is empty",
            "write a header line (gene_id, then one column per sample) and one line per gene",
        )
    featurecounts = _is_featurecounts(body)
    if "\t" not in body[0] and "," in body[0]:
        raise InputError(
            label,
            "the matrix is comma-separated (CSV), not tab-separated",
            "save it as tab-separated text (spreadsheet: 'Text (Tab delimited)'; or "
            "`tr ',' '\\t' < FILE.csv > FILE.tsv` when no value contains a comma)",
            row=1,
        )
    if len(body) == 1:
        raise InputError(
            label,
            "the count matrix has a header line but no genes",
            "write one line per gene below the header (was the export cut short?)",
            row=2,
        )
    raw = pd.read_csv(io.StringIO("\n".join(body)), sep="\t", dtype=str, keep_default_na=False)
    raw.columns = [c.strip() for c in raw.columns]
    raw = raw.apply(lambda col: col.str.strip())  # CRLF and stray spaces
    if featurecounts:
        raw = raw.drop(columns=list(FEATURECOUNTS_ANNOTATION))
        mapping = featurecounts_sample_columns(list(raw.columns[1:]), samples, label)
        raw = raw.rename(columns=mapping)
        return raw
    names = {str(s) for s in samples.index}
    header_hits = len(names & set(raw.columns[1:]))
    row_hits = len(names & set(raw.iloc[:, 0]))
    if row_hits > header_hits and row_hits >= max(2, len(names) // 2):
        raise InputError(
            label,
            f"the matrix is transposed: {row_hits} sample names are row labels, not columns",
            "write genes as rows and samples as columns (e.g. in Python: "
            "pd.read_csv(f, sep='\\t', index_col=0).T.to_csv(out, sep='\\t'))",
        )
    return raw


def parse_counts(values: pd.DataFrame, ids: pd.Series, label: str) -> pd.DataFrame:
    """int64 counts parsed from their text; exponents, fractions and overflow refused."""
    text = values.to_numpy(dtype=str)
    integer = np.vectorize(lambda v: bool(_INTEGER.match(v)), otypes=[bool])(text)
    if not integer.all():
        row, col = np.argwhere(~integer)[0]
        value = text[row, col]
        if _EXPONENT.match(value):
            problem = (
                f"value '{value}' for gene {ids.iat[row]} is in scientific notation, "
                "which spreadsheets write for large numbers after dropping digits"
            )
            fix = (
                "export the raw integer counts again without a spreadsheet (or format the "
                "cells as whole numbers, 0 decimals, before saving)"
            )
        else:
            negative = value.startswith("-") and _INTEGER.match(value[1:])
            problem = (
                f"negative count {value} for gene {ids.iat[row]}"
                if negative
                else f"value '{value}' for gene {ids.iat[row]} is not an integer count"
            )
            fix = (
                "counts must be >= 0; check how the matrix was made"
                if negative
                else "give raw integer read counts (DESeq2-class models need them); round "
                "salmon or kallisto estimates, or import them as counts"
            )
        raise InputError(label, problem, fix, row=int(row) + 2, field=str(values.columns[col]))
    whole = np.vectorize(lambda v: int(v.lstrip("+").split(".")[0]), otypes=[object])(text)
    too_big = np.vectorize(lambda v: v > INT64_MAX, otypes=[bool])(whole)
    if too_big.any():
        row, col = np.argwhere(too_big)[0]
        raise InputError(
            label,
            f"count {text[row, col]} for gene {ids.iat[row]} is larger than any read count "
            f"can be (above {INT64_MAX})",
            "check how the matrix was made; this is not a read count",
            row=int(row) + 2,
            field=str(values.columns[col]),
        )
    return pd.DataFrame(whole.astype(np.int64), index=values.index, columns=values.columns)
