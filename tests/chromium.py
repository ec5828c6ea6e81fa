"""Render an HTML file in headless Chromium (Debian's package) and return the text a reader sees."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest


class _Text(HTMLParser):
    """Visible text of a DOM: everything outside script and style, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def chromium() -> str:
    """Path of the chromium binary; skips the test when it is not installed."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed (make setup installs Debian's chromium)")
    return exe


def rendered_text(path: Path, *, wait_ms: int = 5000) -> str:
    """The page's DOM after Chromium loaded it and ran its scripts, as plain text."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={wait_ms}",
                "--dump-dom",
                Path(path).resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert proc.returncode == 0 and proc.stdout, proc.stderr[-2000:]
    parser = _Text()
    parser.feed(proc.stdout)
    return " ".join(" ".join(parser.parts).split())
