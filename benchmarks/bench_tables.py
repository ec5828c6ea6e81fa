"""Shared by the benchmark scripts: run a measured child process, write and print a table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def write_table(name: str, title: str, note: str, header: list[str], rows: list[str]) -> None:
    """``# title``, a note line, then a Markdown table with ``header`` and pre-formatted rows."""
    lines = [
        f"# {title}",
        "",
        note,
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *rows,
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def run_child(code: str, *args: object) -> dict:
    """Run ``code`` in a fresh Python (its own peak memory); return the JSON of its last line."""
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
