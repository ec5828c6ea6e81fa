"""Gene count matrices: tool outputs in, one validated genes x samples matrix out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd

from tenseq.errors import InputError
from tenseq.quant.count_formats import parse_counts, read_count_table

_FC_ANNOTATION = ["Chr", "Start", "End", "Strand", "Length"]
# Names the gene-symbol and biotype columns go by in the exports users bring (DESeq2 and
# tximport tables, GENCODE/Ensembl rowData, featureCounts annotations), first match wins.
SYMBOL_COLUMNS = ("gene_name", "symbol", "gene_symbol", "Gene", "SYMBOL", "Symbol")
BIOTYPE_COLUMNS = ("biotype", "gene_type", "gene_biotype")


def _annotation_column(
    columns: list[str], known: tuple[str, ...], chosen: str | None, label: str, what: str
) -> str | None:
    """The column holding ``what`` (symbols or biotypes): the configured one, else a known name."""
    if chosen:
        if chosen not in columns:
            raise InputError(
                label,
                f"no column '{chosen}' for the {what} (columns: {', '.join(columns[:6])}...)",
                "set symbol_column in the config to the matrix's symbol column, or remove it "
                f"to use the first of {', '.join(known)}",
                row=1,
            )
        return chosen
    return next((c for c in known if c in columns), None)


def read_featurecounts(path: str | Path, sample_names: list[str] | None = None) -> pd.DataFrame:
    """Genes x samples counts from featureCounts' main output (index ``Geneid``).

    featureCounts names columns by BAM path; ``sample_names`` renames them in order.
    """
    table = pd.read_csv(path, sep="\t", comment="#", index_col="Geneid")
    table = table.drop(columns=[c for c in _FC_ANNOTATION if c in table.columns])
    if sample_names is not None:
        if len(sample_names) != table.shape[1]:
            raise ValueError(f"{path}: {table.shape[1]} count columns, {len(sample_names)} names")
        table.columns = sample_names
    return table.astype(np.int64)


def read_featurecounts_summary(path: str | Path) -> pd.DataFrame:
    """featureCounts ``.summary``: assignment status (Assigned, Unassigned_*) x samples."""
    return pd.read_csv(path, sep="\t", index_col="Status").astype(np.int64)


def salmon_gene_counts(quant_sf_path: str | Path, tx2gene: pd.DataFrame) -> pd.Series:
    """Gene-level counts: salmon's NumReads summed per gene and rounded.

    This is tximport's ``countsFromAbundance="no"`` followed by rounding, as
    DESeq2's ``DESeqDataSetFromTximport`` does; negative-binomial models need
    integers.
    """
    quant = pd.read_csv(quant_sf_path, sep="\t", index_col="Name")
    mapping = tx2gene.set_index("transcript_id")["gene_id"]
    unknown = quant.index.difference(mapping.index)
    if len(unknown):
        raise InputError(
            str(quant_sf_path),
            f"{len(unknown)} transcripts are not in the GTF, e.g. {', '.join(unknown[:3])}",
            "build the salmon index from the same GTF the pipeline is given",
        )
    per_gene = quant["NumReads"].groupby(mapping.loc[quant.index].to_numpy()).sum()
    per_gene.index.name = "gene_id"
    return np.round(per_gene).astype(np.int64)


def assemble_counts(per_sample: Mapping[str, pd.Series], genes: pd.DataFrame) -> pd.DataFrame:
    """One genes x samples int64 matrix over every annotated gene, in annotation order.

    Genes a tool did not report get 0; genes a tool reports that the annotation
    lacks raise, because they mean the counts and the annotation disagree.
    """
    columns = {}
    for sample, counts in per_sample.items():
        extra = counts.index.difference(genes.index)
        if len(extra):
            raise ValueError(
                f"{sample}: {len(extra)} counted genes are not in the annotation, "
                f"e.g. {', '.join(map(str, extra[:3]))}"
            )
        columns[sample] = counts.reindex(genes.index, fill_value=0)
    matrix = pd.DataFrame(columns, index=genes.index).astype(np.int64)
    matrix.index.name = "gene_id"
    return matrix


def counts_table(counts: pd.DataFrame, genes: pd.DataFrame) -> pd.DataFrame:
    """``results/counts/counts.tsv``: gene_id, gene_name, then one column per sample."""
    names = genes["gene_name"].reindex(counts.index).fillna(pd.Series(counts.index, counts.index))
    table = counts.copy()
    table.insert(0, "gene_name", names)
    table.index.name = "gene_id"
    return table.reset_index()


def counts_to_anndata(
    counts: pd.DataFrame, samples: pd.DataFrame, genes: pd.DataFrame
) -> ad.AnnData:
    """Samples x genes AnnData with integer ``X`` and ``layers["counts"]``.

    obs is the sample sheet (in matrix column order), var holds gene_name and
    biotype (gene id fallbacks) indexed by gene_id.
    """
    obs = samples.loc[list(counts.columns)].copy()
    obs.index = obs.index.astype(str)
    obs.index.name = "sample"
    for column in obs.columns:
        if obs[column].dtype == object:
            obs[column] = obs[column].fillna("").astype(str)
    var = pd.DataFrame(index=counts.index.astype(str))
    var.index.name = "gene_id"
    var["gene_name"] = genes["gene_name"].reindex(counts.index).fillna(var.index.to_series())
    biotype = genes["biotype"] if "biotype" in genes else pd.Series(dtype=str)
    var["biotype"] = biotype.reindex(counts.index).fillna("unknown").astype(str)
    matrix = counts.T.to_numpy(dtype=np.int64)
    adata = ad.AnnData(X=matrix.copy(), obs=obs, var=var)
    adata.layers["counts"] = matrix
    return adata


def read_count_matrix(
    path: str | Path,
    samples: pd.DataFrame,
    *,
    file_label: str | None = None,
    symbol_column: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The count-matrix entry point: a validated genes x samples matrix and its gene table.

    The file is tab-separated: a first column of gene ids, an optional symbol
    column (``symbol_column``, else the first of :data:`SYMBOL_COLUMNS`) and
    biotype column (:data:`BIOTYPE_COLUMNS`), then one column per sample of the
    sheet. Returns ``(counts, genes)``: int64 counts in sample-sheet order, and
    gene_name/biotype with gene-id and "unknown" fallbacks.

    Raises
    ------
    InputError
        For values that are not non-negative integers, duplicated gene ids,
        samples missing from the matrix or columns missing from the sheet,
        an all-zero sample or an empty matrix; the message names the cell.
    """
    label = file_label or str(path)
    raw = read_count_table(path, samples, label)  # CSV, gzip, featureCounts, transposed
    if raw.empty or raw.shape[1] < 2:
        raise InputError(
            label,
            "the count matrix has no genes or no sample columns",
            "write genes as rows and samples as columns, tab-separated",
        )
    id_col = raw.columns[0]
    sheet = [str(s) for s in samples.index]
    others = [c for c in raw.columns[1:] if c not in sheet]  # a sample is never an annotation
    symbol_col = _annotation_column(others, SYMBOL_COLUMNS, symbol_column, label, "gene symbols")
    biotype_col = _annotation_column(others, BIOTYPE_COLUMNS, None, label, "biotypes")
    meta_cols = [c for c in (symbol_col, biotype_col) if c]
    ids = raw[id_col]
    dup = ids[ids.duplicated()].unique()
    if len(dup):
        raise InputError(
            label,
            f"{len(dup)} duplicated gene ids, e.g. {', '.join(dup[:3])}",
            "sum or remove duplicated rows so each gene id appears once",
            field=id_col,
        )
    sample_cols = [c for c in raw.columns[1:] if c not in meta_cols]
    missing = [s for s in sheet if s not in sample_cols]
    if missing:
        raise InputError(
            label,
            f"samples of the sheet missing from the matrix: {', '.join(missing)}",
            "add their columns to the matrix or remove them from the sample sheet",
        )
    extra = [c for c in sample_cols if c not in sheet]
    if extra:
        raise InputError(
            label,
            f"columns that are not samples of the sheet: {', '.join(extra)}",
            "add them to the sample sheet or delete the columns (a gene-symbol column is "
            f"read when named {', '.join(SYMBOL_COLUMNS[:4])} or set by symbol_column in "
            "the config)",
        )
    counts = parse_counts(raw[sheet], ids, label)
    counts.index = pd.Index(ids, name="gene_id")
    empty = [s for s in sheet if counts[s].sum() == 0]
    if empty:
        raise InputError(
            label,
            f"samples with no counts at all: {', '.join(empty)}",
            "remove them from the sample sheet or check their column",
        )
    genes = pd.DataFrame(index=counts.index)
    genes["gene_name"] = raw[symbol_col].to_numpy() if symbol_col else counts.index
    genes["gene_name"] = genes["gene_name"].where(genes["gene_name"] != "", genes.index.to_series())
    genes["biotype"] = raw[biotype_col].to_numpy() if biotype_col else "unknown"
    return counts, genes


def check_counted(
    counted: Mapping[str, float], processed: Mapping[str, float], *, min_fraction: float = 0.01
) -> None:
    """Every sample had at least ``min_fraction`` of its reads counted on genes.

    A genome of another species or assembly that happens to use the same
    chromosome names passes every name check, aligns almost nothing and would
    give an all-zero matrix that only fails deep inside DESeq2. Raises ValueError
    naming the samples, the fractions and the likely cause.
    """
    counted, processed = dict(counted), dict(processed)  # Series iterate values, not keys
    low = {
        s: (counted[s], processed.get(s, 0.0))
        for s in counted
        if processed.get(s, 0.0) <= 0 or counted[s] / processed[s] < min_fraction
    }
    if low:
        detail = "; ".join(
            f"{s}: {int(c)} of {int(n)} ({c / n if n else 0:.1%})" for s, (c, n) in low.items()
        )
        raise ValueError(
            f"almost no reads were counted on genes ({detail}). The reads do not belong to "
            "this genome and annotation (another species or assembly with the same "
            "chromosome names?), or the alignment failed: check reference.genome, "
            "reference.gtf and the aligner's log"
        )
