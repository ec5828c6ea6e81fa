"""Assemble the ligand table of a run: signatures, activities, receptors, effects, calls.

Glue between the pure functions of :mod:`tenseq.ligands.signatures`,
:mod:`tenseq.ligands.activity` and :mod:`tenseq.ligands.calls`; one
:class:`Context` per run holds what every contrast shares, and :func:`run`
computes the stage's outputs (:func:`annotated` adds them to the AnnData).
:class:`Settings` is all the stage is told of a run's config. Nothing here reads a
file: the signatures and tables come loaded (:class:`Tables`, read by
:mod:`tenseq.ligands.sources`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import anndata as ad
import numpy as np
import pandas as pd

from tenseq import sample_qc
from tenseq.errors import InputError
from tenseq.ligands import activity as ligand_activity
from tenseq.ligands import calls as ligand_calls
from tenseq.ligands import selection as ligand_selection
from tenseq.ligands import signatures as ligands
from tenseq.ligands.settings import Settings
from tenseq.pathways import scoring as pathways

log = logging.getLogger(__name__)

COLUMNS = [
    "rank", "ligand", "mouse_symbol", "family", "sources", "activity", "z", "pvalue", "fdr",
    "z_raw", "inflation", "null", "z_by_source", "ulm_score", "z_conditional", "fdr_conditional",
    "selected", "explained_by", "receptor", "receptor_expressed", "targets", "program_z",
    "sample_rho", "cytotoxic_effect", "downstream_of", "family_z", "family_rank", "family_call",
    "in_secretome", "candidate", "call", "evidence",
]  # fmt: skip


@dataclass(frozen=True)
class Tables:
    """What the stage reads, loaded (by :func:`tenseq.ligands.sources.load_tables`)."""

    signatures: dict[str, pd.DataFrame]  # configured source -> genes x ligands, as shipped
    curated: pd.DataFrame  # the curated ligand table (signatures.curated_ligands)
    orthologs: pd.DataFrame | None  # human_symbol/mouse_symbol, or None: re-cased
    pairs: pd.DataFrame  # ligand/receptor pairs
    secretome: set[str] | None  # what the tumor secretes, or None: not known


@dataclass
class Context:
    """Everything the contrasts of one run share."""

    settings: Settings
    species: str
    signatures: dict[str, pd.DataFrame]  # per source: genes (data's symbols) x ligands (human)
    curated: pd.DataFrame
    pairs: pd.DataFrame | None
    expression: pd.DataFrame  # genes (symbols) x samples, variance-stabilized
    residuals: pd.DataFrame  # residual effects of the design model, d x genes
    program: list[str]
    cytotoxicity: pd.DataFrame
    secretome: set[str] | None
    orthologs: pd.DataFrame | None
    coverage: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    operators: dict[tuple, Any] = field(default_factory=dict)  # ridge maps, shared by contrasts

    @classmethod
    def build(
        cls,
        adata: ad.AnnData,
        tables: Tables,
        settings: Settings,
        program: list[str],
        cytotoxicity: pd.DataFrame,
    ) -> Context:
        """Map the loaded signatures to the data's genes once for all contrasts.

        The residual effects come from the full design model on the
        variance-stabilized layer (paired designs keep their donor terms).
        """
        species, design = settings.species, settings.design
        expression = sample_qc.vst_by_symbol(adata).T
        residuals = ligand_activity.residual_effects(
            expression, ligand_activity.design_matrix(adata.obs, design)
        )
        signatures, coverage = {}, []
        notes = [_null_note(len(residuals), settings.min_residual_df, design)]
        for source, raw in tables.signatures.items():
            mapped, note = ligands.map_genes(raw, species, tables.orthologs)
            name = ligands.source_name(source)
            fraction = ligands.coverage(mapped, expression.index)
            mapped = mapped.loc[mapped.index.intersection(expression.index)]
            if len(mapped) < 10:
                raise InputError(
                    source,
                    f"only {len(mapped)} signature genes are in the data after mapping ({note})",
                    "check reference.species and ligands.orthologs (human_symbol, "
                    "mouse_symbol), or drop this source",
                )
            symbols = ligands.ligand_symbols(list(mapped.columns), tables.curated)
            mapped = mapped.rename(columns=symbols)
            signatures[name] = mapped.loc[:, ~mapped.columns.duplicated()]
            coverage.append(
                {
                    "source": name,
                    "ligands": mapped.shape[1],
                    "signature_genes": len(raw),
                    "genes_in_data": len(mapped),
                    "fraction_in_data": round(fraction, 4),
                    "mapping": note,
                }
            )
            notes.append(
                f"{name}: {mapped.shape[1]} ligands, {len(mapped)} of {len(raw)} signature "
                f"genes in the data ({fraction:.1%}); {note}"
            )
        return cls(
            settings, species, signatures, tables.curated, tables.pairs, expression, residuals,
            program, cytotoxicity, tables.secretome, tables.orthologs, coverage, notes,
        )  # fmt: skip

    def mouse_symbol(self, human: str) -> str:
        """The ligand's gene symbol in the data's species."""
        if self.species == "human":
            return human
        return ligands.mouse_symbol(human, self.curated, self.orthologs)

    def family(self, human: str) -> str:
        """The ligand's curated family (its own name when it has none)."""
        hit = self.curated.loc[self.curated["human_symbol"] == human, "family"]
        return hit.iloc[0] if len(hit) and hit.iloc[0] else human


def _null_note(dof: int, min_dof: int, design: str) -> str:
    """What the contrasts' null is, in words for the log."""
    if dof < min_dof:
        return (
            f"design '{design}' leaves {dof} residual degrees of freedom (< "
            f"ligands.min_residual_df = {min_dof}): the correlation between genes cannot be "
            "estimated, so ligand p-values use the gene-permutation null alone and are "
            "optimistic (column 'null' says so)"
        )
    return (
        f"design '{design}' leaves {dof} residual degrees of freedom: ligand scores are "
        "tested against rotations of the residual effects (correlation between genes kept)"
    )


def sample_activity(context: Context) -> pd.DataFrame:
    """Per-sample ridge z for every source: rows (source, ligand), columns samples."""
    parts = []
    for name, signature in context.signatures.items():
        z = ligand_activity.sample_activity(
            context.expression.loc[signature.index],
            signature,
            {},
            n_rand=context.settings.permutations,
            seed=context.settings.seed,
        )
        z.index = pd.MultiIndex.from_product([[name], z.index], names=["source", "ligand"])
        parts.append(z)
    return pd.concat(parts)


def combined_samples(samples: pd.DataFrame) -> pd.DataFrame:
    """Stouffer-combined per-sample activity (ligands x samples) over sources."""
    grouped = samples.groupby(level="ligand")
    return grouped.sum() / np.sqrt(grouped.count())


def run_evidence(context: Context, combined: pd.DataFrame) -> pd.DataFrame:
    """Per-ligand evidence shared by every contrast: program_z and sample_rho.

    ``program_z``: does the ligand's own signature raise the program genes (mean
    over the sources that cover it); ``sample_rho``: Spearman of its per-sample
    activity (``combined``, ligands x samples) with the per-sample cytotoxicity score.
    """
    seed = context.settings.seed
    program_z = pd.concat(
        [
            ligand_calls.program_in_signature(sig, context.program, seed=seed)["program_z"]
            for sig in context.signatures.values()
        ]
    )
    score = context.cytotoxicity.query("level == 'sample'").set_index("name")["score"]
    rho = ligand_calls.sample_correlation(combined, score)
    return pd.DataFrame(
        {"program_z": program_z.groupby(level=0).mean(), "sample_rho": rho["sample_rho"]}
    )


def program_direction(context: Context, contrast: str) -> float:
    """+1/-1: the cytotoxic program is significantly higher/lower in the target group; else 0."""
    effect = context.cytotoxicity.query("level == 'contrast'").set_index("name")
    if contrast not in effect.index:
        return 0.0
    row = effect.loc[contrast]
    significant = np.isfinite(row["pvalue"]) and row["pvalue"] < context.settings.alpha
    return float(np.sign(row["score"])) if significant else 0.0


def receptors(context: Context, mouse_symbols: pd.Series, de: pd.DataFrame) -> pd.DataFrame:
    """Expressed receptors of each ligand ('receptor' in words, 'receptor_expressed')."""
    expressed = ligand_calls.expressed_genes(de, min_base_mean=context.settings.min_base_mean)
    options = [
        ligand_calls.receptor_options(m, context.curated, context.pairs) for m in mouse_symbols
    ]
    checks = [ligand_calls.receptor_check(o, expressed) for o in options]
    return pd.DataFrame(
        {
            "receptor": [
                r[0] if r[1] else ("none known" if not o else "not expressed: " + ";".join(o))
                for r, o in zip(checks, options, strict=True)
            ],
            "receptor_expressed": [r[1] for r in checks],
        },
        index=mouse_symbols.index,
    )


def contrast_table(
    context: Context, contrast: str, de: pd.DataFrame, evidence: pd.DataFrame
) -> pd.DataFrame:
    """The ranked ligand table of one contrast (columns :data:`COLUMNS`).

    ``evidence`` is :func:`run_evidence`, computed once for all contrasts.
    """
    settings = context.settings
    alpha = settings.alpha
    stat = pathways.ranking(de)
    fits = {
        name: ligand_activity.SourceFit.build(
            stat,
            signature,
            context.residuals,
            min_dof=settings.min_residual_df,
            operators=context.operators,
        )
        for name, signature in context.signatures.items()
    }
    signatures = {name: fit.signature for name, fit in fits.items()}
    per_source = [ligand_activity.contrast_activity(stat, fit, name) for name, fit in fits.items()]
    table = ligand_activity.combine_sources(pd.concat(per_source, ignore_index=True))
    table = table.set_index("ligand", drop=False)
    table["mouse_symbol"] = table["ligand"].map(context.mouse_symbol)
    table["family"] = table["ligand"].map(context.family)
    table = table.join(receptors(context, table["mouse_symbol"], de))
    table["activity"] = np.where(table["z"] > 0, "up", "down")
    significant = table.loc[table["fdr"] < alpha, "z"].abs().sort_values(ascending=False).index
    table["downstream_of"] = ligand_calls.downstream_of(
        table, de, signatures, upstream=list(significant)
    )
    eligible = set(table.index[table["receptor_expressed"] & (table["downstream_of"] == "")])
    evaluate = ligand_selection.evaluator(fits)
    selected, conditional = ligand_selection.forward_select(
        evaluate, eligible, table["family"].to_dict(),
        alpha=alpha, max_selected=settings.max_selected,
    )  # fmt: skip
    table["z_conditional"] = conditional
    table["fdr_conditional"] = ligand_selection.fdr(table["z_conditional"])
    table["selected"] = table["ligand"].isin(selected)
    explained = (
        (table["fdr"] < alpha)
        & ~table["selected"]
        & (
            (table["fdr_conditional"] >= alpha)
            | (np.sign(table["z_conditional"]) != np.sign(table["z"]))
        )
    )
    nearest = _explaining(signatures, selected, table["z"])
    table["explained_by"] = np.where(explained, table["ligand"].map(nearest).fillna(""), "")
    table["targets"] = ligand_calls.target_genes(signatures, stat, table["z"])
    table["program_z"] = table["ligand"].map(evidence["program_z"])
    table["sample_rho"] = table["ligand"].map(evidence["sample_rho"])
    direction = program_direction(context, contrast)
    effect = context.cytotoxicity.query("level == 'contrast'").set_index("name")["score"]
    table["cytotoxic_effect"] = np.where(
        np.sign(table["z"]) == np.sign(effect.get(contrast, 0.0)), "raises", "lowers"
    )
    table = table.reset_index(drop=True)
    table = pd.concat([table, ligand_calls.family_scores(table)], axis=1)
    table["in_secretome"] = (
        table["mouse_symbol"].isin(context.secretome) if context.secretome is not None else ""
    )
    if context.secretome is not None and settings.restrict_to_secretome:
        table = table[table["in_secretome"].astype(bool)].reset_index(drop=True)
    table["candidate"] = np.select(
        [
            table["downstream_of"] != "",
            table["explained_by"] != "",
            ~table["receptor_expressed"],
        ],
        ["downstream responder", "explained by " + table["explained_by"], "no expressed receptor"],
        "primary",
    )
    calls = [ligand_calls.call(row, direction, alpha=alpha) for _, row in table.iterrows()]
    table["call"] = [c[0] for c in calls]
    table["evidence"] = [c[1] for c in calls]
    table["family_call"] = ligand_calls.family_calls(table, direction, alpha=alpha)
    table = rank(table, selected)
    return table[COLUMNS]


def rank(table: pd.DataFrame, selected: list[str]) -> pd.DataFrame:
    """The table in the order a user reads it, with a ``rank`` column (1 = first).

    Called ligands first, in the order forward selection chose them (each the
    one that explains the contrast best beyond those before); then primary
    candidates (an expressed receptor, neither a responder nor explained by a
    called ligand); then the rest; each part by FDR, then |z|.
    """
    order = {ligand: i for i, ligand in enumerate(selected)}
    tier = np.where(table["call"] != "no call", 0, np.where(table["candidate"] == "primary", 1, 2))
    key = pd.DataFrame(
        {
            "tier": tier,
            "step": table["ligand"].map(order).fillna(len(order)).to_numpy(),
            "fdr": table["fdr"].to_numpy(),
            "strength": -table["z"].abs().to_numpy(),
            "ligand": table["ligand"].to_numpy(),
        }
    )
    ordered = table.iloc[
        key.sort_values(["tier", "step", "fdr", "strength", "ligand"], kind="mergesort").index
    ].reset_index(drop=True)
    ordered.insert(0, "rank", np.arange(1, len(ordered) + 1))
    return ordered


def _explaining(
    signatures: dict[str, pd.DataFrame], selected: list[str], z: pd.Series
) -> pd.Series:
    """Per ligand, the selected ligand whose signature accounts for its activity (first source)."""
    parts = []
    for signature in signatures.values():
        chosen = [s for s in selected if s in signature.columns]
        if chosen:
            parts.append(
                ligand_calls.explaining_ligand(signature, chosen, z.reindex(signature.columns))
            )
    if not parts:
        return pd.Series(dtype=object)
    nearest = pd.concat(parts)
    return nearest[~nearest.index.duplicated()]


def top_signatures(
    context: Context, table: pd.DataFrame, stat: pd.Series, n: int = 4
) -> pd.DataFrame:
    """What the signature plot draws: the table's ``n`` top ligands' weights against ``stat``.

    Each ligand in the first source that covers it. Long format, one row per
    (signature, gene) over the genes the signature and the statistic share:
    ``signature`` ("IFNG (cytosig)", in table order), ``gene``, ``weight``,
    ``stat`` (the contrast's Wald statistic), ``target`` (one of the ligand's
    targets in the table) and ``program`` (a cytotoxic program gene). The compute
    job stores it in ligands.h5ad, so the plot jobs need not rebuild the signatures.
    """
    parts = []
    for row in table.head(n).itertuples():
        for name, signature in context.signatures.items():
            if row.ligand in signature.columns:
                weights = signature[row.ligand]
                weights = weights[weights.index.isin(stat.index)]
                targets = [g for g in str(row.targets).split(",") if g]
                parts.append(
                    pd.DataFrame(
                        {
                            "signature": f"{row.ligand} ({name})",
                            "gene": weights.index.astype(str),
                            "weight": weights.to_numpy(float),
                            "stat": stat.reindex(weights.index).to_numpy(float),
                            "target": weights.index.isin(targets),
                            "program": weights.index.isin(context.program),
                        }
                    )
                )
                break
    if not parts:
        columns = ["signature", "gene", "weight", "stat", "target", "program"]
        return pd.DataFrame({c: [] for c in columns})
    return pd.concat(parts, ignore_index=True)


@dataclass
class Results:
    """What the stage computes for a run: the outputs the wrapper writes."""

    samples: pd.DataFrame  # per-sample z: rows (source, ligand), columns samples
    tables: dict[str, pd.DataFrame]  # contrast -> the ranked ligand table (COLUMNS)
    top: dict[str, pd.DataFrame]  # contrast -> its signature plot's data (top_signatures)


def run(context: Context, de_tables: dict[str, pd.DataFrame]) -> Results:
    """The ligand stage over every contrast of one DESeq2 fit (contrast id -> DE table).

    Per-sample activity and the per-ligand evidence are computed once; the contrasts
    share each source's ridge map (``context.operators``).
    """
    samples = sample_activity(context)
    evidence = run_evidence(context, combined_samples(samples))
    tables = {c: contrast_table(context, c, de, evidence) for c, de in de_tables.items()}
    for contrast, table in tables.items():
        log.info("%s: %s", contrast, table["call"].value_counts().to_dict())
    top = {
        c: top_signatures(context, table, pathways.ranking(de_tables[c]))
        for c, table in tables.items()
    }
    return Results(samples, tables, top)


def annotated(adata: ad.AnnData, context: Context, results: Results) -> ad.AnnData:
    """``adata`` (changed in place) with the stage's results in ``uns``.

    ``ligands``: each contrast's table; ``ligand_sources``: what each signature source
    covers of the data; ``ligand_signatures``: the data the signature plots draw.
    """
    adata.uns["ligands"] = {c: t.astype(str) for c, t in results.tables.items()}
    adata.uns["ligand_sources"] = pd.DataFrame(context.coverage).astype(str)
    adata.uns["ligand_signatures"] = results.top
    return adata
