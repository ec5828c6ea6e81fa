"""Pathway activity per contrast: GSEA prerank (gseapy) and ULM (decoupler) on the Wald stat."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import decoupler as dc
import gseapy
import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from tenseq.logs import quiet

log = logging.getLogger(__name__)


def ranking(table: pd.DataFrame, column: str = "stat") -> pd.Series:
    """Gene symbol -> statistic, NaNs dropped, duplicated symbols collapsed to the largest |stat|.

    Sorted descending with gene name as tie-breaker so ranks are deterministic.
    """
    data = table[["gene_name", column]].dropna()
    data = data.assign(_abs=data[column].abs()).sort_values(
        ["_abs", "gene_name"], ascending=[False, True]
    )
    data = data.drop_duplicates("gene_name")
    series = data.set_index("gene_name")[column].astype(float)
    order = np.lexsort((series.index.to_numpy(), -series.to_numpy()))
    return series.iloc[order]


def _set_dict(sets: pd.DataFrame) -> dict[str, list[str]]:
    return {name: list(group["target"]) for name, group in sets.groupby("source", sort=True)}


def prerank(
    stat: pd.Series,
    sets: pd.DataFrame,
    *,
    permutations: int = 1000,
    seed: int = 42,
    min_size: int = 5,
    max_size: int = 500,
    threads: int = 1,
) -> pd.DataFrame:
    """GSEA on a pre-ranked statistic: set, nes, es, pvalue, fdr, size, leading_edge.

    Gene permutation nulls need no sample labels, so this works for any contrast;
    ``seed`` fixes the permutations.
    """
    with quiet():
        result = gseapy.prerank(
            rnk=stat,
            gene_sets=_set_dict(sets),
            permutation_num=permutations,
            seed=seed,
            min_size=min_size,
            max_size=max_size,
            threads=threads,
            outdir=None,
            no_plot=True,
            verbose=False,
        )
    res = result.res2d
    table = pd.DataFrame(
        {
            "set": res["Term"].astype(str),
            "nes": res["NES"].astype(float),
            "es": res["ES"].astype(float),
            "pvalue": res["NOM p-val"].astype(float),
            "fdr": res["FDR q-val"].astype(float),
            "size": res["Tag %"].astype(str).str.split("/").str[1].astype(int),
            "leading_edge": res["Lead_genes"].astype(str),
        }
    )
    return table.sort_values(
        ["pvalue", "nes", "set"], ascending=[True, False, True], key=None
    ).reset_index(drop=True)


def network(sets: pd.DataFrame) -> pd.DataFrame:
    """decoupler's net: set membership (weight 1), or a model's own weights (PROGENy).

    PROGENy footprints weigh each target gene, with a sign: a target that goes down
    when the pathway is active has a negative weight and must count against it.
    """
    weight = sets["weight"].astype(float) if "weight" in sets else 1.0
    return sets[["source", "target"]].assign(weight=weight)


def ulm_contrast(stat: pd.Series, sets: pd.DataFrame, *, min_size: int = 5) -> pd.DataFrame:
    """decoupler ULM of the statistic on set membership (or model weights, :func:`network`).

    Columns: set, score (t), pvalue, fdr (BH).

    decoupler 2 returns BH-adjusted p-values; the raw two-sided p-value is
    recomputed from the t-value (n genes - 2 degrees of freedom, as its ULM fits
    slope and intercept over every gene), so ``fdr`` is adjusted exactly once.
    """
    from scipy.stats import t as student

    data = stat.to_frame("contrast").T
    net = network(sets)
    with quiet():
        scores, _ = dc.mt.ulm(data, net, tmin=min_size)
    score = scores.iloc[0].to_numpy()
    table = pd.DataFrame(
        {
            "set": scores.columns,
            "score": score,
            "pvalue": 2 * student.sf(np.abs(score), stat.size - 2),
        }
    )
    table["fdr"] = false_discovery_control(table["pvalue"].to_numpy(), method="bh")
    return table.sort_values(["pvalue", "set"]).reset_index(drop=True)


def samples_by_genes(expression: pd.DataFrame, genes: Iterable[str]) -> pd.DataFrame:
    """``expression`` as samples x genes, whichever way round it was given.

    The axis sharing more labels with ``genes`` (the gene sets' members) is the
    gene axis. Matrices from R and from gseapy are genes x samples, AnnData and
    decoupler samples x genes; guessing by shape fails when samples outnumber genes.
    """
    genes = set(genes)
    in_columns = expression.columns.isin(genes).sum()
    in_index = expression.index.isin(genes).sum()
    if in_columns == 0 and in_index == 0:
        raise ValueError("no gene-set member among the matrix's row or column labels")
    return expression if in_columns >= in_index else expression.T


def sample_ulm(expression: pd.DataFrame, sets: pd.DataFrame, *, min_size: int = 3) -> pd.DataFrame:
    """Per-sample ULM scores (samples x sets) on gene-centred expression.

    ``expression`` is samples x genes or genes x samples (symbols); each gene is
    centred across samples so a score says how far a sample's program sits above
    the others.
    """
    expression = samples_by_genes(expression, sets["target"])
    centred = expression - expression.mean(axis=0)
    net = network(sets)
    with quiet():
        scores, _ = dc.mt.ulm(centred, net, tmin=min_size)
    return scores.loc[:, sorted(scores.columns)]


def sample_ssgsea(
    expression: pd.DataFrame,
    sets: pd.DataFrame,
    *,
    min_size: int = 3,
    threads: int = 1,
    seed: int = 42,
) -> pd.DataFrame:
    """Per-sample ssGSEA normalized enrichment (samples x sets) with gseapy.

    Accepts samples x genes or genes x samples (see :func:`samples_by_genes`).
    """
    expression = samples_by_genes(expression, sets["target"])
    with quiet():
        result = gseapy.ssgsea(
            data=expression.T,
            gene_sets=_set_dict(sets),
            outdir=None,
            min_size=min_size,
            threads=threads,
            seed=seed,
            no_plot=True,
            verbose=False,
        )
    table = result.res2d.pivot(index="Name", columns="Term", values="NES").astype(float)
    table = table.loc[expression.index]
    table.index.name = None
    return table.loc[:, sorted(table.columns)]


def running_sum(stat: pd.Series, genes: list[str] | set[str], weight: float = 1.0) -> np.ndarray:
    """GSEA running enrichment score along the ranking (Subramanian et al. 2005).

    ``stat`` must be sorted descending (as :func:`ranking` returns it). Hits step
    up by ``|stat|**weight`` normalised over the set, misses step down evenly.
    """
    hits = stat.index.isin(list(genes))
    if not hits.any() or hits.all():
        raise ValueError("the set must contain some but not all ranked genes")
    up = np.where(hits, np.abs(stat.to_numpy(float)) ** weight, 0.0)
    up /= up.sum()
    down = np.where(hits, 0.0, 1.0 / (~hits).sum())
    return np.cumsum(up - down)


def phenotype_correlation(scores: pd.DataFrame, phenotype: pd.Series) -> pd.DataFrame:
    """Spearman and Pearson correlation of every score column with a measured phenotype.

    ``scores`` is samples x features (program scores); samples without a
    phenotype value are left out. BH FDR over features on the Spearman p-value.
    """
    from scipy.stats import pearsonr, spearmanr

    values = pd.to_numeric(phenotype, errors="coerce").dropna()
    data = scores.loc[scores.index.intersection(values.index)]
    y = values.loc[data.index].to_numpy(float)
    rows = []
    for feature in data.columns:
        x = data[feature].to_numpy(float)
        ok = np.isfinite(x)
        if ok.sum() < 3 or np.ptp(x[ok]) == 0:
            continue
        rho, p_rho = spearmanr(x[ok], y[ok])
        r, p_r = pearsonr(x[ok], y[ok])
        rows.append((feature, int(ok.sum()), rho, p_rho, r, p_r))
    table = pd.DataFrame(
        rows, columns=["feature", "n", "spearman_rho", "spearman_p", "pearson_r", "pearson_p"]
    )
    if table.empty:
        return table.assign(spearman_fdr=[])
    table["spearman_fdr"] = false_discovery_control(table["spearman_p"].to_numpy(), method="bh")
    return table.sort_values(["spearman_p", "feature"]).reset_index(drop=True)
