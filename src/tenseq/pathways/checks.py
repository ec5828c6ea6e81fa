"""The pathway stage's inputs checked at start-up: gene-set files, orthologs, programs.

Called by :func:`tenseq.inputs.load_inputs`. A failure here blocks this stage (and
the ligand stage, which reads its outputs), not counting and differential expression.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq.errors import InputError
from tenseq.inputs.files import check_readable_file, resolve


def pathways_enabled(config: dict[str, Any]) -> bool:
    """Whether the pathway stage runs: contrasts exist and some gene sets fit the species.

    The curated programs use mouse symbols (mapped to human on demand); for any
    other species only the user's own GMT files can be scored.
    """
    settings = config["pathways"]
    if not (settings["activate"] and config["de"]["contrasts"]):
        return False
    return config["reference"]["species"] != "other" or bool(settings["gene_sets"])


def read_orthologs(path: str | None, label: str, workdir: Path, field: str) -> pd.DataFrame | None:
    """An ortholog table (human_symbol, mouse_symbol), readable and with those columns."""
    if not path:
        return None
    full = resolve(path, workdir)
    check_readable_file(full, label, None, field)
    orthologs = pd.read_csv(full, sep="\t")
    if not {"human_symbol", "mouse_symbol"} <= set(orthologs.columns):
        raise InputError(
            str(path),
            f"columns are {', '.join(orthologs.columns[:4])}...",
            "give a tab-separated table with columns human_symbol and mouse_symbol",
            row=1,
        )
    return orthologs


def check_pathways(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str] = ()
) -> None:
    """Gene-set files are readable GMT sharing genes with the data; programs exist.

    ``universe`` holds the data's gene names (count matrix or GTF); when given,
    every gene-set file and the cytotoxicity program must overlap it, which
    catches a wrong ``reference.species`` or gene ids where symbols are needed.
    """
    from tenseq.pathways.genesets import check_overlap, curated_sets, map_species, read_gmt

    if not pathways_enabled(config):
        return
    settings = config["pathways"]
    species = config["reference"]["species"]
    orthologs = read_orthologs(settings["orthologs"], label, workdir, "pathways.orthologs")
    universe = set(universe)
    collections: list[tuple[str, str, pd.DataFrame]] = []
    for i, path in enumerate(settings["gene_sets"]):
        full = resolve(path, workdir)
        check_readable_file(full, label, None, f"pathways.gene_sets[{i}]")
        collections.append((str(path), f"pathways.gene_sets[{i}]", read_gmt(full)))
    scorable = species != "other"
    if settings["curated"] and scorable:
        collections.append(("curated programs", "pathways.curated", curated_sets()))
    names: set[str] = set()
    program_genes: set[str] = set()
    for source, field, sets in collections:
        names |= set(sets["source"])
        mapped = map_species(sets, species, orthologs)[0] if scorable else sets
        program_genes |= set(
            mapped.loc[mapped["source"].isin(settings["cytotoxicity_programs"]), "target"]
        )
        if universe:
            check_overlap(
                mapped, universe, source, field=field if source == "curated programs" else None
            )
    missing = [p for p in settings["cytotoxicity_programs"] if p not in names]
    if missing:
        hint = (
            "the curated TENSEQ_ programs use mouse/human symbols; with species 'other' "
            "name a set from your own GMT files"
            if not scorable
            else "use a set name from the curated programs or from pathways.gene_sets"
        )
        close = difflib.get_close_matches(missing[0], sorted(names), n=1, cutoff=0.6)
        raise InputError(
            label,
            f"cytotoxicity program '{missing[0]}' is not a gene set of this run",
            (f"did you mean '{close[0]}'? " if close else "") + hint,
            field="pathways.cytotoxicity_programs",
        )
    if universe and len(program_genes & universe) < 2:
        raise InputError(
            label,
            f"only {len(program_genes & universe)} gene(s) of the cytotoxicity programs "
            "are in the data",
            "the score needs at least 2: check reference.species and the gene names, or "
            "choose other sets in pathways.cytotoxicity_programs",
            field="pathways.cytotoxicity_programs",
        )
