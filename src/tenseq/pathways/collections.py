"""Gather the gene-set collections and pathway models a run scores, and record where each came from.

Order of preference for every collection: a path the user gives, the cache
(checksum verified), a fresh download, and otherwise none, with a warning. The
curated neutrophil programs ship with tenseq and are always available, so an
offline run still scores the cytotoxic program.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from tenseq import io
from tenseq.pathways import genesets, msigdb, progeny

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = ["collection", "origin", "status", "path", "sha256", "n_sets", "n_genes", "note"]


class Sources(NamedTuple):
    """Where a run's gene sets and PROGENy model come from: the config's ``pathways`` sources.

    Built by :meth:`from_config`. A tuple of plain values: the gene_sets rule passes it as
    its one param, and Snakemake reruns the rule when its repr changes.
    """

    species: str  # reference.species: collections in the data's species, none for 'other'
    curated: bool  # the neutrophil programs shipped with tenseq
    msigdb: tuple[str, ...]  # MSigDB collections to fetch (hallmark...)
    msigdb_version: str
    timeout: float  # seconds per download attempt (MSigDB and PROGENy)
    gene_sets: tuple[str, ...]  # the user's GMT files
    orthologs: str | None  # human_symbol/mouse_symbol TSV, or None: symbols re-cased
    progeny: bool  # score the PROGENy pathway model
    progeny_path: str | None  # the user's PROGENy table, or None: decoupler's, cached
    progeny_top: int  # footprint genes per pathway
    cache_dir: str  # where downloads are kept

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Sources:
        """The gene-set sources of a run's resolved config."""
        pathways = config["pathways"]
        msigdb, progeny = pathways["msigdb"], pathways["progeny"]
        return cls(
            species=config["reference"]["species"],
            curated=bool(pathways["curated"]),
            msigdb=tuple(msigdb["collections"]),
            msigdb_version=msigdb["version"],
            timeout=msigdb["timeout"],
            gene_sets=tuple(pathways["gene_sets"]),
            orthologs=pathways["orthologs"],
            progeny=bool(progeny["activate"]),
            progeny_path=progeny["path"],
            progeny_top=progeny["top"],
            cache_dir=pathways["cache_dir"],
        )


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


def gather_gene_sets(sources: Sources) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All gene sets of the run in the data's species, and a manifest of the collections."""
    species = sources.species
    parts: list[pd.DataFrame] = []
    manifest: list[dict] = []
    if sources.curated and species != "other":
        sets = genesets.curated_sets()
        parts.append(sets)
        path = genesets.curated_gmt_path()
        manifest.append(
            _row(
                "tenseq_neutrophil_programs", "curated", "shipped", path, io.sha256(path), sets, ""
            )
        )
    if species != "other":
        for name in sources.msigdb:
            got = msigdb.obtain(
                name, species, sources.msigdb_version, sources.cache_dir, timeout=sources.timeout
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
    for path in sources.gene_sets:
        sets = genesets.read_gmt(path)
        parts.append(sets)
        manifest.append(_row(Path(path).name, "user", "given", path, io.sha256(path), sets, ""))
    if not parts:
        return pd.DataFrame(columns=genesets.COLUMNS), pd.DataFrame(
            manifest, columns=MANIFEST_COLUMNS
        )
    sets = pd.concat(parts, ignore_index=True)
    if species != "other":
        orthologs = pd.read_csv(sources.orthologs, sep="\t") if sources.orthologs else None
        sets, notes = genesets.map_collections(sets, species, orthologs)
        for note in notes:
            log.info(note)
    return sets, pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)


def gather_progeny(sources: Sources) -> tuple[pd.DataFrame, dict]:
    """The PROGENy model (empty when unavailable or switched off) and its manifest row."""
    species, path = sources.species, sources.progeny_path
    empty = pd.DataFrame(columns=list(progeny.COLUMNS))
    if not sources.progeny or species == "other":
        return empty, _row(
            "progeny", "decoupler", "off", "", "", None, "switched off or species other"
        )
    if path:
        model = progeny.read_model(path)
        return model, _row("progeny", "user", "given", path, io.sha256(path), model, "")
    got = progeny.obtain(species, sources.progeny_top, sources.cache_dir, timeout=sources.timeout)
    if got.path is None:
        log.warning(got.message)
        return empty, _row("progeny", "decoupler", got.status, "", "", None, got.message)
    log.info(got.message)
    model = progeny.read_model(got.path)
    return model, _row("progeny", "decoupler", got.status, got.path, got.sha256, model, "")
