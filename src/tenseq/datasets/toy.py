"""Seeded negative-binomial count matrices with known effects, for tests and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

import anndata as ad
import numpy as np
import pandas as pd


def simulate_nb_counts(
    n_genes: int,
    samples_per_group: Sequence[int] = (3, 3),
    *,
    seed: int = 0,
    n_de: int = 0,
    lfc: float = 1.5,
    dispersion_asymptote: float = 0.05,
    dispersion_extra: float = 1.0,
    mean_log: float = 5.0,
    sd_log: float = 1.5,
    groups: Sequence[str] | None = None,
) -> tuple[ad.AnnData, pd.DataFrame]:
    """Samples x genes integer counts and the truth (true_lfc, mean per gene).

    Means are log-normal across genes, library size factors uniform in
    0.7-1.4, dispersion ``asymptote + extra / mean`` (the DESeq2 trend shape).
    The first ``n_de`` genes differ between the second group and the first by
    ``±lfc`` (alternating signs); the rest have no effect.
    """
    rng = np.random.default_rng(seed)
    groups = list(groups or ["A", "B", "C", "D"][: len(samples_per_group)])
    base = np.exp(rng.normal(mean_log, sd_log, n_genes))
    true_lfc = np.zeros(n_genes)
    true_lfc[:n_de] = lfc * np.where(np.arange(n_de) % 2 == 0, 1, -1)
    rows, condition = [], []
    for g, n in enumerate(samples_per_group):
        for _ in range(n):
            mu = base * rng.uniform(0.7, 1.4) * (2**true_lfc if g == 1 else 1.0)
            dispersion = dispersion_asymptote + dispersion_extra / mu
            shape = 1 / dispersion
            rows.append(rng.poisson(rng.gamma(shape, mu / shape)))
            condition.append(groups[g])
    counts = np.array(rows, dtype=np.int64)
    names = [f"{groups[g]}_{i + 1}" for g, n in enumerate(samples_per_group) for i in range(n)]
    genes = [f"gene{i:05d}" for i in range(n_genes)]
    obs = pd.DataFrame({"condition": condition}, index=pd.Index(names, name="sample"))
    var = pd.DataFrame({"gene_name": genes}, index=pd.Index(genes, name="gene_id"))
    adata = ad.AnnData(X=counts.copy(), obs=obs, var=var)
    adata.layers["counts"] = counts
    truth = pd.DataFrame({"true_lfc": true_lfc, "mean": base}, index=var.index)
    return adata, truth


def toy_genes(n: int) -> list[str]:
    """Mouse-style gene symbols ``Tg1 .. Tg<n>`` (no real gene is implied)."""
    return [f"Tg{i}" for i in range(1, n + 1)]


def toy_gene_sets(
    n_sets: int = 50, size: int = 40, n_genes: int = 2000, *, seed: int = 0
) -> pd.DataFrame:
    """Seeded gene sets laid out like an MSigDB hallmark collection (``HALLMARK_TOY_<i>``).

    Long table (``source``, ``target``), as :func:`tenseq.pathways.genesets.read_gmt`
    returns, for tests of fetching, caching and filtering that need no real collection.
    """
    rng = np.random.default_rng(seed)
    genes = np.array(toy_genes(n_genes))
    rows = [
        (f"HALLMARK_TOY_{i}", gene)
        for i in range(1, n_sets + 1)
        for gene in rng.choice(genes, size=size, replace=False)
    ]
    return pd.DataFrame(rows, columns=["source", "target"])


def gmt_text(sets: pd.DataFrame) -> str:
    """A long (``source``, ``target``) table as GMT lines (description ``toy``)."""
    lines = [
        "\t".join([name, "toy", *group["target"]])
        for name, group in sets.groupby("source", sort=False)
    ]
    return "\n".join(lines) + "\n"


PROGENY_PATHWAYS = (
    "Androgen", "EGFR", "Estrogen", "Hypoxia", "JAK-STAT", "MAPK", "NFkB",
    "p53", "PI3K", "TGFb", "TNFa", "Trail", "VEGF", "WNT",
)  # fmt: skip


def toy_progeny(top: int = 500, n_genes: int = 3000, *, seed: int = 0) -> pd.DataFrame:
    """A seeded model shaped like PROGENy's (14 pathways x ``top`` weighted target genes).

    Columns ``source``, ``target``, ``weight``, ``p_value`` as decoupler's
    ``op.progeny`` gives them. As in PROGENy's footprints most targets go up with
    their pathway: weights are gamma-distributed, 15% of them negative.
    """
    rng = np.random.default_rng(seed)
    genes = np.array(toy_genes(n_genes))
    parts = [
        pd.DataFrame(
            {
                "source": pathway,
                "target": rng.choice(genes, size=top, replace=False),
                "weight": rng.gamma(1.5, 1.5, size=top) * rng.choice([1, -1], top, p=[0.85, 0.15]),
                "p_value": rng.uniform(0, 0.01, size=top),
            }
        )
        for pathway in PROGENY_PATHWAYS
    ]
    return pd.concat(parts, ignore_index=True)
