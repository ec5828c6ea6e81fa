"""Assemble the ligand table of a run: signatures, activities, receptors, effects, calls.

Glue between the pure functions of :mod:`tenseq.ligands`,
:mod:`tenseq.ligand_activity` and :mod:`tenseq.ligand_calls`; one
:class:`Context` per run holds what every contrast shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anndata as ad
import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, norm

from tenseq import ligand_activity, ligand_calls, ligands, pathways
from tenseq.errors import InputError

COLUMNS = [
    "ligand", "mouse_symbol", "family", "sources", "activity", "z", "pvalue", "fdr",
    "z_raw", "inflation", "z_by_source", "ulm_score", "z_conditional", "fdr_conditional",
    "explained_by", "receptor",
    "receptor_expressed", "program_z", "sample_rho", "cytotoxic_effect", "downstream_of",
    "family_z", "family_rank", "family_call", "in_secretome", "candidate", "call", "evidence",
]  # fmt: skip


@dataclass
class Context:
    """Everything the contrasts of one run share."""

    settings: dict[str, Any]
    species: str
    signatures: dict[str, pd.DataFrame]
    symbols: dict[str, dict[str, str]]
    curated: pd.DataFrame
    pairs: pd.DataFrame | None
    expression: pd.DataFrame  # genes (symbols) x samples, variance-stabilized
    program: list[str]
    cytotoxicity: pd.DataFrame
    secretome: set[str] | None
    orthologs: pd.DataFrame | None
    inflation: dict[str, pd.Series]  # per source: correlation inflation of each signature
    coverage: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        adata: ad.AnnData,
        settings: dict[str, Any],
        species: str,
        program: list[str],
        cytotoxicity: pd.DataFrame,
        design: str = "~ condition",
    ) -> Context:
        """Load and map the signatures, receptors and secretome once for all contrasts."""
        expression = pd.DataFrame(
            adata.layers["vst"].T,
            index=adata.var["gene_name"].astype(str),
            columns=adata.obs_names,
        )
        expression = expression.groupby(level=0).mean()
        variables = [v for v in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", design) if v in adata.obs]
        groups = adata.obs[variables].astype(str).agg("|".join, axis=1) if variables else None
        if groups is None:
            residuals = expression.sub(expression.mean(axis=1), axis=0)
            n_groups = 1
        else:
            residuals = expression - expression.T.groupby(groups.to_numpy()).transform("mean").T
            n_groups = groups.nunique()
        orthologs = pd.read_csv(settings["orthologs"], sep="\t") if settings["orthologs"] else None
        curated = ligands.curated_ligands()
        signatures, symbols, coverage, notes = {}, {}, [], []
        for source in settings["sources"]:
            raw = ligands.load_signature(source)
            mapped, note = ligands.map_genes(raw, species, orthologs)
            name = Path(source).stem if source not in ligands.BUILT_IN else source
            fraction = ligands.coverage(mapped, expression.index)
            mapped = mapped.loc[mapped.index.intersection(expression.index)]
            if len(mapped) < 10:
                raise InputError(
                    source,
                    f"only {len(mapped)} signature genes are in the data after mapping ({note})",
                    "check reference.species and ligands.orthologs (human_symbol, "
                    "mouse_symbol), or drop this source",
                )
            signatures[name] = mapped
            symbols[name] = ligands.ligand_symbols(list(mapped.columns), curated)
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
        pairs = _receptor_pairs(settings["receptors"], species)
        secretome = _secretome(settings["secretome"])
        return cls(
            settings, species, signatures, symbols, curated, pairs, expression, program,
            cytotoxicity, secretome, orthologs,
            {
                name: ligand_activity.correlation_inflation(
                    residuals, signature, dof=max(expression.shape[1] - n_groups, 1)
                )
                for name, signature in signatures.items()
            },
            coverage, notes,
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


def _receptor_pairs(path: str | None, species: str) -> pd.DataFrame:
    if path:
        pairs = pd.read_csv(path, sep="\t")
        if not {"ligand", "receptor"} <= set(pairs.columns):
            raise InputError(path, "needs columns ligand and receptor", "rename the columns", row=1)
        return pairs[["ligand", "receptor"]]
    import liana

    resource = "mouseconsensus" if species == "mouse" else "consensus"
    return liana.resource.select_resource(resource)[["ligand", "receptor"]]


def _secretome(path: str | None) -> set[str] | None:
    if not path:
        return None
    text = Path(path).read_text().splitlines()
    if text and "\t" in text[0]:
        table = pd.read_csv(path, sep="\t")
        if "gene_name" not in table.columns:
            raise InputError(path, "a table needs a gene_name column", "add one", row=1)
        return set(table["gene_name"].astype(str))
    return {line.strip() for line in text if line.strip() and not line.startswith("#")}


def sample_activity(context: Context) -> pd.DataFrame:
    """Per-sample ridge z for every source: rows (source, ligand), columns samples."""
    parts = []
    for name, signature in context.signatures.items():
        z = ligand_activity.sample_activity(
            context.expression.loc[signature.index],
            signature,
            context.symbols[name],
            n_rand=context.settings["permutations"],
            seed=context.settings["seed"],
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
    seed = context.settings["seed"]
    program_z = pd.concat(
        [
            ligand_calls.program_in_signature(sig, context.program, seed=seed)["program_z"].rename(
                lambda c, n=name: context.symbols[n].get(c, c)
            )
            for name, sig in context.signatures.items()
        ]
    )
    score = context.cytotoxicity.query("level == 'sample'").set_index("name")["score"]
    rho = ligand_calls.sample_correlation(combined, score)
    return pd.DataFrame(
        {"program_z": program_z.groupby(level=0).mean(), "sample_rho": rho["sample_rho"]}
    )


def contrast_table(
    context: Context, contrast: str, de: pd.DataFrame, evidence: pd.DataFrame
) -> pd.DataFrame:
    """The ranked ligand table of one contrast (columns :data:`COLUMNS`).

    ``evidence`` is :func:`run_evidence`, computed once for all contrasts.
    """
    settings = context.settings
    stat = pathways.ranking(de)
    per_source, conditional, nearest = [], [], []
    for name, signature in context.signatures.items():
        activity = ligand_activity.contrast_activity(
            stat, signature, context.symbols[name], name,
            n_rand=settings["permutations"], seed=settings["seed"],
        )  # fmt: skip
        activity = ligand_activity.adjust(activity, context.inflation[name])
        per_source.append(activity)
        marginal = activity.set_index("signature")["z"]
        selected, cond = ligand_activity.forward_select(
            stat, signature, marginal, context.inflation[name],
            alpha=settings["alpha"], max_selected=settings["max_selected"],
            n_rand=settings["permutations"], seed=settings["seed"],
        )  # fmt: skip
        rename = context.symbols[name]
        conditional.append(cond.rename(lambda c, r=rename: r.get(c, c)).rename(name))
        explaining = ligand_calls.explaining_ligand(
            signature.loc[signature.index.intersection(stat.index)], selected, marginal
        )
        nearest.append(explaining.rename(rename).map(lambda c, r=rename: r.get(c, c)))
    per_source = pd.concat(per_source, ignore_index=True)
    table = ligand_activity.combine_sources(per_source)
    conditional = pd.concat(conditional, axis=1)
    z_conditional = conditional.sum(axis=1, min_count=1) / np.sqrt(conditional.notna().sum(axis=1))
    table["z_conditional"] = table["ligand"].map(z_conditional)
    table["fdr_conditional"] = false_discovery_control(
        2 * norm.sf(table["z_conditional"].abs().fillna(0).to_numpy()), method="bh"
    )
    nearest = pd.concat(nearest)
    nearest = nearest[~nearest.index.duplicated()]
    explained = (table["fdr"] < settings["alpha"]) & (table["fdr_conditional"] >= settings["alpha"])
    table["explained_by"] = np.where(explained, table["ligand"].map(nearest).fillna(""), "")
    table["mouse_symbol"] = table["ligand"].map(context.mouse_symbol)
    table["family"] = table["ligand"].map(context.family)
    table["activity"] = np.where(table["z"] > 0, "up", "down")
    expressed = ligand_calls.expressed_genes(de, min_base_mean=settings["min_base_mean"])
    options = [
        ligand_calls.receptor_options(m, context.curated, context.pairs)
        for m in table["mouse_symbol"]
    ]
    receptors = [ligand_calls.receptor_check(o, expressed) for o in options]
    table["receptor"] = [
        r[0] if r[1] else ("none known" if not o else "not expressed: " + ";".join(o))
        for r, o in zip(receptors, options, strict=True)
    ]
    table["receptor_expressed"] = [r[1] for r in receptors]
    table["program_z"] = table["ligand"].map(evidence["program_z"])
    table["sample_rho"] = table["ligand"].map(evidence["sample_rho"])
    effect = context.cytotoxicity.query("level == 'contrast'").set_index("name")["score"]
    direction = float(np.sign(effect.get(contrast, 0.0)))
    table["cytotoxic_effect"] = np.where(np.sign(table["z"]) == direction, "raises", "lowers")
    table = table.sort_values(["fdr", "z"], key=lambda s: s if s.name == "fdr" else -s.abs())
    table = table.reset_index(drop=True)
    table["downstream_of"] = table["ligand"].map(
        ligand_calls.downstream_of(table, de, context.signatures)
    )
    table = pd.concat([table, ligand_calls.family_scores(table)], axis=1)
    table["in_secretome"] = (
        table["mouse_symbol"].isin(context.secretome) if context.secretome is not None else ""
    )
    if context.secretome is not None and settings["restrict_to_secretome"]:
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
    calls = [
        ligand_calls.call(row, direction, alpha=settings["alpha"]) for _, row in table.iterrows()
    ]
    table["call"] = [c[0] for c in calls]
    table["evidence"] = [c[1] for c in calls]
    table["family_call"] = ligand_calls.family_calls(table, direction, alpha=settings["alpha"])
    # calls first, primary candidates first among them, each part in order of evidence
    no_call = table["call"] == "no call"
    order = np.where(no_call, 2, (table["candidate"] != "primary").astype(int))
    table = table.iloc[np.argsort(order, kind="stable")]
    return table[COLUMNS].reset_index(drop=True)


def top_signatures(context: Context, table: pd.DataFrame, n: int = 4) -> dict[str, pd.Series]:
    """Signature columns of the ``n`` top ligands (first source that covers each)."""
    out = {}
    for ligand in table["ligand"].head(n):
        for name, signature in context.signatures.items():
            inverse = {v: k for k, v in context.symbols[name].items()}
            column = inverse.get(ligand)
            if column in signature.columns:
                out[f"{ligand} ({name})"] = signature[column]
                break
    return out
