"""Gene-set collections: GMT files, species mapping and size filters.

Sets are kept in one long table (``source`` = set name, ``target`` = gene,
``collection``, ``description``), the network format decoupler uses, so every
scoring method reads the same object.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tenseq.errors import InputError
from tenseq.io import open_text
from tenseq.shipped import resource

CURATED = "neutrophil_programs_mouse.gmt"
COLUMNS = ["source", "target", "collection", "description"]


def curated_gmt_path() -> Path:
    """The curated neutrophil programs shipped in ``resources/genesets/``."""
    return resource("genesets", CURATED)


def read_gmt(path: str | Path, collection: str | None = None) -> pd.DataFrame:
    """Long table of a GMT file (plain or .gz); duplicate genes within a set are dropped."""
    path = Path(path)
    rows = []
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\n\r").split("\t")
            if not line.strip():
                continue
            if len(fields) < 3:
                raise InputError(
                    str(path),
                    "a GMT line needs a name, a description and genes, tab-separated",
                    "check the file is a GMT gene-set file",
                    row=number,
                )
            name, description = fields[0], fields[1]
            for gene in dict.fromkeys(g for g in fields[2:] if g):
                rows.append((name, gene, collection or path.name, description))
    if not rows:
        raise InputError(str(path), "no gene sets in the file", "give a non-empty GMT file")
    return pd.DataFrame(rows, columns=COLUMNS)


def symbol_species(genes: Iterable[str]) -> str:
    """'human' when most symbols are upper case (CYBB), 'mouse' when capitalised (Cybb)."""
    letters = [g for g in genes if any(c.isalpha() for c in g)]
    if not letters:
        return "unknown"
    upper = sum(g == g.upper() for g in letters) / len(letters)
    return "human" if upper > 0.8 else "mouse"


def map_species(
    sets: pd.DataFrame, to: str, orthologs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, str]:
    """Translate set genes to ``to`` ('mouse' or 'human'); return the sets and a note.

    With an ortholog table (columns human_symbol, mouse_symbol) every mapped pair
    is used; without one, symbols are re-cased (CYBB -> Cybb), which is right for
    most one-to-one orthologs and wrong for renamed genes (TP53 -> Trp53).
    """
    source = symbol_species(sets["target"])
    if source in (to, "unknown"):
        return sets, f"gene sets already use {to} symbols"
    if orthologs is not None:
        src, dst = (
            ("human_symbol", "mouse_symbol") if to == "mouse" else ("mouse_symbol", "human_symbol")
        )
        table = orthologs[[src, dst]].dropna().drop_duplicates()
        mapped = sets.merge(table, left_on="target", right_on=src, how="inner")
        mapped = mapped.assign(target=mapped[dst])[COLUMNS].drop_duplicates(["source", "target"])
        fraction = sets["target"].isin(table[src]).mean()
        return mapped.reset_index(drop=True), (
            f"mapped {source} gene sets to {to} through the ortholog table "
            f"({fraction:.1%} of set genes have an ortholog)"
        )
    recase = (lambda g: g.capitalize()) if to == "mouse" else str.upper
    mapped = sets.assign(target=sets["target"].map(recase))
    return mapped, (
        f"no ortholog table: {source} symbols re-cased to {to} "
        "(renamed orthologs such as TP53/Trp53 are missed)"
    )


def map_collections(
    sets: pd.DataFrame, to: str, orthologs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`map_species` per collection, so mouse and human GMT files can be mixed."""
    parts, notes = [], []
    for name, part in sets.groupby("collection", sort=False):
        mapped, note = map_species(part, to, orthologs)
        parts.append(mapped)
        notes.append(f"{name}: {note}")
    return pd.concat(parts, ignore_index=True), notes


def filter_sets(
    sets: pd.DataFrame, universe: Iterable[str], *, min_size: int = 5, max_size: int = 500
) -> pd.DataFrame:
    """Keep set members present in ``universe`` and sets with min_size..max_size of them."""
    universe = set(universe)
    kept = sets[sets["target"].isin(universe)]
    sizes = kept.groupby("source")["target"].transform("size")
    return kept[(sizes >= min_size) & (sizes <= max_size)].reset_index(drop=True)


def check_overlap(
    sets: pd.DataFrame, universe: Iterable[str], file: str, *, field: str | None = None
) -> None:
    """Raise when a collection shares no gene with the data (wrong species or id type)."""
    universe = set(universe)
    if not sets["target"].isin(universe).any():
        example = ", ".join(sorted(universe)[:3])
        raise InputError(
            file,
            f"no gene of these gene sets is in the data (data genes look like {example})",
            "check reference.species (mouse, human, or other for gene sets in the "
            "data's own ids) and that the data carry gene symbols (a symbol column "
            "in the count matrix, gene_name attributes in the GTF); an annotation of a few "
            "genes (a subset) cannot be scored at all",
            field=field,
        )


def curated_sets() -> pd.DataFrame:
    """The curated neutrophil programs as a long table."""
    return read_gmt(curated_gmt_path(), collection="tenseq_neutrophil_programs")
