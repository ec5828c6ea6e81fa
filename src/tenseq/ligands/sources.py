"""Reading what the ligand stage needs: signatures, orthologs, receptor pairs, secretome.

The I/O side of :mod:`tenseq.ligands.stage`: :func:`load_tables` reads every
file, package resource and liana resource the stage's settings
(:class:`tenseq.ligands.settings.Settings`) name, once, so that
:meth:`tenseq.ligands.stage.Context.build` works on loaded tables only;
:func:`load_context` also reads the run's gene sets and cytotoxicity table, for the
workflow's wrapper. :mod:`tenseq.ligands.validation` and the benchmarks call them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import anndata as ad
import pandas as pd

from tenseq import io
from tenseq.errors import InputError
from tenseq.ligands import signatures
from tenseq.ligands.settings import Settings
from tenseq.ligands.stage import Context, Tables
from tenseq.pathways import cytotoxicity as programs

log = logging.getLogger(__name__)


def load_tables(settings: Settings) -> Tables:
    """The signatures of ``settings.sources`` and the tables the other settings name."""
    return Tables(
        signatures={source: signatures.load_signature(source) for source in settings.sources},
        curated=signatures.curated_ligands(),
        orthologs=read_orthologs(settings.orthologs),
        pairs=receptor_pairs(settings.receptors, settings.species),
        secretome=read_secretome(settings.secretome),
    )


def load_context(
    adata: ad.AnnData,
    settings: Settings,
    *,
    sets: str | os.PathLike[str],
    cytotoxicity: str | os.PathLike[str],
) -> Context:
    """The stage's context of a run: its tables loaded, the program's genes taken from ``sets``.

    ``sets`` is the run's gene-set table (where ``settings.programs`` are looked up) and
    ``cytotoxicity`` its cytotoxicity table; what each source maps of the data is logged.
    """
    program = programs.program_genes(io.read_tsv(sets), settings.programs)
    table = io.read_tsv(cytotoxicity)
    context = Context.build(adata, load_tables(settings), settings, program, table)
    for note in context.notes:
        log.info(note)
    return context


def read_orthologs(path: str | None) -> pd.DataFrame | None:
    """The human_symbol/mouse_symbol table, or None (signature genes are then re-cased)."""
    return pd.read_csv(path, sep="\t") if path else None


def receptor_pairs(path: str | None, species: str) -> pd.DataFrame:
    """Ligand/receptor pairs: the user's TSV, else liana's consensus resource of the species."""
    if path:
        pairs = pd.read_csv(path, sep="\t")
        if not {"ligand", "receptor"} <= set(pairs.columns):
            raise InputError(path, "needs columns ligand and receptor", "rename the columns", row=1)
        return pairs[["ligand", "receptor"]]
    import liana

    resource = "mouseconsensus" if species == "mouse" else "consensus"
    return liana.resource.select_resource(resource)[["ligand", "receptor"]]


def read_secretome(path: str | None) -> set[str] | None:
    """What the tumor secretes: one gene symbol per line, or a table's gene_name column."""
    if not path:
        return None
    text = Path(path).read_text().splitlines()
    if text and "\t" in text[0]:
        table = pd.read_csv(path, sep="\t")
        if "gene_name" not in table.columns:
            raise InputError(path, "a table needs a gene_name column", "add one", row=1)
        return set(table["gene_name"].astype(str))
    return {line.strip() for line in text if line.strip() and not line.startswith("#")}
