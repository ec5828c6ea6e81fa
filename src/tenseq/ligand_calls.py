"""From ligand activity to calls: receptors, effect on the cytotoxic program, families.

A ligand is a **driver** when its activity moves with the cytotoxic program
(active where killing is high, as CCL2 and G-CSF in Granot et al. 2011) and a
**suppressor** when it moves against it (as TGF-beta at the primary tumor).
The direction comes from the data (contrast and samples); how the ligand's own
signature treats the program genes is reported beside it as mechanistic
support or conflict, never silently mixed in.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, norm, spearmanr

from tenseq import ligand_activity


def expressed_genes(table: pd.DataFrame, *, min_base_mean: float = 10.0) -> set[str]:
    """Genes (symbols) with a DESeq2 baseMean of at least ``min_base_mean``."""
    return set(table.loc[table["baseMean"] >= min_base_mean, "gene_name"].astype(str))


def receptor_options(mouse: str, curated: pd.DataFrame, pairs: pd.DataFrame | None) -> list[str]:
    """Receptors of a ligand: the curated key receptors, else the ligand-receptor resource.

    Each option is one receptor; complexes join subunits with '_'.
    """
    hit = curated.loc[curated["mouse_symbol"] == mouse, "receptors"]
    if len(hit) and hit.iloc[0]:
        return hit.iloc[0].split(";")
    if pairs is None or not mouse:
        return []
    return sorted(set(pairs.loc[pairs["ligand"] == mouse, "receptor"].astype(str)))


def receptor_check(options: Iterable[str], expressed: set[str]) -> tuple[str, bool]:
    """Expressed receptors (all subunits expressed) and whether there is at least one."""
    present = [r for r in options if all(s in expressed for s in r.split("_"))]
    return ";".join(present), bool(present)


def program_in_signature(
    signature: pd.DataFrame, program: Iterable[str], *, n_perm: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Does each ligand's response raise or lower the program genes? z and coverage.

    Mean of the program genes' standardized weights against random gene sets of
    the same size (seeded); NaN where fewer than 2 program genes are in the signature.
    """
    genes = [g for g in dict.fromkeys(program) if g in signature.index]
    z = (signature - signature.mean()) / signature.std(ddof=0).replace(0, 1)
    out = pd.DataFrame(index=signature.columns, data={"program_genes": len(genes)})
    if len(genes) < 2:
        out["program_z"] = np.nan
        return out
    observed = z.loc[genes].mean()
    rng = np.random.default_rng(seed)
    values = z.to_numpy()
    picks = np.stack([rng.choice(len(z), len(genes), replace=False) for _ in range(n_perm)])
    null = values[picks].mean(axis=1)  # n_perm x ligands
    out["program_z"] = (observed.to_numpy() - null.mean(axis=0)) / null.std(axis=0, ddof=1)
    return out


def sample_correlation(activity: pd.DataFrame, score: pd.Series) -> pd.DataFrame:
    """Spearman rho of each ligand's per-sample activity with a per-sample score."""
    samples = activity.columns.intersection(score.dropna().index)
    rows = {}
    for ligand, values in activity[samples].iterrows():
        if len(samples) < 4 or np.ptp(values.to_numpy()) == 0:
            rows[ligand] = (np.nan, np.nan)
            continue
        rho, p = spearmanr(values.to_numpy(), score.loc[samples].to_numpy())
        rows[ligand] = (rho, p)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["sample_rho", "sample_rho_p"])


def downstream_of(
    table: pd.DataFrame,
    de: pd.DataFrame,
    signatures: dict[str, pd.DataFrame],
    *,
    top_targets: int = 200,
    min_lfc: float = 1.0,
    alpha: float = 0.05,
) -> pd.Series:
    """Flag ligands that are likely responders, not upstream causes.

    A ligand is flagged when its own (mouse) gene is induced in the data
    (log2FC >= ``min_lfc``, padj < ``alpha``) and it is among the top targets
    of a ligand ranked above it in any source. Returns 'upstream ligand' or ''.
    """
    induced = set(
        de.loc[(de["log2FoldChange"] >= min_lfc) & (de["padj"] < alpha), "gene_name"].astype(str)
    )
    order = list(table["ligand"])
    flags = {}
    for i, row in enumerate(table.itertuples()):
        flags[row.ligand] = ""
        if row.mouse_symbol not in induced:
            continue
        for upstream in order[:i]:
            for sig in signatures.values():
                if upstream not in sig.columns or row.mouse_symbol not in sig.index:
                    continue
                targets = sig[upstream].nlargest(top_targets).index
                if row.mouse_symbol in targets:
                    flags[row.ligand] = upstream
                    break
            if flags[row.ligand]:
                break
    return pd.Series(flags)


def explaining_ligand(signature: pd.DataFrame, selected: list[str], z: pd.Series) -> pd.Series:
    """For each signature column, the selected ligand that best accounts for its activity.

    The selected column whose signature correlates with it (over ``signature``'s
    genes) in the direction the activities take: a positive correlation with a
    selected ligand of the same sign, or a negative one with the opposite sign.
    ``z`` is the marginal activity per column. A ligand is never its own explanation.
    """
    if not selected:
        return pd.Series(dtype=object)
    values = ligand_activity.standardize(signature.to_numpy(float))
    columns = list(signature.columns)
    picks = [columns.index(s) for s in selected]
    corr = values.T @ values[:, picks] / len(values)  # columns x selected
    signs = np.sign(z.reindex(columns).fillna(0).to_numpy())
    strength = corr * signs[:, None] * signs[picks][None, :]
    strength[picks, np.arange(len(picks))] = -np.inf
    return pd.Series([selected[b] for b in strength.argmax(axis=1)], index=columns)


def family_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Family-level Stouffer z and rank beside each ligand's own."""
    fam = table.groupby("family")["z"].agg(lambda z: z.sum() / np.sqrt(len(z)))
    ranks = fam.abs().rank(ascending=False, method="min").astype(int)
    return pd.DataFrame(
        {"family_z": table["family"].map(fam), "family_rank": table["family"].map(ranks)}
    )


def label(z: float, program_direction: float) -> str:
    """Driver, suppressor or relieved suppressor from the signs of activity and program change."""
    if np.sign(z) == np.sign(program_direction):
        return "driver"
    return "suppressor" if z > 0 else "relieved suppressor"


def family_calls(table: pd.DataFrame, program_direction: float, *, alpha: float = 0.1) -> pd.Series:
    """A call per family of two or more ligands, beside each member's own call.

    Members of a family share receptors or transcription factors, so their
    responses overlap and often only one member keeps its activity once the
    selected ligands are regressed out (IFNB1 explained by IFNG). The family is
    called from its Stouffer z (``family_z``, BH over the multi-member families)
    when that passes ``alpha`` and at least one member passes ``fdr_conditional``
    (the family's response is not explained by another family's). A ligand
    without a family carries its own call.
    """
    size = table.groupby("family")["ligand"].transform("size")
    multi = table[size > 1].drop_duplicates("family").set_index("family")
    fdr = pd.Series(dtype=float)
    if len(multi):
        pvalue = 2 * norm.sf(multi["family_z"].abs().to_numpy())
        fdr = pd.Series(false_discovery_control(pvalue, method="bh"), index=multi.index)
    independent = table.groupby("family")["fdr_conditional"].min() < alpha
    calls = []
    for row in table.itertuples():
        if size[row.Index] == 1:
            calls.append(row.call)
        elif fdr[row.family] < alpha and independent[row.family] and program_direction != 0:
            calls.append(label(row.family_z, program_direction))
        else:
            calls.append("no call")
    return pd.Series(calls, index=table.index)


def call(
    row: pd.Series, program_direction: float, *, alpha: float = 0.1, conflict_z: float = 3.0
) -> tuple[str, str]:
    """Driver, suppressor, relieved suppressor or no call, with the evidence in words.

    ``program_direction`` is the sign of the cytotoxic program's change in the
    contrast (+1: higher in the target group). A ligand is called when its
    activity passes ``alpha`` (FDR) and still does once the responses of the
    ligands selected before it are regressed out (``fdr_conditional``):

    - activity moves with the program: **driver** (active where killing is
      higher, or withdrawn where it is lower);
    - activity up in the target group while the program is lower: **suppressor**;
    - activity down in the target group while the program is higher:
      **relieved suppressor** (a suppressing response that is lower, as TGF-beta
      away from the primary tumor in Granot et al. 2011).
    """
    evidence = [f"activity z={row['z']:.2f} (FDR {row['fdr']:.2g}; {row['sources']})"]
    conditional = row.get("fdr_conditional", 0.0)
    if np.isfinite(row.get("z_conditional", np.nan)):
        evidence.append(
            f"z={row['z_conditional']:.2f} given the selected ligands (FDR {conditional:.2g})"
        )
    if row.get("explained_by"):
        evidence.append(f"explained by {row['explained_by']}")
    if np.isfinite(row.get("sample_rho", np.nan)):
        evidence.append(f"samples rho={row['sample_rho']:.2f} with cytotoxicity")
    if np.isfinite(row.get("program_z", np.nan)):
        evidence.append(f"own signature moves the program z={row['program_z']:.1f}")
    if not row["receptor_expressed"]:
        evidence.append("no receptor expressed")
    if row.get("downstream_of"):
        evidence.append(f"own gene induced, a target of {row['downstream_of']}")
    independent = np.isfinite(conditional) and conditional < alpha
    if row["fdr"] >= alpha or not independent or program_direction == 0:
        return "no call", "; ".join(evidence)
    called = label(row["z"], program_direction)
    signature = row.get("program_z", np.nan)
    if np.isfinite(signature) and abs(signature) >= conflict_z:
        if (signature > 0) != (called == "driver"):
            evidence.append("signature disagrees with the data")
    return called, "; ".join(evidence)
