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

from tenseq.ligands import activity as ligand_activity


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
    upstream: list[str],
    top_targets: int = 200,
    min_lfc: float = 1.0,
    alpha: float = 0.05,
) -> pd.Series:
    """Flag ligands that are likely responders, not upstream causes.

    A ligand (``table`` indexed by ligand, with ``mouse_symbol``) whose own
    gene is induced in the data (log2FC >= ``min_lfc``, padj < ``alpha``) is
    flagged as downstream of a ligand in ``upstream`` (the significant ones,
    strongest first) when

    - it is among that ligand's ``top_targets`` genes in any source (ISG15
      under IFN-gamma), or
    - its gene is not in any signature (both sources leave secreted proteins'
      own genes out, so CXCL10 cannot be read as a target of anything) and
      that ligand is more active and not induced itself: the cells make the
      one and respond to the other (CXCL10 and CXCL11 under IFN-gamma).

    Returns the upstream ligand's name, or ''.
    """
    induced = set(
        de.loc[(de["log2FoldChange"] >= min_lfc) & (de["padj"] < alpha), "gene_name"].astype(str)
    )
    targets = {
        ligand: set().union(
            *(set(sig[ligand].nlargest(top_targets).index) for sig in signatures.values()
              if ligand in sig.columns)
        )
        for ligand in upstream
    }  # fmt: skip
    measured = set().union(*(set(sig.index) for sig in signatures.values()))
    own_gene = table["mouse_symbol"]
    flags = {}
    for ligand, own in own_gene.items():
        flags[ligand] = ""
        if own not in induced:
            continue
        stronger = upstream[: upstream.index(ligand)] if ligand in upstream else upstream
        for cause in upstream:
            if cause == ligand:
                continue
            if own in targets[cause] or (
                own not in measured and cause in stronger and own_gene[cause] not in induced
            ):
                flags[ligand] = cause
                break
    return pd.Series(flags)


def target_genes(
    signatures: dict[str, pd.DataFrame], stat: pd.Series, z: pd.Series, *, n: int = 10
) -> pd.Series:
    """The genes that carry each ligand's activity: largest signature weight x statistic.

    Per ligand, in the first source that covers it: the standardized weight of
    each gene times the contrast's statistic, signed by the ligand's activity,
    so the genes listed are those moving the way the ligand's response
    predicts; up to ``n``, comma-separated, strongest first.
    """
    out: dict[str, str] = {}
    for signature in signatures.values():
        genes = signature.index.intersection(stat.index)
        weights = standardize_frame(signature.loc[genes])
        todo = [c for c in weights.columns if c not in out and c in z.index]
        if not todo:
            continue
        contribution = weights[todo].mul(stat.loc[genes], axis=0) * np.sign(z[todo])
        for ligand in todo:
            top = contribution[ligand].nlargest(n)
            out[ligand] = ",".join(top.index[top > 0])
    return pd.Series(out).reindex(z.index).fillna("")


def standardize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`ligand_activity.standardize` keeping the labels."""
    return pd.DataFrame(
        ligand_activity.standardize(frame.to_numpy(float)), index=frame.index, columns=frame.columns
    )


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
    """The call's word from the signs of the activity and of the program's change.

    Driver, suppressor or relieved suppressor when the cytotoxic program
    changes significantly; ``active``/``inactive`` (activity up/down in the
    target group) when it does not (``program_direction`` 0), rather than a
    direction the data do not show.
    """
    if program_direction == 0:
        return "active" if z > 0 else "inactive"
    if np.sign(z) == np.sign(program_direction):
        return "driver"
    return "suppressor" if z > 0 else "relieved suppressor"


def family_calls(table: pd.DataFrame, program_direction: float, *, alpha: float = 0.1) -> pd.Series:
    """A call per family of two or more ligands, beside each member's own call.

    Members of a family share receptors or transcription factors, so their
    responses overlap and only one member is selected (IFNB1 explained by
    IFNG). The family is called from its Stouffer z (``family_z``, BH over
    the multi-member families) when that passes ``alpha`` and a member is
    called. A ligand without a family carries its own call.
    """
    size = table.groupby("family")["ligand"].transform("size")
    multi = table[size > 1].drop_duplicates("family").set_index("family")
    fdr = pd.Series(dtype=float)
    if len(multi):
        pvalue = 2 * norm.sf(multi["family_z"].abs().to_numpy())
        fdr = pd.Series(false_discovery_control(pvalue, method="bh"), index=multi.index)
    called = table.assign(called=table["call"] != "no call").groupby("family")["called"].any()
    calls = []
    for row in table.itertuples():
        if size[row.Index] == 1:
            calls.append(row.call)
        elif fdr[row.family] < alpha and called[row.family]:
            calls.append(label(row.family_z, program_direction))
        else:
            calls.append("no call")
    return pd.Series(calls, index=table.index)


def call(
    row: pd.Series, program_direction: float, *, alpha: float = 0.1, conflict_z: float = 3.0
) -> tuple[str, str]:
    """Driver, suppressor, relieved suppressor, active, inactive or no call, with the evidence.

    ``program_direction`` is the sign of the cytotoxic program's significant
    change in the contrast (+1: higher in the target group; 0: no significant
    change). A ligand is called when forward selection chose it
    (``selected``), its activity passes ``alpha`` (FDR) on its own and given
    the other selected ligands (``fdr_conditional``), in the same direction
    both ways:

    - activity moves with the program: **driver** (active where killing is
      higher, or withdrawn where it is lower);
    - activity up in the target group while the program is lower: **suppressor**;
    - activity down in the target group while the program is higher:
      **relieved suppressor** (a suppressing response that is lower, as TGF-beta
      away from the primary tumor in Granot et al. 2011);
    - the program does not change: **active** / **inactive**.
    """
    evidence = [f"activity z={row['z']:.2f} (FDR {row['fdr']:.2g}; {row['sources']})"]
    conditional = row.get("fdr_conditional", 0.0)
    z_conditional = row.get("z_conditional", np.nan)
    if np.isfinite(z_conditional):
        evidence.append(f"z={z_conditional:.2f} given the selected ligands (FDR {conditional:.2g})")
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
    if program_direction == 0:
        evidence.append("cytotoxic program unchanged")
    independent = np.isfinite(conditional) and conditional < alpha
    same_sign = np.sign(z_conditional) == np.sign(row["z"]) if np.isfinite(z_conditional) else True
    if row["fdr"] >= alpha or not independent or not same_sign or not row.get("selected", True):
        if row["fdr"] < alpha and independent and same_sign:
            evidence.append("not selected: weaker than the selected ligands given them")
        return "no call", "; ".join(evidence)
    called = label(row["z"], program_direction)
    signature = row.get("program_z", np.nan)
    if program_direction != 0 and np.isfinite(signature) and abs(signature) >= conflict_z:
        if (signature > 0) != (called == "driver"):
            evidence.append("signature disagrees with the data")
    return called, "; ".join(evidence)
