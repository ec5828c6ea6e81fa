"""Fetch-once caches for reference data that live on the internet (MSigDB, PROGENy).

A collection is downloaded on first use, written atomically with a SHA-256
sidecar, and read from the cache afterwards, after checking the checksum. On a
machine without internet the fetch fails quickly and the caller carries on
without the collection, saying so; a corrupt cached copy is never used.
"""

from __future__ import annotations

import hashlib
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tenseq.io import atomic_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cached:
    """Outcome of :func:`fetch_once`: the file (None when unavailable) and what happened."""

    path: Path | None
    status: str  # cached | downloaded | unavailable
    sha256: str
    message: str


def sha256_of(path: str | Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def socket_timeout(seconds: float) -> Iterator[None]:
    """Bound every network call inside (requests has no timeout by default)."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def fetch_once(path: Path, fetch: Callable[[], str], *, what: str, timeout: float = 30.0) -> Cached:
    """Return ``path`` from the cache if its checksum holds, else download it with ``fetch``.

    ``fetch`` returns the file's text or raises; any exception means the
    collection is unavailable (the message says why and how to provide it).
    """
    path = Path(path)
    sidecar = path.with_name(path.name + ".sha256")
    if path.is_file() and sidecar.is_file():
        expected = sidecar.read_text().split()[0]
        actual = sha256_of(path)
        if actual == expected:
            return Cached(path, "cached", actual, f"{what}: cached copy {path} (sha256 ok)")
        log.warning("%s: cached copy %s fails its checksum; fetching again", what, path)
    elif path.is_file():  # copied in by hand for an offline machine: record its checksum
        digest = sha256_of(path)
        with atomic_path(sidecar) as tmp:
            Path(tmp).write_text(f"{digest}  {path.name}\n")
        return Cached(path, "cached", digest, f"{what}: local copy {path} (sha256 recorded)")
    try:
        with socket_timeout(timeout):
            text = fetch()
    except Exception as err:  # noqa: BLE001 - network, HTTP and parse errors: not available
        return Cached(
            None,
            "unavailable",
            "",
            f"{what}: could not be fetched ({type(err).__name__}: {err}); continuing "
            f"without it. To use it offline, copy the file to {path} or list a local "
            "copy in the config",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text)
    digest = sha256_of(path)
    with atomic_path(sidecar) as tmp:
        Path(tmp).write_text(f"{digest}  {path.name}\n")
    return Cached(path, "downloaded", digest, f"{what}: downloaded to {path} (sha256 {digest})")
