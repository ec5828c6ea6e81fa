"""Regexes for Snakemake's ``wildcard_constraints`` (sample names, contrast ids).

Snakemake matches every file of the DAG against these patterns while it builds the
DAG, so they are kept short: the schema's rule for a sample name, not a list of names;
a prefix tree of the contrast ids, not an alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from tenseq.inputs.sheet import sample_name_pattern


def sample_wildcard_constraint(schema_dir: Path) -> str:
    """Regex of the ``sample`` wildcard: any valid sample name (the sample schema's pattern).

    Not the sheet's names themselves: Snakemake writes a global constraint into every
    file pattern of every rule and rescans it each time it fills in a job's files, so a
    pattern of 1,000 names costs seconds of DAG building. A valid name cannot absorb
    part of a per-sample file name: the name has no '/', and every per-sample output has
    one wildcard followed by a fixed suffix. Names outside the sheet are stopped by the
    input functions (a mistyped target says which name is unknown).
    """
    pattern = sample_name_pattern(schema_dir)
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"the sample-name pattern {pattern!r} must be anchored (^...$)")
    return pattern[1:-1]


def wildcard_constraint(names: Iterable[str]) -> str:
    """Regex matching exactly the given names (escaped), as a prefix tree.

    Exact names keep a dotted name from absorbing a neighbouring part of a file name
    (``IL22.24h.Rep.1.stats.txt``). A tree, not an alternation of every name: Snakemake
    matches each file against these patterns while it builds the DAG, and an
    alternation of 1,000 names costs a thousand tries per file. Where one name is
    the start of another, the longer is tried first (as the sorted alternation did).
    """
    unique = sorted(set(names))
    return _prefix_tree(unique) if unique else "(?!)"


def _prefix_tree(words: list[str]) -> str:
    """Regex of the sorted ``words`` sharing their common prefixes."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(c) + _prefix_tree(rest) for c, rest in branches.items()]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if "" in words else body
