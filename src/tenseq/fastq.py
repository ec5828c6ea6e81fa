"""Quick and full content checks of FASTQ files.

``head_check`` runs while the DAG is built (milliseconds per file): the file is
not empty, is gzip when named .gz, starts with well-formed records, and the
first read names of R1 and R2 agree. ``pair_check`` reads whole files (a cheap
streaming job before trimming): a truncated gzip and mates with different read
counts are caught there, before any alignment.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from tenseq.errors import InputError
from tenseq.io import open_text

MATE_SUFFIX = re.compile(r"/[12]$")


def read_name(header: str) -> str:
    """The read's name without '@', comment and /1 or /2 mate suffix."""
    return MATE_SUFFIX.sub("", header[1:].split(maxsplit=1)[0] if header[1:].strip() else "")


def mate_number(header: str) -> int | None:
    """1 or 2 when the header says which mate it is (``/1`` suffix, Casava ``1:N:0:``)."""
    fields = header[1:].split()
    if not fields:
        return None
    if fields[0][-2:] in ("/1", "/2"):
        return int(fields[0][-1])
    if len(fields) > 1 and re.match(r"^[12]:[YN]:", fields[1]):
        return int(fields[1][0])
    return None


def head_names(path: str | Path, n: int = 100) -> list[str]:
    """Names of the first ``n`` reads; raises ValueError describing what is wrong."""
    return [read_name(header) for header in head_headers(path, n)]


def head_headers(path: str | Path, n: int = 100) -> list[str]:
    """Header lines of the first ``n`` reads; raises ValueError describing what is wrong."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise ValueError("is empty (0 bytes)")
    names = []
    try:
        with open_text(path) as handle:
            while len(names) < n:
                record = [handle.readline() for _ in range(4)]
                if not record[0]:
                    break
                if not record[0].startswith("@") or not record[2].startswith("+"):
                    raise ValueError(
                        f"record {len(names) + 1} is not FASTQ (a record is 4 lines: "
                        "@name, sequence, +, qualities)"
                    )
                if len(record[1].rstrip("\n")) != len(record[3].rstrip("\n")):
                    raise ValueError(
                        f"record {len(names) + 1} has sequence and quality of different lengths"
                    )
                names.append(record[0].rstrip("\n"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as err:
        raise ValueError(f"cannot be read as FASTQ ({err})") from err
    if not names:
        raise ValueError("contains no reads")
    return names


def head_check(fq1: Path, fq2: Path | None, label: str, row: int, *, n: int = 100) -> None:
    """Validation-time check of one sample's FASTQ file(s)."""
    headers = {}  # each file is opened once: 1,000 samples are checked at every first start
    for field, path in (("fq1", fq1), ("fq2", fq2)):
        if path is None:
            return
        try:
            headers[field] = head_headers(path, n)
        except ValueError as err:
            raise InputError(
                label,
                f"{path} {err}",
                "replace it with a complete FASTQ file",
                row=row,
                field=field,
            ) from None
    names1, names2 = ([read_name(h) for h in headers[f]] for f in ("fq1", "fq2"))
    if (mate_number(headers["fq1"][0]), mate_number(headers["fq2"][0])) == (2, 1):
        raise InputError(
            label,
            f"the mates are swapped: {fq1} holds read 2 and {fq2} read 1 (see their headers)",
            "exchange the fq1 and fq2 values of this line",
            row=row,
            field="fq1",
        )
    for i, (a, b) in enumerate(zip(names1, names2, strict=False), start=1):
        if a != b:
            raise InputError(
                label,
                f"read {i} is '{a}' in fq1 but '{b}' in fq2: the files are not mates",
                "give the R1 and R2 files of the same run (or re-sort them by name)",
                row=row,
                field="fq2",
            )
    if len(names1) != len(names2):
        raise InputError(
            label,
            f"fq1 has {len(names1)} reads, fq2 {len(names2)}: the pair is out of step",
            "give complete R1 and R2 files of the same run",
            row=row,
            field="fq2",
        )


def count_records(path: str | Path) -> tuple[int, str]:
    """Reads in a whole file and the last read's name; ValueError if truncated or malformed."""
    path = Path(path)
    n, last = 0, ""
    try:
        with open_text(path) as handle:
            while True:
                header = handle.readline()
                if not header:
                    break
                rest = [handle.readline() for _ in range(3)]
                if not rest[2] or not header.startswith("@") or not rest[1].startswith("+"):
                    raise ValueError(f"{path} ends inside record {n + 1}: the file is truncated")
                n += 1
                last = read_name(header)
    except (OSError, EOFError, zlib.error) as err:
        raise ValueError(f"{path} is damaged after {n} reads ({err}): truncated download?") from err
    if n == 0:
        raise ValueError(f"{path} contains no reads")
    return n, last


def pair_check(fq1: str | Path, fq2: str | Path | None) -> dict[str, int | str]:
    """Full check of a sample's files; returns read counts. Raises ValueError with the fix."""
    n1, last1 = count_records(fq1)
    result: dict[str, int | str] = {"reads_r1": n1}
    if fq2 is not None:
        n2, last2 = count_records(fq2)
        result["reads_r2"] = n2
        if n1 != n2:
            raise ValueError(
                f"{fq1} has {n1} reads but {fq2} has {n2}: the mates are out of step; "
                "re-download or re-export both files"
            )
        if last1 != last2:
            raise ValueError(f"the last reads differ ({last1} vs {last2}): the files are not mates")
    return result
