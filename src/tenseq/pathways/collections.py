"""Gather the gene-set collections and pathway models a run scores, and record where each came from.

Order of preference for every collection: a path the user gives, the cache
(checksum verified), a fresh download, and otherwise none, with a warning. The
curated neutrophil programs ship with tenseq and are always available, so an
offline run still scores the cytotoxic program.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq import io
from tenseq.pathways import genesets, msigdb, progeny

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = ["collection", "origin", "status", "path", "sha256", "n_sets", "n_genes", "note"]


def _row(collection: str, origin: str, status: str, path: Any, sha: str, sets, note: str) -> dict:
    n_sets = int(sets["source"].nunique()) if sets is not None else 0
    n_genes = int(sets["target"].nunique()) if sets is not None else 0
    return dict(
        zip(
            MANIFEST_COLUMNS,
            [collection, origin, status, str(path or ""), sha, n_sets, n_genes, note],
            strict=True,
        )
    )


def gather_gene_sets(settings: dict[str, Any], species: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All gene sets of the run in the data's species, and a manifest of the collections."""
    parts: list[pd.DataFrame] = []
    manifest: list[dict] = []
    if settings["curated"] and species != "other":
        sets = genesets.curated_sets()
        parts.append(sets)
        path = genesets.curated_gmt_path()
        manifest.append(
            _row(
                "tenseq_neutrophil_programs", "curated", "shipped", path, io.sha256(path), sets, ""
            )
        )
    if species != "other":
        options = settings["msigdb"]
        for name in options["collections"]:
            got = msigdb.obtain(
                name, species, options["version"], settings["cache_dir"], timeout=options["timeout"]
            )
            collection = f"msigdb_{msigdb.category(name, species)}"
            if got.path is None:
                log.warning(got.message)
                manifest.append(_row(collection, "msigdb", got.status, "", "", None, got.message))
                continue
            log.info(got.message)
            sets = genesets.read_gmt(got.path, collection=collection)
            parts.append(sets)
            manifest.append(_row(collection, "msigdb", got.status, got.path, got.sha256, sets, ""))
    for path in settings["gene_sets"]:
        sets = genesets.read_gmt(path)
        parts.append(sets)
        manifest.append(_row(Path(path).name, "user", "given", path, io.sha256(path), sets, ""))
    if not parts:
        return pd.DataFrame(columns=genesets.COLUMNS), pd.DataFrame(
            manifest, columns=MANIFEST_COLUMNS
        )
    sets = pd.concat(parts, ignore_index=True)
    if species != "other":
        orthologs = pd.read_csv(settings["orthologs"], sep="\t") if settings["orthologs"] else None
        sets, notes = genesets.map_collections(sets, species, orthologs)
        for note in notes:
            log.info(note)
    return sets, pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)


def gather_progeny(settings: dict[str, Any], species: str) -> tuple[pd.DataFrame, dict]:
    """The PROGENy model (empty when unavailable or switched off) and its manifest row."""
    options = settings["progeny"]
    empty = pd.DataFrame(columns=list(progeny.COLUMNS))
    if not options["activate"] or species == "other":
        return empty, _row(
            "progeny", "decoupler", "off", "", "", None, "switched off or species other"
        )
    if options["path"]:
        model = progeny.read_model(options["path"])
        return model, _row(
            "progeny", "user", "given", options["path"], io.sha256(options["path"]), model, ""
        )
    got = progeny.obtain(
        species, options["top"], settings["cache_dir"], timeout=settings["msigdb"]["timeout"]
    )
    if got.path is None:
        log.warning(got.message)
        return empty, _row("progeny", "decoupler", got.status, "", "", None, got.message)
    log.info(got.message)
    model = progeny.read_model(got.path)
    return model, _row("progeny", "decoupler", got.status, got.path, got.sha256, model, "")
