"""The answer first: one self-contained HTML page a biologist opens before anything else.

Per contrast it shows which tumor-secreted ligands drive or suppress the cytotoxic
program (the top of the ligand table), the cytotoxicity score per sample with its
interval, and the volcano plot; then, in words, what this run was (count matrix, reads
or BAMs) and what it skipped or could not use (stages switched off or blocked, gene-set
collections an offline machine could not fetch). The page is ``results/summary.html``
and the landing page of ``snakemake --report``.

Everything here is pure (tables and the run's values in, an HTML string out) but the two
readers under "files", which the workflow's wrapper calls.
"""

from __future__ import annotations

import base64
import html
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from tenseq import io

LIGAND_COLUMNS = ("rank", "ligand", "call", "z", "fdr", "receptor", "targets")
CALLS = ("driver", "suppressor", "relieved suppressor")
STYLE = """
.tenseq-summary { font-family: sans-serif; max-width: 70em; line-height: 1.4; }
.tenseq-summary table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 90%; }
.tenseq-summary th, .tenseq-summary td { border: 1px solid #ccc; padding: 2px 6px; }
.tenseq-summary th { background: #eee; text-align: left; }
.tenseq-summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
.tenseq-summary .driver { color: #b2182b; font-weight: bold; }
.tenseq-summary .suppressor, .tenseq-summary .relieved { color: #2166ac; font-weight: bold; }
.tenseq-summary .flag { color: #888; }
.tenseq-summary img { max-width: 32em; }
"""


class Run(NamedTuple):
    """What the run was, in the values the page shows (built by :meth:`Run.from_config`).

    A tuple of plain values, not the config: the summary rule passes it as its one param,
    and Snakemake reruns the page when the repr of a tuple param changes.
    """

    entry: str  # fastq | bam | counts
    paired: bool
    conditions: tuple[str, ...]  # each sample's condition, in sample-sheet order
    species: str
    source: str  # what it started from: the count matrix, else the GTF (BAMs) or genome (reads)
    trimming: bool  # trimming.activate
    quantifier: str  # star | salmon
    alpha: float  # de.alpha
    contrasts: tuple[str, ...]  # contrast ids of de.contrasts
    pathways: bool  # the pathway stage ran
    pathways_activated: bool  # pathways.activate
    ligands: bool  # the ligand stage ran
    ligands_activated: bool  # ligands.activate
    ligand_sources: tuple[str, ...]  # ligands.sources
    blocked: Mapping[str, str]  # stage -> its input-check message

    @classmethod
    def from_config(
        cls,
        config: Mapping[str, Any],
        *,
        entry: str,
        paired: bool,
        conditions: Sequence[str],
        pathways: bool,
        ligands: bool,
        blocked: Mapping[str, str],
    ) -> Run:
        """The run of a resolved config, its entry point, samples and the stages that ran."""
        reference = config["reference"]
        if entry == "counts":
            source = config["counts"]
        else:
            source = reference["gtf"] if entry == "bam" else reference["genome"]
        return cls(
            entry=entry,
            paired=bool(paired),
            conditions=tuple(str(c) for c in conditions),
            species=reference["species"],
            source=str(source),
            trimming=bool(config["trimming"]["activate"]),
            quantifier=config["quantifier"],
            alpha=config["de"]["alpha"],
            contrasts=tuple(c["id"] for c in config["de"]["contrasts"]),
            pathways=bool(pathways),
            pathways_activated=bool(config["pathways"]["activate"]),
            ligands=bool(ligands),
            ligands_activated=bool(config["ligands"]["activate"]),
            ligand_sources=tuple(config["ligands"]["sources"]),
            blocked=dict(blocked),
        )


@dataclass(frozen=True)
class Contrast:
    """One contrast's results (tables may be absent when their stage did not run)."""

    id: str
    de: pd.DataFrame | None = None
    ligands: pd.DataFrame | None = None
    volcano_png: bytes | None = None


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _number(value: Any) -> str:
    if isinstance(value, int | bool) or pd.isna(value):
        return "" if pd.isna(value) else str(value)
    value = float(value)
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.2g}"
    return f"{value:#.3g}" if abs(value) < 1 else f"{value:.2f}"


def html_table(table: pd.DataFrame, *, classes: Mapping[str, str] | None = None) -> str:
    """A plain HTML table; numbers right-aligned, ``classes`` maps a call to a CSS class."""
    head = "".join(f"<th>{_esc(c)}</th>" for c in table.columns)
    rows = []
    for _, row in table.iterrows():
        cells = []
        for column, value in row.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<td class="num">{_number(value)}</td>')
            else:
                css = (classes or {}).get(str(value)) if column == "call" else None
                attr = f' class="{css}"' if css else ""
                cells.append(f"<td{attr}>{_esc('' if pd.isna(value) else value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


# ---------------------------------------------------------------- ligands
def top_ligands(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` ligands in the table's own order (``rank`` when it has one).

    Columns: rank, ligand, call, z, fdr, receptor, targets (those present). A
    receptor that is not expressed is marked, since such a ligand cannot act
    directly on these cells.
    """
    if "rank" in table.columns:
        table = table.sort_values("rank", kind="mergesort")
    top = table.head(n).copy()
    if "receptor" in top.columns:
        from tenseq.plots.ligands import receptor_missing  # matplotlib: not at DAG time

        receptor = top["receptor"].fillna("").astype(str)
        unmarked = receptor_missing(top) & ~receptor.str.startswith("not expressed")
        top.loc[unmarked, "receptor"] = "not expressed: " + receptor[unmarked]
    return top[[c for c in LIGAND_COLUMNS if c in top.columns]].reset_index(drop=True)


def called(table: pd.DataFrame) -> dict[str, list[str]]:
    """Ligand names per call (driver, suppressor, relieved suppressor), in table order."""
    if "rank" in table.columns:
        table = table.sort_values("rank", kind="mergesort")
    return {
        call: table.loc[table["call"] == call, "ligand"].astype(str).tolist()
        for call in CALLS
        if (table["call"] == call).any()
    }


def calls_sentence(table: pd.DataFrame) -> str:
    """The contrast's answer in one line, e.g. 'drivers: IFNG; relieved suppressors: TGFB1'."""
    groups = called(table)
    if not groups:
        return "no ligand is called at this FDR"
    return "; ".join(f"{call}s: {', '.join(names)}" for call, names in groups.items())


# ---------------------------------------------------------------- run description
def describe_run(run: Run) -> str:
    """What this run started from and did, in one paragraph (not a fixed text)."""
    n = len(run.conditions)
    groups = pd.Series(run.conditions, dtype=object).value_counts(sort=False)
    group_text = ", ".join(f"{name} ({count})" for name, count in groups.items())
    if run.entry == "counts":
        start = (
            f"This run started from a count matrix ({run.source}) of {n} samples; no "
            "reads were trimmed, aligned or counted, so there is no read QC, MultiQC report "
            "or strandedness table."
        )
    elif run.entry == "bam":
        start = (
            f"This run started from the BAM files of {n} samples, counted per gene with "
            f"featureCounts against {run.source}; library strandedness was "
            "read off the data."
        )
    else:
        layout = "paired-end" if run.paired else "single-end"
        trim = "trimmed with fastp, " if run.trimming else "not trimmed, "
        quant = (
            "quantified with salmon"
            if run.quantifier == "salmon"
            else "aligned with STAR and counted with featureCounts"
        )
        start = (
            f"This run started from {layout} reads of {n} samples: {trim}{quant} against "
            f"{run.source}; library strandedness was read off the data."
        )
    return f"{start} Species: {run.species}. Groups: {group_text}."


def skipped(run: Run, collections: pd.DataFrame | None) -> list[str]:
    """Everything the run left out or could not use, one sentence each."""
    notes = []
    contrasts = run.contrasts
    if not contrasts:
        notes.append(
            "No contrasts are set (de.contrasts), so differential expression, pathways and "
            "ligands were not run: only counts, sample QC and provenance."
        )
    if run.entry == "fastq" and not run.trimming:
        notes.append("Read trimming was switched off (trimming.activate: false).")
    for stage, message in run.blocked.items():
        notes.append(f"The {stage} stage was skipped because its input check failed: {message}")
    if contrasts and not run.pathways and "pathways" not in run.blocked:
        if not run.pathways_activated:
            notes.append("Pathway scoring was switched off (pathways.activate: false).")
        else:
            notes.append(
                "Pathway scoring was skipped: species 'other' has no curated programs and "
                "pathways.gene_sets is empty."
            )
    if contrasts and not run.ligands and "ligands" not in run.blocked:
        if not run.ligands_activated:
            notes.append("Ligand ranking was switched off (ligands.activate: false).")
        elif run.pathways:
            notes.append("Ligand ranking was skipped: it needs mouse or human data.")
        else:
            notes.append("Ligand ranking was skipped: it needs the pathway stage.")
    if collections is not None:
        for row in collections.itertuples():
            if row.status == "unavailable":
                # the exception text stays in collections.tsv and the log; the page says
                # what is missing and how to supply it
                note = re.sub(r" \(.*?\); continuing", "; continuing", str(row.note), flags=re.S)
                notes.append(
                    f"Gene-set collection '{row.collection}' ({row.origin}) could not be "
                    f"used: {note.rstrip('.')}. Details in results/pathways/collections.tsv."
                )
    return notes


# ---------------------------------------------------------------- page
def _cytotoxicity_section(cytotoxicity: pd.DataFrame) -> str:
    samples = cytotoxicity[cytotoxicity["level"] == "sample"]
    table = pd.DataFrame(
        {
            "sample": samples["name"].to_numpy(),
            "condition": samples["condition"].to_numpy(),
            "score": samples["score"].to_numpy(float),
            "95% interval": [
                f"{_number(lo)} to {_number(hi)}"
                for lo, hi in zip(samples["ci_low"], samples["ci_high"], strict=True)
            ],
            "genes": samples["n_genes"].to_numpy(),
        }
    ).sort_values(["condition", "sample"], kind="mergesort")
    return (
        "<h2>Cytotoxicity score per sample</h2>"
        "<p>Mean z-score of the cytotoxic program genes (NADPH oxidase and the other sets in "
        "pathways.cytotoxicity_programs) per sample, with a 95% bootstrap interval over "
        "genes (results/pathways/cytotoxicity.tsv).</p>" + html_table(table)
    )


def _contrast_section(
    contrast: Contrast, cytotoxicity: pd.DataFrame | None, alpha: float, n: int
) -> str:
    parts = [f"<h2>Contrast {_esc(contrast.id)}</h2>"]
    if contrast.ligands is not None:
        parts.append(
            f"<p><b>Answer</b>: {_esc(calls_sentence(contrast.ligands))} "
            f"(FDR &lt; ligands.alpha; results/ligands/{_esc(contrast.id)}.tsv).</p>"
        )
    if cytotoxicity is not None:
        row = cytotoxicity[
            (cytotoxicity["level"] == "contrast") & (cytotoxicity["name"] == contrast.id)
        ]
        if len(row):
            effect, p = row["score"].iloc[0], row["pvalue"].iloc[0]
            way = "up" if effect > 0 else "down"
            parts.append(
                f"<p>The cytotoxic program goes {way} in this contrast: mean Wald statistic of "
                f"its genes {_number(effect)}, competitive p = {_number(p)}.</p>"
            )
    if contrast.de is not None:
        tested = contrast.de["padj"].notna()
        significant = tested & (contrast.de["padj"] < alpha)
        up = int((significant & (contrast.de["log2FoldChange"] > 0)).sum())
        down = int((significant & (contrast.de["log2FoldChange"] < 0)).sum())
        parts.append(
            f"<p>Differential expression: {int(tested.sum())} genes tested, {up} up and "
            f"{down} down at padj &lt; {alpha} (results/de/{_esc(contrast.id)}.tsv).</p>"
        )
    if contrast.ligands is not None:
        parts.append(
            f"<h3>Top {n} ligands</h3><p>Drivers move with the cytotoxic program, suppressors "
            "against it; a receptor marked 'not expressed' means the ligand cannot act on "
            "these cells directly.</p>"
        )
        parts.append(
            html_table(
                top_ligands(contrast.ligands, n),
                classes={
                    "driver": "driver",
                    "suppressor": "suppressor",
                    "relieved suppressor": "relieved",
                    "no call": "flag",
                },
            )
        )
    if contrast.volcano_png:
        data = base64.b64encode(contrast.volcano_png).decode("ascii")
        parts.append(
            f'<h3>Volcano plot</h3><img alt="volcano plot of {_esc(contrast.id)}" '
            f'src="data:image/png;base64,{data}">'
        )
    return "\n".join(parts)


def render_summary(
    run: Run,
    contrasts: Sequence[Contrast],
    *,
    cytotoxicity: pd.DataFrame | None = None,
    collections: pd.DataFrame | None = None,
    top: int = 10,
) -> str:
    """The summary page as one self-contained HTML document (images inlined)."""
    alpha = run.alpha
    body = ["<h1>tenseq summary</h1>", f"<p>{_esc(describe_run(run))}</p>"]
    if run.ligands:
        sources = ", ".join(run.ligand_sources)
        body.append(f"<p>Ligand signatures: {_esc(sources)}.</p>")
    for contrast in contrasts:
        body.append(_contrast_section(contrast, cytotoxicity, alpha, top))
    if cytotoxicity is not None:
        body.append(_cytotoxicity_section(cytotoxicity))
    notes = skipped(run, collections)
    body.append("<h2>Skipped or missing</h2>")
    if notes:
        body.append("<ul>" + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>")
    else:
        body.append("<p>Nothing: every stage ran with every gene-set collection.</p>")
    body.append(
        "<p>Everything else: results/ (tables), results/plots/, results/provenance/ "
        "(versions, resolved config, input checksums).</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>tenseq summary</title><style>{STYLE}</style></head>"
        f'<body><div class="tenseq-summary">{"".join(body)}</div></body></html>\n'
    )


# ---------------------------------------------------------------- files
def read_table(paths: Sequence[str | Path]) -> pd.DataFrame | None:
    """The TSV of a one-file input, or None when the stage writing it did not run (no file)."""
    return io.read_tsv(paths[0]) if paths else None


def read_contrasts(
    ids: Sequence[str],
    *,
    de: Sequence[str | Path],
    volcano: Sequence[str | Path],
    ligands: Sequence[str | Path],
) -> list[Contrast]:
    """Each contrast's DE table, ligand table and volcano plot, matched by file name.

    ``de`` and ``ligands`` are ``<contrast>.tsv`` files, ``volcano`` ``<contrast>.volcano.png``;
    a contrast without a file (its stage did not run) has None there.
    """
    tables, calls = io.tables_by_name(de), io.tables_by_name(ligands)
    plots = io.by_name(volcano, ".volcano.png")
    return [
        Contrast(
            id=cid,
            de=tables.get(cid),
            ligands=calls.get(cid),
            volcano_png=plots[cid].read_bytes() if cid in plots else None,
        )
        for cid in ids
    ]


# ---------------------------------------------------------------- terminal
def top_calls_text(results: str | Path, n: int = 5) -> str:
    """Where the page is and each contrast's called ligands, for the end of ``make demo``."""
    results = Path(results)
    lines = [f"summary page: {results / 'summary.html'}"]
    for path in sorted((results / "ligands").glob("*.tsv")):
        if path.name == "sample_activity.tsv":
            continue
        table = pd.read_csv(path, sep="\t")
        head = top_ligands(table[table["call"].isin(CALLS)], n)
        calls = ", ".join(f"{r.ligand} ({r.call}, z {r.z:.1f})" for r in head.itertuples())
        lines.append(f"{path.stem}: {calls or 'no ligand called'}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(top_calls_text(sys.argv[1] if len(sys.argv) > 1 else "results"))
