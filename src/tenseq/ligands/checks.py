"""The ligand stage's inputs checked at start-up: signatures, orthologs, receptors, secretome.

Called by :func:`tenseq.inputs.load_inputs`. A failure here blocks this stage only;
counting, differential expression and pathway scoring run either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from tenseq.errors import InputError
from tenseq.inputs.files import check_readable_file, resolve
from tenseq.pathways.checks import pathways_enabled, read_orthologs


def check_ligands(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str] = ()
) -> None:
    """User signature, ortholog, receptor and secretome files readable; signatures map to the data.

    A signature whose genes (after orthology) miss the data entirely would make
    every ligand score noise, so it stops the run here, not after DE.
    """
    from tenseq.ligands.signatures import BUILT_IN, cytosig_package_file, map_genes

    settings = config["ligands"]
    if not (settings["activate"] and pathways_enabled(config)):
        return
    if config["reference"]["species"] == "other":
        return
    for key in ("receptors", "secretome"):
        if settings[key]:
            check_readable_file(resolve(settings[key], workdir), label, None, f"ligands.{key}")
    orthologs = read_orthologs(settings["orthologs"], label, workdir, "ligands.orthologs")
    universe = set(universe)
    for i, source in enumerate(settings["sources"]):
        if source == "cytosig_expand":
            cytosig_package_file("signature.centroid.expand")  # installed, before any work
        if source in BUILT_IN:
            continue
        path = resolve(source, workdir)
        check_readable_file(path, label, None, f"ligands.sources[{i}]")
        matrix = pd.read_csv(path, sep="\t", index_col=0)
        numeric = matrix.apply(pd.to_numeric, errors="coerce")
        if matrix.empty or numeric.isna().to_numpy().any():
            raise InputError(
                source,
                "the signature must be numbers, genes as rows and ligands as columns",
                "write a tab-separated matrix: a gene column, then one column per ligand",
                row=1,
            )
        mapped, note = map_genes(numeric, config["reference"]["species"], orthologs)
        if universe and len(mapped.index.intersection(list(universe))) < 10:
            example = ", ".join(list(matrix.index[:3]))
            raise InputError(
                source,
                f"fewer than 10 signature genes map to the data (genes look like {example}; "
                f"{note})",
                "use gene symbols (human signatures are mapped to mouse through "
                "ligands.orthologs or by case), or drop this source",
                field=f"ligands.sources[{i}]",
            )
