"""Sample-level QC: library metrics, normalized and variance-stabilized layers, PCA, outliers.

The checks a user reads first: is any library tiny, dominated by a few genes or
by mitochondrial reads, and does any sample sit far from the others on the
principal components (a failed sort, a contaminated prep)?
"""

from __future__ import annotations

from collections.abc import Sequence

import anndata as ad
import numpy as np
import pandas as pd

from tenseq.logs import quiet

OUTLIER_Z = 3.5  # robust z (median/MAD) of a sample's distance from the centre in PC space


def size_factors(counts: np.ndarray) -> np.ndarray:
    """DESeq2 median-of-ratios size factors of a samples x genes count matrix."""
    counts = np.asarray(counts, dtype=float)
    expressed = (counts > 0).all(axis=0)
    if not expressed.any():
        raise ValueError("no gene is expressed in every sample: size factors are undefined")
    logs = np.log(counts[:, expressed])
    log_geo_means = logs.mean(axis=0)
    return np.exp(np.median(logs - log_geo_means, axis=1))


def variance_stabilize(counts: pd.DataFrame) -> tuple[np.ndarray, str]:
    """DESeq2's VST via pydeseq2 (blind to the design); log2(normalized + 1) if it cannot fit."""
    from pydeseq2.dds import DeseqDataSet

    meta = pd.DataFrame({"all": ["x"] * len(counts)}, index=counts.index)
    try:
        with quiet():
            dds = DeseqDataSet(counts=counts, metadata=meta, design="~1", quiet=True)
            dds.vst(use_design=False)
        return np.asarray(dds.layers["vst_counts"], dtype=float), "pydeseq2 vst (blind)"
    except (ValueError, RuntimeError, np.linalg.LinAlgError):
        norm = counts.to_numpy(float) / size_factors(counts.to_numpy())[:, None]
        return np.log2(norm + 1), "log2(normalized + 1)"


def robust_z(values: np.ndarray, *, floor: float = 0.0) -> np.ndarray:
    """(x - median) / max(1.4826 * MAD, floor); zeros when that scale is 0."""
    median = np.median(values)
    mad = max(1.4826 * np.median(np.abs(values - median)), floor)
    if mad == 0:
        return np.zeros_like(values, dtype=float)
    return (values - median) / mad


def sample_qc(
    adata: ad.AnnData,
    *,
    n_top: int = 50,
    n_pcs: int = 10,
    n_hvg: int = 500,
    mito_prefix: Sequence[str] = ("mt-", "MT-"),
    outlier_pcs: int = 10,
    group_by: str = "condition",
) -> ad.AnnData:
    """QC metrics in obs, ``normalized``/``vst`` layers, PCA in obsm, correlations in uns.

    obs gains library_size, n_genes_detected, frac_mito, frac_top{n_top},
    size_factor, pc_distance, pc_distance_robust_z and outlier: a sample whose
    distance from its peers (see :func:`peer_distance`) in the first
    ``outlier_pcs`` PCs has a robust z above 3.5 and is more than twice the
    typical distance.
    """
    out = adata.copy()
    counts = np.asarray(out.layers["counts"], dtype=float)
    names = out.var["gene_name"].astype(str) if "gene_name" in out.var else out.var_names
    library = counts.sum(axis=1)
    out.obs["library_size"] = library.astype(np.int64)
    out.obs["n_genes_detected"] = (counts > 0).sum(axis=1)
    mito = np.asarray(names.str.startswith(tuple(mito_prefix)))
    out.obs["frac_mito"] = counts[:, mito].sum(axis=1) / library
    top = np.sort(counts, axis=1)[:, ::-1][:, :n_top].sum(axis=1)
    out.obs[f"frac_top{n_top}"] = top / library
    sf = size_factors(counts)
    out.obs["size_factor"] = sf
    out.layers["normalized"] = counts / sf[:, None]
    frame = pd.DataFrame(counts.astype(np.int64), index=out.obs_names, columns=out.var_names)
    vst, method = variance_stabilize(frame)
    out.layers["vst"] = vst
    variance = vst.var(axis=0)
    hvg = np.argsort(-variance, kind="mergesort")[: min(n_hvg, vst.shape[1])]
    centred = vst[:, hvg] - vst[:, hvg].mean(axis=0)
    n_comps = max(1, min(n_pcs, out.n_obs - 1, len(hvg) - 1))
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    sign = np.sign(vt[:n_comps, :].sum(axis=1, keepdims=True)).T  # deterministic signs
    sign[sign == 0] = 1
    pcs = (u[:, :n_comps] * s[:n_comps]) * sign
    out.obsm["X_pca"] = pcs
    explained = s**2 / (s**2).sum()
    out.uns["pca"] = {"variance_ratio": explained[:n_comps], "n_hvg": len(hvg)}
    out.uns["vst_method"] = method
    out.uns["sample_correlation"] = pd.DataFrame(
        np.corrcoef(vst), index=out.obs_names, columns=out.obs_names
    )
    k = min(outlier_pcs, n_comps)
    groups = out.obs[group_by].astype(str).to_numpy() if group_by in out.obs else None
    distance = peer_distance(pcs[:, :k], groups)
    z = robust_z(distance, floor=0.1 * np.median(distance))
    out.obs["pc_distance"] = distance
    out.obs["pc_distance_robust_z"] = z
    out.obs["outlier"] = (z > OUTLIER_Z) & (distance > 2 * np.median(distance))
    return out


def peer_distance(pcs: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """Distance of each sample from the median of its peers (same group, itself left out).

    Peers are the other samples of the same condition when there are at least
    two of them, else all other samples; so a clean condition effect on PC1 is
    not mistaken for outliers.
    """
    distance = np.empty(len(pcs))
    for i in range(len(pcs)):
        others = np.arange(len(pcs)) != i
        if groups is not None and ((groups == groups[i]) & others).sum() >= 2:
            others &= groups == groups[i]
        distance[i] = np.linalg.norm(pcs[i] - np.median(pcs[others], axis=0))
    return distance


QC_COLUMNS = [
    "library_size",
    "n_genes_detected",
    "frac_mito",
    "size_factor",
    "pc_distance_robust_z",
    "outlier",
]


def qc_table(adata: ad.AnnData) -> pd.DataFrame:
    """``results/qc/samples.tsv``: one row per sample with its metrics and outlier flag."""
    top = [c for c in adata.obs.columns if c.startswith("frac_top")]
    columns = ["condition", *QC_COLUMNS[:3], *top, *QC_COLUMNS[3:]]
    table = adata.obs[[c for c in columns if c in adata.obs]].copy()
    pcs = adata.obsm["X_pca"]
    for i in range(min(3, pcs.shape[1])):
        table[f"PC{i + 1}"] = pcs[:, i]
    table.index.name = "sample"
    return table.reset_index()


def vst_by_symbol(adata: ad.AnnData) -> pd.DataFrame:
    """The variance-stabilized layer as samples x gene symbols (duplicate symbols averaged).

    Gene sets, programs and ligand signatures are keyed by symbol, while the matrix is
    keyed by gene id; a symbol shared by several ids gets their mean.
    """
    expression = pd.DataFrame(
        adata.layers["vst"], index=adata.obs_names, columns=adata.var["gene_name"].astype(str)
    )
    return expression.T.groupby(level=0).mean().T
