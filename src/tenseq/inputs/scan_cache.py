"""Results of slow input scans, kept between runs and keyed by each file's state.

Scanning a mouse GTF or reading the first reads of 1,000 FASTQ files takes seconds to
minutes, and Snakemake rebuilds the DAG (running every check) at each start. A result
is stored under the file's resolved path, size and modification time, so an edited or
replaced file is scanned again and an unchanged one never. The cache is a JSON file in
``.snakemake/``; it is a different thing from the download cache of gene-set
collections (:mod:`tenseq.pathways.fetch`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

CACHE_NAME = "tenseq-validate-cache.json"


def cache_path(workdir: Path) -> Path:
    """Where the scan cache of a run in ``workdir`` lives."""
    return workdir / ".snakemake" / CACHE_NAME


def file_key(path: Path) -> str:
    """The state of ``path`` a cached result depends on: resolved path, size, mtime."""
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


class ScanCache:
    """Results of reference and FASTQ scans, keyed by (path, size, mtime): files are read once."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        if path and path.is_file():
            try:
                self.data = json.loads(path.read_text())
            except (json.JSONDecodeError, OSError):
                self.data = {}

    def get(self, key: str) -> Any:
        """The stored result for ``key``, or None."""
        return self.data.get(key)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` and write the cache file (atomically; never fails the run)."""
        self.data[key] = value
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".part")
            tmp.write_text(json.dumps(self.data))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only working directory only costs a rescan next time
