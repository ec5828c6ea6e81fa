"""Fetch-once caches for reference data that live on the internet (MSigDB, PROGENy).

A collection is downloaded on first use, written atomically with a SHA-256
sidecar, and read from the cache afterwards, after checking the checksum. On a
machine without internet the fetch fails quickly and the caller carries on
without the collection, saying so; a corrupt cached copy is never used.

A checksum only proves a file is unchanged, not that it was right: an HTML error
page saved under the collection's name would be fingerprinted and trusted for
ever. So every file is also checked for its format (``check``) before it is
fingerprinted or used; one that fails is moved aside as ``NAME.invalid``.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tenseq import io
from tenseq.io import atomic_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cached:
    """Outcome of :func:`fetch_once`: the file (None when unavailable) and what happened."""

    path: Path | None
    status: str  # cached | downloaded | unavailable
    sha256: str
    message: str


@contextmanager
def socket_timeout(seconds: float) -> Iterator[None]:
    """Bound every network call inside (requests has no timeout by default)."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def looks_like_html(path: Path) -> bool:
    """Whether a file starts like a web page (what a failed download often saves)."""
    with open(path, "rb") as handle:
        head = handle.read(512).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body"))


def invalid_reason(path: Path, check: Callable[[Path], object] | None) -> str:
    """'' when ``path`` passes ``check`` (reads as the expected format); else why not."""
    if check is None:
        return ""
    try:
        if looks_like_html(path):
            raise ValueError("it is an HTML page, not data (a failed download or login page?)")
        check(path)
    except (ValueError, OSError, UnicodeDecodeError) as err:  # InputError is a ValueError
        return str(err).split("\n")[0]
    return ""


def _reject_invalid(path: Path, check: Callable[[Path], object] | None, what: str) -> str:
    """'' when the cached ``path`` is valid; else the reason, with the file moved aside."""
    reason = invalid_reason(path, check)
    if not reason:
        return ""
    moved = path.with_name(path.name + ".invalid")
    os.replace(path, moved)
    path.with_name(path.name + ".sha256").unlink(missing_ok=True)
    log.warning("%s: %s is not valid (%s); moved aside to %s", what, path, reason, moved)
    return f"{path} was not valid ({reason}) and was moved aside to {moved}"


def fetch_once(
    path: Path,
    fetch: Callable[[], str],
    *,
    what: str,
    timeout: float = 30.0,
    check: Callable[[Path], object] | None = None,
) -> Cached:
    """Return ``path`` from the cache if its checksum and format hold, else download it.

    ``fetch`` returns the file's text or raises; any exception means the
    collection is unavailable (the message says why and how to provide it).
    ``check`` reads a file and raises ValueError when it is not the expected
    format; cached, hand-copied and freshly downloaded files all pass it first.
    """
    path = Path(path)
    sidecar = path.with_name(path.name + ".sha256")
    rejected = _reject_invalid(path, check, what) if path.is_file() else ""
    if path.is_file() and sidecar.is_file():
        expected = sidecar.read_text().split()[0]
        actual = io.sha256(path)
        if actual == expected:
            return Cached(path, "cached", actual, f"{what}: cached copy {path} (sha256 ok)")
        log.warning("%s: cached copy %s fails its checksum; fetching again", what, path)
    elif path.is_file():  # copied in by hand for an offline machine: record its checksum
        digest = io.sha256(path)
        with atomic_path(sidecar) as tmp:
            Path(tmp).write_text(f"{digest}  {path.name}\n")
        return Cached(path, "cached", digest, f"{what}: local copy {path} (sha256 recorded)")
    note = f" ({rejected})" if rejected else ""
    try:
        with socket_timeout(timeout):
            text = fetch()
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            Path(tmp).write_text(text)
            reason = invalid_reason(Path(tmp), check)
            if reason:
                raise ValueError(f"the download is not in the expected format: {reason}")
    except Exception as err:  # noqa: BLE001 - network, HTTP and parse errors: not available
        return Cached(
            None,
            "unavailable",
            "",
            f"{what}: could not be fetched ({type(err).__name__}: {err}){note}; continuing "
            f"without it. To use it offline, copy the file to {path} or list a local "
            "copy in the config",
        )
    digest = io.sha256(path)
    with atomic_path(sidecar) as tmp:
        Path(tmp).write_text(f"{digest}  {path.name}\n")
    message = f"{what}: downloaded to {path} (sha256 {digest}){note}"
    return Cached(path, "downloaded", digest, message)
