"""The disk layer: opening (plain or gzip), checksums, atomic writing of tables and AnnData.

Tables written one per contrast (``<contrast>.tsv``) are read back by name,
:func:`tables_by_name`, not by their position in a list.

Scripts write every output through these helpers: the data go to a temporary
file beside the target and are renamed into place only when complete, so an
interrupted job never leaves a file that looks finished. A write that fails
(disk full, quota) removes the temporary file and leaves any previous target as
it was. Files get the permissions the umask gives any other tool's output, so
colleagues on a shared cluster can read the results.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # imported by the FASTQ and reference checks, which need neither
    import anndata as ad
    import pandas as pd

FLOAT_FORMAT = "%.6g"
GZIP_MAGIC = b"\x1f\x8b"


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a text file for reading, gunzipping it when its first bytes say gzip.

    The content decides, not the name; a file named ``.gz`` that is not gzip is an
    error (ValueError) rather than a confusing decompression failure further on.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        magic = handle.read(2)
    if path.suffix == ".gz" and magic != GZIP_MAGIC:
        raise ValueError("is named .gz but is not gzip-compressed")
    return gzip.open(path, "rt") if magic == GZIP_MAGIC else open(path)


def sha256(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, streamed in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def current_umask() -> int:
    """The process umask (read by setting and restoring it; there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it to ``target`` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~current_umask())  # mkstemp makes 0600; follow the umask
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_tsv(df: pd.DataFrame, path: str | os.PathLike[str], *, index: bool = False) -> None:
    """Write ``df`` as a tab-separated table atomically, floats in a stable format."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, sep="\t", index=index, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_h5ad(adata: ad.AnnData, path: str | os.PathLike[str]) -> None:
    """Write ``adata`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        adata.write_h5ad(tmp)


def by_name(paths: Iterable[str | os.PathLike[str]], suffix: str) -> dict[str, Path]:
    """``<name><suffix>`` files by name, in the given order (e.g. contrast id -> its plot)."""
    return {Path(p).name.removesuffix(suffix): Path(p) for p in paths}


def read_tsv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A tab-separated table, as :func:`write_tsv` writes it."""
    import pandas as pd

    return pd.read_csv(path, sep="\t")


def tables_by_name(paths: Iterable[str | os.PathLike[str]]) -> dict[str, pd.DataFrame]:
    """``<name>.tsv`` tables by name, in the given order (e.g. contrast id -> its DE table)."""
    return {name: read_tsv(path) for name, path in by_name(paths, ".tsv").items()}
