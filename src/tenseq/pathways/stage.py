"""The pathway stage without files: what its workflow rules compute, as plain functions.

- :func:`score_contrast` (rule ``pathways_contrast``, one job per contrast): GSEA prerank
  and ULM of the gene sets on the contrast's Wald statistic.
- :func:`score_samples` (rule ``pathways_samples``, once): per-sample ULM, ssGSEA and
  PROGENy activities, the cytotoxicity score per sample and per contrast, their
  correlation with a measured phenotype, and the expression AnnData annotated with them.
- :func:`sets_to_draw` (rule ``pathway_plots``): which sets a contrast's running-sum
  figure shows.

:class:`Settings` is what the rules pass of the config; :func:`run_samples` and
:func:`sample_tables` are the ``pathways_samples`` job minus its reading and writing.

Inputs are the DE AnnData (``vst`` layer, ``gene_name`` in var), the long gene-set table
(``source``, ``target``) and DE tables (``gene_name``, ``stat``); nothing here reads or
writes files, so each function is unit-tested on a seeded toy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import anndata as ad
import pandas as pd

from tenseq import sample_qc
from tenseq.pathways import cytotoxicity, genesets, scoring
from tenseq.pathways.settings import Settings

log = logging.getLogger(__name__)

PROGENY_COLUMNS = ["level", "name", "pathway", "score", "pvalue", "fdr"]
CYTOTOXICITY_COLUMNS = [
    "level",
    "name",
    "condition",
    "score",
    "ci_low",
    "ci_high",
    "pvalue",
    "n_genes",
]


@dataclass(frozen=True)
class ContrastScores:
    """Gene-set activity of one contrast: GSEA prerank and ULM tables."""

    prerank: pd.DataFrame
    ulm: pd.DataFrame


@dataclass(frozen=True)
class SampleScores:
    """Per-sample activities (samples x sets), the long tables, and the annotated AnnData.

    ``ssgsea`` and ``phenotype`` are None when switched off (no ssGSEA; fewer than three
    samples with a phenotype value).
    """

    ulm: pd.DataFrame
    ssgsea: pd.DataFrame | None
    progeny: pd.DataFrame
    cytotoxicity: pd.DataFrame
    phenotype: pd.DataFrame | None
    adata: ad.AnnData


def usable_sets(
    sets: pd.DataFrame, adata: ad.AnnData, *, min_size: int, max_size: int
) -> pd.DataFrame:
    """The sets restricted to the data's gene symbols, with min_size..max_size members left."""
    kept = genesets.filter_sets(
        sets, adata.var["gene_name"].astype(str), min_size=min_size, max_size=max_size
    )
    log.info(
        "%d gene sets with %d-%d genes in the data", kept["source"].nunique(), min_size, max_size
    )
    return kept


def score_contrast(
    table: pd.DataFrame,
    sets: pd.DataFrame,
    *,
    permutations: int,
    seed: int,
    min_size: int,
    max_size: int,
    threads: int = 1,
) -> ContrastScores:
    """GSEA prerank (seeded gene permutations) and ULM of ``sets`` on a DE table's ``stat``."""
    stat = scoring.ranking(table)
    gsea = scoring.prerank(
        stat,
        sets,
        permutations=permutations,
        seed=seed,
        min_size=min_size,
        max_size=max_size,
        threads=threads,
    )
    return ContrastScores(gsea, scoring.ulm_contrast(stat, sets, min_size=min_size))


def sets_to_draw(
    prerank: pd.DataFrame, sets: pd.DataFrame, programs: Iterable[str], *, n: int = 5
) -> dict[str, list[str]]:
    """Set name -> members for the running-sum figure: the programs, then the top prerank sets.

    ``sets`` may be the unfiltered table: a member outside the ranking is never a hit.
    """
    shown = list(dict.fromkeys([*programs, *prerank["set"].head(n - 1)]))[:n]
    return {name: list(sets.loc[sets["source"] == name, "target"]) for name in shown}


def _contrast_rows(
    tables: Mapping[str, pd.DataFrame],
    program: list[str],
    model: pd.DataFrame,
    *,
    seed: int,
    min_size: int,
) -> tuple[list[dict], list[pd.DataFrame]]:
    """Per contrast: the cytotoxicity row (mean program stat, competitive p) and PROGENy ULM."""
    rows, progeny_rows = [], []
    for contrast, table in tables.items():
        stat = scoring.ranking(table)
        rows.append(_cytotoxicity_row(contrast, stat, program, seed=seed))
        if not model.empty:
            scored = scoring.ulm_contrast(stat, model, min_size=min_size)
            progeny_rows.append(
                scored.rename(columns={"set": "pathway"}).assign(level="contrast", name=contrast)
            )
    return rows, progeny_rows


def _cytotoxicity_row(contrast: str, stat: pd.Series, program: list[str], *, seed: int) -> dict:
    """A contrast's cytotoxicity row: the mean program statistic and its competitive p."""
    effect = cytotoxicity.contrast_effect(stat, program, seed=seed)
    return {
        "level": "contrast",
        "name": contrast,
        "condition": "",
        "score": effect["effect"],
        "ci_low": float("nan"),
        "ci_high": float("nan"),
        "pvalue": effect["pvalue"],
        "n_genes": effect["n_genes"],
    }


def cytotoxicity_table(
    expression: pd.DataFrame,
    program: list[str],
    conditions: pd.Series,
    tables: Mapping[str, pd.DataFrame],
    *,
    seed: int,
) -> pd.DataFrame:
    """The cytotoxicity table alone (what the ligand stage reads), as in :func:`score_samples`.

    One row per sample of ``expression`` (samples x symbols), then one per contrast.
    """
    rows = [
        _cytotoxicity_row(contrast, scoring.ranking(table), program, seed=seed)
        for contrast, table in tables.items()
    ]
    return _cytotoxicity_table(expression, program, conditions, rows, seed=seed)


def _long_by_sample(activity: pd.DataFrame) -> pd.DataFrame:
    """Samples x pathways as PROGENy table rows (level sample, no p-values)."""
    return (
        activity.rename_axis("name")
        .reset_index()
        .melt(id_vars="name", var_name="pathway", value_name="score")
        .assign(level="sample", pvalue=float("nan"), fdr=float("nan"))
    )


def _cytotoxicity_table(
    expression: pd.DataFrame,
    program: list[str],
    conditions: pd.Series,
    contrast_rows: list[dict],
    *,
    seed: int,
) -> pd.DataFrame:
    """The cytotoxicity table: one row per sample (score, bootstrap CI), then per contrast."""
    per_sample = cytotoxicity.sample_scores(expression, program, seed=seed)
    per_sample["condition"] = conditions.astype(str).loc[per_sample["sample"]].to_numpy()
    per_sample = per_sample.rename(columns={"sample": "name"}).assign(
        level="sample", pvalue=float("nan")
    )
    return pd.concat(
        [
            per_sample[CYTOTOXICITY_COLUMNS],
            pd.DataFrame(contrast_rows, columns=CYTOTOXICITY_COLUMNS),
        ],
        ignore_index=True,
    )


def score_samples(
    adata: ad.AnnData,
    sets: pd.DataFrame,
    model: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    *,
    programs: Iterable[str],
    seed: int,
    min_size: int,
    ssgsea: bool,
    phenotype: bool,
    threads: int = 1,
    collections: pd.DataFrame | None = None,
) -> SampleScores:
    """Every per-sample score of the stage, and the cytotoxicity and PROGENy rows per contrast.

    ``sets`` are already filtered (:func:`usable_sets`); ``model`` is the PROGENy table
    (source, target, weight), empty when unavailable; ``tables`` maps contrast id to its
    DE table. The returned AnnData is a copy of ``adata`` with the activities in obsm
    (``pathways_ulm``, ``pathways_ssgsea``, ``progeny_ulm``), ``cytotoxicity_score`` in
    obs and the collections manifest in ``uns["pathway_collections"]``.
    """
    adata = adata.copy()
    expression = sample_qc.vst_by_symbol(adata)
    program = cytotoxicity.program_genes(sets, programs)
    rows, progeny_rows = _contrast_rows(tables, program, model, seed=seed, min_size=min_size)
    ulm = scoring.sample_ulm(expression, sets, min_size=min_size)
    adata.obsm["pathways_ulm"] = ulm.loc[adata.obs_names]
    features = [ulm.add_prefix("ulm:")]
    by_ssgsea = None
    if ssgsea:
        by_ssgsea = scoring.sample_ssgsea(
            expression, sets, min_size=min_size, threads=threads, seed=seed
        )
        adata.obsm["pathways_ssgsea"] = by_ssgsea.loc[adata.obs_names]
        features.append(by_ssgsea.add_prefix("ssgsea:"))
    if not model.empty:
        activity = scoring.sample_ulm(expression, model, min_size=min_size)
        adata.obsm["progeny_ulm"] = activity.loc[adata.obs_names]
        features.append(activity.add_prefix("progeny:"))
        progeny_rows.append(_long_by_sample(activity))
    else:
        log.warning("no PROGENy model (see collections.tsv): progeny.tsv has no rows")
    progeny_table = (
        pd.concat(progeny_rows, ignore_index=True)
        if progeny_rows
        else pd.DataFrame(columns=PROGENY_COLUMNS)
    )
    table = _cytotoxicity_table(expression, program, adata.obs["condition"], rows, seed=seed)
    score = table[table["level"] == "sample"].set_index("name")["score"].rename_axis("sample")
    adata.obs["cytotoxicity_score"] = score.loc[adata.obs_names]
    features.append(score.to_frame("cytotoxicity"))
    correlation = None
    if phenotype:
        correlation = scoring.phenotype_correlation(
            pd.concat(features, axis=1), adata.obs["phenotype"]
        )
    if collections is not None:
        adata.uns["pathway_collections"] = collections.astype(str)
    return SampleScores(ulm, by_ssgsea, progeny_table[PROGENY_COLUMNS], table, correlation, adata)


def run_samples(
    adata: ad.AnnData,
    sets: pd.DataFrame,
    model: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    settings: Settings,
    *,
    collections: pd.DataFrame | None = None,
    threads: int = 1,
) -> SampleScores:
    """The ``pathways_samples`` job: :func:`score_samples` of the sets usable in ``adata``.

    ``sets`` is the run's whole gene-set table, ``model`` its PROGENy table, ``tables``
    maps contrast id to its DE table.
    """
    usable = usable_sets(sets, adata, min_size=settings.min_size, max_size=settings.max_size)
    return score_samples(
        adata,
        usable,
        model,
        tables,
        programs=settings.programs,
        seed=settings.seed,
        min_size=settings.min_size,
        ssgsea=settings.ssgsea,
        phenotype=settings.phenotype,
        threads=threads,
        collections=collections,
    )


def sample_tables(scores: SampleScores) -> dict[str, pd.DataFrame]:
    """The job's tables by output name (samples, ssgsea, progeny, cytotoxicity, phenotype).

    ``ssgsea`` and ``phenotype`` only when computed; per-sample activities get a ``sample``
    column.
    """
    tables = {
        "samples": scores.ulm.rename_axis("sample").reset_index(),
        "ssgsea": scores.ssgsea,
        "progeny": scores.progeny,
        "cytotoxicity": scores.cytotoxicity,
        "phenotype": scores.phenotype,
    }
    if scores.ssgsea is not None:
        tables["ssgsea"] = scores.ssgsea.rename_axis("sample").reset_index()
    return {name: table for name, table in tables.items() if table is not None}
