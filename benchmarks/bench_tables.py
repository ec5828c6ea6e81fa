"""Shared by the benchmark scripts: write a result table to benchmarks/out/ and print it."""

from __future__ import annotations

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
