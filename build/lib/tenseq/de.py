"""Differential expression with pydeseq2 (DESeq2's model in Python).

The fits run on tenseq's engine (:mod:`tenseq.de_inference`: every gene at once, and
DESeq2's own dispersion-trend procedure) unless ``engine="pydeseq2"`` asks for pydeseq2
0.5 as released (per-gene fits, its trend variant). As in
DESeq2, every gene with a read is tested and independent filtering decides which enter
the BH correction; the older count pre-filter is an option (``prefilter=True``).

One negative-binomial GLM is fitted per (design, reference level) and shared
by every contrast against that reference: size factors (median of ratios),
dispersion trend and MAP shrinkage, Wald tests, Cook's-distance outlier
handling, independent filtering, and optional apeGLM-style LFC shrinkage
(which needs the contrast to be a coefficient, hence the per-reference fit).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import anndata as ad
import numpy as np
import pandas as pd
from pydeseq2.dds import DeseqDataSet
from pydeseq2.default_inference import DefaultInference
from pydeseq2.ds import DeseqStats
from pydeseq2.inference import Inference

from tenseq.de_inference import BatchedInference, TrendDataSet
from tenseq.inputs.design import parse_design
from tenseq.logs import quiet

log = logging.getLogger(__name__)

RESULT_COLUMNS = [
    "gene_id",
    "gene_name",
    "baseMean",
    "log2FoldChange",
    "lfcSE",
    "stat",
    "pvalue",
    "padj",
    "log2FoldChange_shrunk",
]

ENGINES = ("tenseq", "pydeseq2")


def make_inference(engine: str, n_cpus: int = 1) -> Inference:
    """The fitting engine: tenseq's batched one or pydeseq2's per-gene DefaultInference."""
    if engine == "tenseq":
        return BatchedInference(n_cpus=n_cpus)
    if engine == "pydeseq2":
        return DefaultInference(n_cpus=n_cpus)
    raise ValueError(f"de.engine must be one of {', '.join(ENGINES)}; got {engine!r}")


def filter_genes(counts: pd.DataFrame, min_count: int, min_samples: int) -> pd.Index:
    """Genes (columns of samples x genes ``counts``) with >= min_count reads in >= min_samples."""
    keep = (counts >= min_count).sum(axis=0) >= min_samples
    return counts.columns[keep.to_numpy()]


def _metadata(obs: pd.DataFrame, factors: Sequence[str], variable: str, reference: str):
    """Sample table with each factor categorical; ``reference`` first for ``variable``."""
    meta = pd.DataFrame(index=obs.index.astype(str))
    for factor in factors:
        values = obs[factor].astype(str).to_numpy()
        levels = sorted(set(values))
        if factor == variable:
            levels = [reference] + [lv for lv in levels if lv != reference]
        meta[factor] = pd.Categorical(values, categories=levels)
    return meta


def _quietly(func, *args, **kwargs):
    """Run a pydeseq2 step with its progress prints sent to the log instead of stdout."""
    with quiet() as buffer:
        result = func(*args, **kwargs)
    if buffer.getvalue().strip():
        log.info(buffer.getvalue().strip())
    return result


def run_contrasts(
    adata: ad.AnnData,
    design: str,
    contrasts: Sequence[dict[str, Any]],
    *,
    engine: str = "tenseq",
    prefilter: bool = False,
    min_count: int = 10,
    min_samples: int | None = None,
    alpha: float = 0.1,
    shrink_lfc: bool = True,
    cooks_filter: bool = True,
    independent_filter: bool = True,
    n_cpus: int = 1,
) -> dict[str, pd.DataFrame]:
    """Wald-test results per contrast id (genes sorted by p-value, then gene id).

    Parameters
    ----------
    adata
        Samples x genes with raw integer counts in ``layers["counts"]``; obs
        holds the design factors, var ``gene_name``.
    design
        Additive formula over obs columns, e.g. ``"~ batch + condition"``.
    contrasts
        Dicts with ``id``, ``variable``, ``target`` (numerator), ``reference``.
    engine
        ``"tenseq"`` (batched fits, DESeq2's trend; default) or ``"pydeseq2"`` (pydeseq2's
        per-gene DefaultInference and its own trend fit).
    prefilter, min_count, min_samples
        Default (``prefilter=False``): DESeq2's gene universe, every gene with at least
        one read. With ``prefilter=True`` genes need ``min_count`` reads in
        ``min_samples`` samples (default: the smallest contrast group); the rest are
        left out before the BH correction, which changes the padj < alpha set.
    """
    factors = parse_design(design)
    counts = pd.DataFrame(
        np.asarray(adata.layers["counts"]), index=adata.obs_names, columns=adata.var_names
    )
    inference = make_inference(engine, n_cpus)
    if not prefilter:
        min_count, min_samples = 1, 1
    elif min_samples is None:
        sizes = [
            int((adata.obs[c["variable"]].astype(str) == level).sum())
            for c in contrasts
            for level in (c["target"], c["reference"])
        ]
        min_samples = min(sizes) if sizes else 2
    genes = filter_genes(counts, min_count, min_samples)
    log.info(
        "%d of %d genes tested (>= %d reads in >= %d samples; engine %s)",
        len(genes),
        counts.shape[1],
        min_count,
        min_samples,
        engine,
    )
    counts = counts[genes]
    names = (
        adata.var["gene_name"].reindex(genes).astype(str)
        if "gene_name" in adata.var
        else pd.Series(genes, index=genes)
    )
    results: dict[str, pd.DataFrame] = {}
    fits: dict[tuple[str, str], DeseqDataSet] = {}
    for contrast in contrasts:
        key = (contrast["variable"], contrast["reference"])
        if key not in fits:
            meta = _metadata(adata.obs, factors, *key)
            dataset = TrendDataSet if engine == "tenseq" else DeseqDataSet
            dds = dataset(
                counts=counts,
                metadata=meta,
                design=design,
                refit_cooks=True,
                inference=inference,
                quiet=True,
            )
            _quietly(dds.deseq2)
            fits[key] = dds
        dds = fits[key]
        stats = DeseqStats(
            dds,
            contrast=[contrast["variable"], contrast["target"], contrast["reference"]],
            alpha=alpha,
            cooks_filter=cooks_filter,
            independent_filter=independent_filter,
            inference=inference,
            quiet=True,
        )
        _quietly(stats.summary)
        table = stats.results_df.copy()
        table["log2FoldChange_shrunk"] = np.nan
        if shrink_lfc:
            _quietly(stats.lfc_shrink, coeff=f"{contrast['variable']}[T.{contrast['target']}]")
            table["log2FoldChange_shrunk"] = stats.results_df["log2FoldChange"]
        table.index.name = "gene_id"
        table = table.reset_index()
        table.insert(1, "gene_name", names.loc[table["gene_id"]].to_numpy())
        table = (
            table[RESULT_COLUMNS]
            .sort_values(["pvalue", "gene_id"], na_position="last", kind="mergesort")
            .reset_index(drop=True)
        )
        n_sig = int((table["padj"] < alpha).sum())
        log.info("%s: %d genes at padj < %g", contrast["id"], n_sig, alpha)
        results[contrast["id"]] = table
    return results


def de_to_anndata(
    adata: ad.AnnData, results: dict[str, pd.DataFrame], settings: dict[str, Any] | None = None
) -> ad.AnnData:
    """``adata`` with one varm DataFrame per contrast (genes not tested are NaN) and settings."""
    out = adata.copy()
    for contrast_id, table in results.items():
        frame = table.set_index("gene_id").drop(columns="gene_name")
        out.varm[f"de_{contrast_id}"] = frame.reindex(out.var_names).astype(float)
    out.uns["de"] = {"contrasts": list(results), **(settings or {})}
    return out
