"""Score the ligand table against real treatments with one known ligand.

A case is a count matrix, a sample sheet, a design and contrasts whose true
upstream ligand is known (cells treated with IL-13 or IFN-gamma; a no-ligand
arm). :func:`run_case` takes it through the pipeline's own steps (sample QC
with the VST, pydeseq2 contrasts, the cytotoxicity score, the ligand table);
:func:`summarize` reads off where the truth landed, beside the ranks plain
secactpy gives on the same DESeq2 statistic (the peers); :func:`permuted_sheet`
makes label-permuted nulls (within donor when paired).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anndata as ad
import numpy as np
import pandas as pd
import yaml

from tenseq import de, sample_qc
from tenseq.ligands import activity as ligand_activity
from tenseq.ligands import sources, stage
from tenseq.ligands.settings import Settings
from tenseq.pathways import cytotoxicity, genesets
from tenseq.pathways import scoring as pathways
from tenseq.pathways import stage as pathway_stage

SCHEMA = Path("workflow", "schemas", "config.schema.yaml")


def default_settings(schema: str | Path) -> dict[str, Any]:
    """The ``ligands`` settings a run gets by default, read from the workflow's config schema.

    ``schema`` is ``workflow/schemas/config.schema.yaml`` (:data:`SCHEMA` under the
    project directory), so validation scores the table with the pipeline's own
    defaults, never a copy of them. The ``activate`` switch is not a setting of the
    stage and is left out.
    """
    tree = yaml.safe_load(Path(schema).read_text())
    section = tree["properties"]["ligands"]
    if "$ref" in section:  # "#/$defs/ligands"
        for part in section["$ref"].removeprefix("#/").split("/"):
            tree = tree[part]
        section = tree
    return {
        key: copy.deepcopy(spec["default"])
        for key, spec in section["properties"].items()
        if "default" in spec and key != "activate"
    }


@dataclass
class Case:
    """A real treatment experiment: counts (genes x samples), sheet, design, contrasts, truth."""

    name: str
    counts: pd.DataFrame
    gene_names: pd.Series
    sheet: pd.DataFrame
    design: str
    contrasts: list[dict[str, str]]
    truth: dict[str, set[str]] = field(default_factory=dict)  # contrast id -> ligand family
    species: str = "human"
    paired_by: str | None = None

    def adata(self, sheet: pd.DataFrame | None = None) -> ad.AnnData:
        """Samples x genes AnnData with raw counts, the sheet as obs (``sheet`` overrides)."""
        obs = (self.sheet if sheet is None else sheet).astype(str)
        counts = self.counts[obs.index].T
        out = ad.AnnData(
            X=counts.to_numpy(float),
            obs=obs,
            var=pd.DataFrame(
                {"gene_name": self.gene_names.astype(str).to_numpy()},
                index=counts.columns.astype(str),
            ),
        )
        out.var_names = counts.columns.astype(str)
        out.layers["counts"] = counts.to_numpy(np.int64)
        return out


def program_for(species: str, programs: Iterable[str] = cytotoxicity.DEFAULT_PROGRAMS) -> list[str]:
    """The curated cytotoxic program's genes in the data's species."""
    sets, _ = genesets.map_species(genesets.curated_sets(), species)
    return cytotoxicity.program_genes(sets, programs)


def run_case(
    case: Case,
    settings: dict[str, Any],
    sheet: pd.DataFrame | None = None,
    *,
    n_cpus: int = 1,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """DE tables and ligand tables per contrast, computed as the pipeline computes them.

    ``settings`` is a full ``ligands`` section (:func:`default_settings`, with any
    changes); ``sheet`` replaces the case's sample sheet (a permuted null).
    """
    adata = sample_qc.sample_qc(case.adata(sheet))
    # the ligand table reads the Wald statistic and the unshrunk fold change: no shrinkage
    tables = de.run_contrasts(adata, case.design, case.contrasts, shrink_lfc=False, n_cpus=n_cpus)
    expression = sample_qc.vst_by_symbol(adata)
    program = program_for(case.species)
    conditions = (
        adata.obs["condition"] if "condition" in adata.obs else pd.Series("", adata.obs_names)
    )
    contrasts = {c["id"]: tables[c["id"]] for c in case.contrasts}
    # the pipeline's default seed (pathways.seed)
    cyto = pathway_stage.cytotoxicity_table(expression, program, conditions, contrasts, seed=42)
    run = Settings.from_section(settings, species=case.species, design=case.design)
    context = stage.Context.build(adata, sources.load_tables(run), run, program, cyto)
    results = stage.run(context, contrasts)
    return tables, results.tables


PEERS = ("cytosig", "cytosig_expand", "secact")


def peer_ranks(stat: pd.Series, truth: set[str], *, n_rand: int = 1000) -> dict[str, Any]:
    """Rank of the best true ligand by plain secactpy z (descending) within each source.

    CytoSig (43), CytoSig's expanded signature (51) and SecAct (1,170), each alone.
    """
    from tenseq.ligands import signatures

    curated = signatures.curated_ligands()
    out: dict[str, Any] = {}
    for source in PEERS:
        signature = signatures.load_signature(source)
        symbols = signatures.ligand_symbols(list(signature.columns), curated)
        signature = signature.rename(columns=symbols)
        z = ligand_activity.ridge(stat.to_frame("c"), signature, n_rand=n_rand)["zscore"]["c"]
        ranks = z.rank(ascending=False, method="min")
        hits = [int(ranks[t]) for t in truth if t in ranks.index]
        out[source] = min(hits) if hits else None
        out[f"{source}_n"] = len(z)
    return out


def source_rows(table: pd.DataFrame, truth: set[str]) -> dict[str, int | None]:
    """The best true ligand's row in the table among the ligands each source covers.

    The like-for-like comparison with a peer: plain secactpy ranks one source's
    ligands (CytoSig's 43, SecAct's 1,170); this is the table's order of the same
    ligands. ``None`` where the source has no true ligand.
    """
    out: dict[str, int | None] = {}
    for source in PEERS:
        covered = table[[source in s.split(";") for s in table["sources"]]]
        rows = [i + 1 for i, ligand in enumerate(covered["ligand"]) if ligand in truth]
        out[f"{source}_row"] = min(rows) if rows else None
    return out


def auroc(scores: pd.Series, positives: set[str]) -> float:
    """Area under the ROC curve of ``scores`` (higher = more likely true) for the positives."""
    from scipy.stats import rankdata

    labels = scores.index.isin(list(positives))
    n_pos, n_neg = labels.sum(), (~labels).sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores.to_numpy())
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def n_calls(table: pd.DataFrame) -> int:
    """Ligands with a call (driver, suppressor, relieved suppressor, active, inactive)."""
    return int((table["call"] != "no call").sum())


def summarize(
    case: Case, de_tables: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], *,
    peers: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """One row per contrast: the truth's row, activity rank, call, calls, AUROC, peers."""
    rows = []
    for contrast in case.contrasts:
        cid = contrast["id"]
        table = tables[cid].set_index("ligand")
        truth = case.truth.get(cid, set())
        row: dict[str, Any] = {"case": case.name, "contrast": cid, "truth": "/".join(sorted(truth))}
        row["calls"] = n_calls(tables[cid])
        row["called"] = ",".join(tables[cid].loc[tables[cid]["call"] != "no call", "ligand"])
        present = [t for t in truth if t in table.index]
        if present:
            best = min(present, key=lambda t: table.loc[t, "rank"])
            by_activity = table["z"].rank(ascending=False, method="min")
            row.update(
                ligand=best,
                row=int(table.loc[best, "rank"]),
                activity_rank=int(by_activity[best]),
                call=table.loc[best, "call"],
                z=round(float(table.loc[best, "z"]), 2),
                auroc=round(auroc(-table["rank"].astype(float), set(present)), 4),
            )
            row.update(source_rows(tables[cid], set(present)))
            if peers:
                ranks = peer_ranks(pathways.ranking(de_tables[cid]), truth)
                row.update({f"{s}_rank": ranks[s] for s in PEERS})
        rows.append(row)
    return pd.DataFrame(rows)


def permuted_sheet(
    sheet: pd.DataFrame, contrast: dict[str, str], seed: int, paired_by: str | None = None
) -> pd.DataFrame:
    """The sheet with the contrast's two groups' labels shuffled (a null with no true effect).

    Paired: each donor's two labels are swapped with probability 1/2, so the
    donor structure stays. Unpaired: the labels of the two groups' samples are
    permuted, never reproducing the original split or its mirror image.
    """
    rng = np.random.default_rng(seed)
    out = sheet.copy()
    variable, levels = contrast["variable"], (contrast["target"], contrast["reference"])
    swap = {levels[0]: levels[1], levels[1]: levels[0]}
    if paired_by:
        donors = out[paired_by].unique()
        flipped = set(donors[rng.random(len(donors)) < 0.5])
        out[variable] = [
            swap.get(v, v) if d in flipped else v
            for v, d in zip(out[variable], out[paired_by], strict=True)
        ]
        return out
    idx = out.index[out[variable].isin(levels)]
    original = out.loc[idx, variable].to_numpy()
    for _ in range(1000):
        shuffled = rng.permutation(original)
        same = (shuffled == original).mean()
        if 0 < same < 1:
            break
    out.loc[idx, variable] = shuffled
    return out


def null_calls(
    case: Case, contrasts: Sequence[dict[str, str]], seeds: Sequence[int],
    settings: dict[str, Any], *, n_cpus: int = 1,
) -> pd.DataFrame:  # fmt: skip
    """Calls in label-permuted nulls: one row per (contrast, seed), with the ligands called."""
    rows = []
    for contrast in contrasts:
        for seed in seeds:
            sheet = permuted_sheet(case.sheet, contrast, seed, case.paired_by)
            single = Case(
                case.name, case.counts, case.gene_names, sheet, case.design, [contrast],
                species=case.species, paired_by=case.paired_by,
            )  # fmt: skip
            _, tables = run_case(single, settings, n_cpus=n_cpus)
            table = tables[contrast["id"]]
            rows.append(
                {"case": case.name, "contrast": contrast["id"], "seed": seed,
                 "calls": n_calls(table),
                 "called": ",".join(table.loc[table["call"] != "no call", "ligand"])}
            )  # fmt: skip
    return pd.DataFrame(rows)


def load_cases(root: str | Path) -> list[Case]:
    """The real treatments of a ``ligand_treatments`` folder (layout of its README).

    ``hbec_il13_seibold``: bronchial epithelium of 19 donors, IL-13 vs BSA,
    paired (``~ donor + condition``); the truth is IL-13 or its twin IL-4.
    ``mb135_ifng_fredhutch``: myoblasts, IFN-gamma vs untreated, the same in a
    DUX4-induced background, and DUX4 induction alone (no ligand added).
    """
    root = Path(root)
    cases = []
    hbec = root / "hbec_il13_seibold"
    if hbec.is_dir():
        counts = pd.read_csv(hbec / "secRna_353.tsv.gz", sep="\t", index_col=0)
        sheet = pd.read_csv(hbec / "samplesheet.tsv", sep="\t", index_col=0)
        cases.append(
            Case(
                "hbec_il13", counts, pd.Series(counts.index, index=counts.index), sheet,
                "~ donor + condition",
                [{"id": "IL13_vs_control", "variable": "condition", "target": "IL13",
                  "reference": "control"}],
                {"IL13_vs_control": {"IL13", "IL4"}}, paired_by="donor",
            )
        )  # fmt: skip
    mb135 = root / "mb135_ifng_fredhutch"
    if mb135.is_dir():
        counts = pd.read_csv(mb135 / "rse_cds_mRNA_counts.tsv.gz", sep="\t", index_col=0)
        names = counts.pop("gene_name")
        counts = counts.drop(columns="gene_type")
        sheet = pd.read_csv(mb135 / "samplesheet.tsv", sep="\t", index_col=0)
        contrasts = [
            ("IFNG_vs_control", "IFNG", "control"),
            ("DOX_pulse_IFNg_vs_DOX_pulse", "DOX_pulse_IFNg", "DOX_pulse"),
            ("DOX_pulse_vs_control", "DOX_pulse", "control"),
        ]
        cases.append(
            Case(
                "mb135_ifng", counts, names, sheet, "~ condition",
                [{"id": i, "variable": "condition", "target": t, "reference": r}
                 for i, t, r in contrasts],
                {"IFNG_vs_control": {"IFNG"}, "DOX_pulse_IFNg_vs_DOX_pulse": {"IFNG"},
                 "DOX_pulse_vs_control": set()},
            )
        )  # fmt: skip
    return cases
