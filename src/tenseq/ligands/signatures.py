"""Ligand response signatures and ligand names across species.

Signatures are genes x ligands matrices of transcriptional responses to each
ligand (human genes). Built in: CytoSig (Jiang et al. 2021, Nat Methods
18:1181) in two versions, ``cytosig`` (its 43 high-confidence cytokines, as
``secactpy`` ships it) and ``cytosig_expand`` (the 51-cytokine signature of the
``CytoSig`` package, ``CytoSig_run.py -s 1``: a less stringent filter on the
treatment experiments, more experiments per cytokine, 6,466 genes, and TGFA,
TGFB2, NRG1, IGF1, INS, GDNF, HMGB1 and PGE2 added), and SecAct (Ru et al. 2025;
~1,170 secreted proteins, from ``secactpy``); users may add their own TSV
matrices. Each ligand is identified by its human gene symbol, so the same
ligand from two sources lines up; a curated table (``resources/ligands``) fixes
the names automatic tables get wrong and gives each ligand its mouse symbol,
family and key receptors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tenseq.errors import InputError
from tenseq.shipped import resource

CURATED = ("ligands", "ligands_mouse.tsv")
BUILT_IN = ("cytosig", "cytosig_expand", "secact")
CYTOSIG_PACKAGE = "CytoSig==0.0.3"


def curated_ligands(path: str | Path | None = None) -> pd.DataFrame:
    """The curated ligand table (mouse_symbol, human_symbol, cytosig, family, receptors, note).

    ``path`` defaults to the table shipped in ``resources/ligands/``.
    """
    path = resource(*CURATED) if path is None else path
    table = pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)
    return table


def load_signature(source: str) -> pd.DataFrame:
    """A genes x ligands response matrix: 'cytosig', 'secact', or a TSV path (genes as rows)."""
    if source == "cytosig_expand":
        matrix = pd.read_csv(cytosig_package_file("signature.centroid.expand"), sep="\t")
    elif source in BUILT_IN:
        import secactpy

        matrix = secactpy.load_cytosig() if source == "cytosig" else secactpy.load_secact()
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(
                source,
                "signature file not found",
                "give 'cytosig', 'cytosig_expand', 'secact' or a genes x ligands TSV",
            )
        matrix = pd.read_csv(path, sep="\t", index_col=0)
        if matrix.empty or not all(np.issubdtype(t, np.number) for t in matrix.dtypes):
            raise InputError(
                source,
                "the signature must be numeric, genes as rows and ligands as columns",
                "write a tab-separated matrix with a gene column first",
                row=1,
            )
    matrix = matrix.groupby(level=0).mean()  # duplicated genes averaged
    return matrix.astype(float).fillna(0.0)


def source_name(source: str) -> str:
    """A source's name in tables and logs: a built-in's own, a TSV's file stem."""
    return source if source in BUILT_IN else Path(source).stem


def cytosig_package_file(name: str) -> Path:
    """A signature file of the installed ``CytoSig`` package.

    The package installs its signatures as data files beside the environment's
    scripts (``bin/``); they are found through the package's installed-file
    record, without importing it (its module needs a compiled dependency
    tenseq does not use).
    """
    from importlib.metadata import PackageNotFoundError, files

    try:
        recorded = files("CytoSig") or []
    except PackageNotFoundError:
        recorded = []
    for entry in recorded:
        if entry.name == name and Path(entry.locate()).is_file():
            return Path(entry.locate())
    raise InputError(
        "cytosig_expand",
        f"the CytoSig package's {name} is not installed",
        f"run make setup, or pip install --no-deps {CYTOSIG_PACKAGE}; "
        "or use ligands.sources: [cytosig, secact]",
    )


def ligand_symbols(columns: list[str], curated: pd.DataFrame) -> dict[str, str]:
    """Signature column -> human symbol: CytoSig names (GCSF) through the curated table."""
    by_cytosig = {r.cytosig: r.human_symbol or r.cytosig for r in curated.itertuples() if r.cytosig}
    return {c: by_cytosig.get(c, c) for c in columns}


def mouse_symbol(human: str, curated: pd.DataFrame, orthologs: pd.DataFrame | None) -> str:
    """Mouse symbol of a ligand: curated first, then the ortholog table, then re-casing."""
    hit = curated.loc[curated["human_symbol"] == human, "mouse_symbol"]
    if len(hit) and hit.iloc[0]:
        return hit.iloc[0]
    if orthologs is not None:
        match = orthologs.loc[orthologs["human_symbol"] == human, "mouse_symbol"].dropna()
        if len(match) == 1:
            return str(match.iloc[0])
    return human.capitalize()


def map_genes(
    signature: pd.DataFrame, species: str, orthologs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, str]:
    """Signature genes in the data's species; returns the matrix and a note.

    With an ortholog table only one-to-one pairs are used (a human gene with
    several mouse orthologs, or the reverse, is dropped rather than guessed);
    without one, symbols are re-cased (CXCL10 -> Cxcl10).
    """
    if species == "human":
        return signature, "signature genes are human: used as they are"
    if orthologs is None:
        mapped = signature.copy()
        mapped.index = [g.capitalize() for g in signature.index]
        mapped = mapped.groupby(level=0).mean()
        return mapped, "no ortholog table: human symbols re-cased to mouse"
    pairs = orthologs[["human_symbol", "mouse_symbol"]].dropna().drop_duplicates()
    one_to_one = pairs[
        ~pairs["human_symbol"].duplicated(keep=False)
        & ~pairs["mouse_symbol"].duplicated(keep=False)
    ]
    table = one_to_one.set_index("human_symbol")["mouse_symbol"]
    kept = signature.index.intersection(table.index)
    mapped = signature.loc[kept].set_axis(table.loc[kept].to_numpy())
    return mapped, (
        f"{len(kept)} of {len(signature)} signature genes "
        f"({len(kept) / len(signature):.1%}) have a one-to-one mouse ortholog"
    )


def coverage(signature: pd.DataFrame, genes: pd.Index) -> float:
    """Fraction of the signature's genes present in the data."""
    return float(signature.index.isin(genes).mean())
