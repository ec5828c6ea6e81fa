"""The summary page: the answer per contrast, the run in words, what was skipped."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from tenseq import summary
from tenseq.inputs import validate_config
from tests.chromium import rendered_text
from tests.conftest import REPO

SCHEMA = REPO / "workflow" / "schemas" / "config.schema.yaml"
SAMPLES = pd.DataFrame(
    {"condition": ["naive", "naive", "TEN", "TEN"]},
    index=["naive.1", "naive-2", "TEN_1", "TEN.2"],
)


def _config(**extra) -> dict:
    return validate_config({"samples": "s.tsv", **extra}, SCHEMA)


def _run(config, entry, paired, *, pathways, ligands, blocked=None) -> summary.Run:
    return summary.Run.from_config(
        config,
        entry=entry,
        paired=paired,
        conditions=SAMPLES["condition"],
        pathways=pathways,
        ligands=ligands,
        blocked=blocked or {},
    )


def _ligands(with_new_columns: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "ligand": ["IFNG", "TGFB1", "IL12A", "CSF3", "IL6"],
            "call": ["driver", "relieved suppressor", "driver", "no call", "no call"],
            "z": [8.86, -8.54, 6.71, 1.2, -0.5],
            "fdr": [3.4e-17, 2.9e-16, 1.4e-10, 0.4, 0.8],
            "receptor": [
                "Ifngr1_Ifngr2",
                "Tgfbr1_Tgfbr2",
                "not expressed: Il12rb1_Il12rb2",
                "Csf3r",
                "Il6ra_Il6st",
            ],
            "receptor_expressed": [True, True, False, False, True],
            "candidate": ["primary"] * 5,
        }
    )
    if with_new_columns:
        table["rank"] = [2, 1, 3, 4, 5]
        table["targets"] = ["Cxcl9,Cxcl10,Gbp2", "Serpine1,Smad7", "", "", ""]
    return table


def _png() -> bytes:
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def test_top_ligands_follow_rank_and_mark_unexpressed_receptors():
    top = summary.top_ligands(_ligands(with_new_columns=True), n=4)
    assert list(top.columns) == ["rank", "ligand", "call", "z", "fdr", "receptor", "targets"]
    assert top["ligand"].tolist() == ["TGFB1", "IFNG", "IL12A", "CSF3"]
    assert top.loc[1, "targets"] == "Cxcl9,Cxcl10,Gbp2"
    # marked once, whether or not the table already says so
    assert top.loc[2, "receptor"] == "not expressed: Il12rb1_Il12rb2"
    assert top.loc[3, "receptor"] == "not expressed: Csf3r"
    assert top.loc[0, "receptor"] == "Tgfbr1_Tgfbr2"


def test_top_ligands_without_rank_or_targets_keep_table_order():
    top = summary.top_ligands(_ligands(with_new_columns=False), n=2)
    assert list(top.columns) == ["ligand", "call", "z", "fdr", "receptor"]
    assert top["ligand"].tolist() == ["IFNG", "TGFB1"]


def test_calls_in_words():
    assert (
        summary.calls_sentence(_ligands(with_new_columns=False))
        == "drivers: IFNG, IL12A; relieved suppressors: TGFB1"
    )
    nothing = _ligands(False).assign(call="no call")
    assert summary.calls_sentence(nothing) == "no ligand is called at this FDR"


@pytest.mark.parametrize(
    ("entry", "extra", "paired", "expected", "absent"),
    [
        ("counts", {"counts": "m.tsv"}, False, "started from a count matrix (m.tsv) of 4", "STAR"),
        (
            "fastq",
            {"reference": {"genome": "g.fa", "gtf": "g.gtf"}, "quantifier": "salmon"},
            True,
            "paired-end reads of 4 samples: trimmed with fastp, quantified with salmon",
            "count matrix",
        ),
        (
            "bam",
            {"reference": {"gtf": "g.gtf"}},
            False,
            "BAM files of 4 samples, counted per gene with featureCounts against g.gtf",
            "fastp",
        ),
    ],
)
def test_landing_text_describes_the_run_made(entry, extra, paired, expected, absent):
    run = _run(_config(**extra), entry, paired, pathways=False, ligands=False)
    text = summary.describe_run(run)
    assert expected in text and absent not in text, text
    assert "Groups: naive (2), TEN (2)" in text


def test_skipped_stages_and_offline_collections_in_words():
    contrasts = {
        "contrasts": [{"id": "c", "variable": "condition", "target": "TEN", "reference": "naive"}]
    }
    config = _config(counts="m.tsv", de=contrasts, pathways={"activate": False})
    run = _run(config, "counts", False, pathways=False, ligands=False)
    notes = summary.skipped(run, None)
    assert notes == [
        "Pathway scoring was switched off (pathways.activate: false).",
        "Ligand ranking was skipped: it needs the pathway stage.",
    ]
    blocked = _run(
        _config(counts="m.tsv", de=contrasts),
        "counts",
        False,
        pathways=False,
        ligands=False,
        blocked={"pathways": "curated programs: no gene ... `pathways.activate: false`"},
    )
    collections = pd.DataFrame(
        {
            "collection": ["tenseq_neutrophil_programs", "msigdb_mh.all"],
            "origin": ["tenseq", "msigdb"],
            "status": ["shipped", "unavailable"],
            "note": [
                "",
                "MSigDB mh.all 2024.1.Mm: could not be fetched (ConnectionError: Max retries "
                "(Caused by NameResolutionError(...))); continuing without it. To use it "
                "offline, copy the file to .cache/tenseq/msigdb/mh.all.gmt",
            ],
        }
    )
    notes = summary.skipped(blocked, collections)
    assert len(notes) == 3, notes
    assert notes[0].startswith("The pathways stage was skipped because its input check failed")
    assert "`pathways.activate: false`" in notes[0]
    assert notes[1] == "Ligand ranking was skipped: it needs the pathway stage."
    assert notes[2] == (
        "Gene-set collection 'msigdb_mh.all' (msigdb) could not be used: MSigDB mh.all "
        "2024.1.Mm: could not be fetched; continuing without it. To use it offline, copy the "
        "file to .cache/tenseq/msigdb/mh.all.gmt. Details in results/pathways/collections.tsv."
    )
    assert summary.skipped(
        _run(_config(counts="m"), "counts", False, pathways=False, ligands=False), None
    ) == [
        "No contrasts are set (de.contrasts), so differential expression, pathways and "
        "ligands were not run: only counts, sample QC and provenance."
    ]


def test_page_renders_in_chromium_with_the_answer(tmp_path):
    contrasts = {
        "contrasts": [
            {"id": "TEN_vs_naive", "variable": "condition", "target": "TEN", "reference": "naive"}
        ]
    }
    run = _run(
        _config(reference={"genome": "g.fa", "gtf": "g.gtf"}, de=contrasts),
        "fastq",
        True,
        pathways=True,
        ligands=True,
    )
    de = pd.DataFrame({"padj": [0.01, 0.5, None, 0.001], "log2FoldChange": [1.0, 2.0, 3.0, -1.0]})
    cytotoxicity = pd.DataFrame(
        {
            "level": ["sample"] * 4 + ["contrast"],
            "name": [*SAMPLES.index, "TEN_vs_naive"],
            "condition": [*SAMPLES["condition"], ""],
            "score": [-0.8, -0.6, 0.7, 0.9, 2.5],
            "ci_low": [-1.1, -0.9, 0.4, 0.5, None],
            "ci_high": [-0.5, -0.2, 1.0, 1.3, None],
            "pvalue": [None] * 4 + [0.002],
            "n_genes": [6] * 5,
        }
    )
    page = summary.render_summary(
        run,
        [summary.Contrast("TEN_vs_naive", de, _ligands(True), _png())],
        cytotoxicity=cytotoxicity,
        top=3,
    )
    path = tmp_path / "summary.html"
    path.write_text(page)
    text = rendered_text(path)
    for expected in (
        "This run started from paired-end reads of 4 samples",
        "Contrast TEN_vs_naive",
        "Answer : drivers: IFNG, IL12A; relieved suppressors: TGFB1",
        "The cytotoxic program goes up in this contrast: mean Wald statistic of its genes 2.50, "
        "competitive p = 0.002",
        "3 genes tested, 1 up and 1 down at padj < 0.1",
        "rank ligand call z fdr receptor targets",
        "1 TGFB1 relieved suppressor -8.54 2.9e-16 Tgfbr1_Tgfbr2 Serpine1,Smad7",
        "3 IL12A driver 6.71 1.4e-10 not expressed: Il12rb1_Il12rb2",
        "TEN.2 TEN 0.900 0.500 to 1.30 6",
        "naive-2 naive -0.600 -0.900 to -0.200 6",
        "Skipped or missing Nothing: every stage ran",
    ):
        assert expected in text, (expected, text)
    assert "CSF3" not in text  # only the top 3
    assert 'src="data:image/png;base64,' in page  # the volcano travels inside the page


def test_top_calls_for_the_terminal(tmp_path):
    (tmp_path / "ligands").mkdir()
    _ligands(True).to_csv(tmp_path / "ligands" / "TEN_vs_naive.tsv", sep="\t", index=False)
    pd.DataFrame({"x": [1]}).to_csv(tmp_path / "ligands" / "sample_activity.tsv", sep="\t")
    assert summary.top_calls_text(tmp_path).splitlines() == [
        f"summary page: {tmp_path / 'summary.html'}",
        "TEN_vs_naive: TGFB1 (relieved suppressor, z -8.5), IFNG (driver, z 8.9), "
        "IL12A (driver, z 6.7)",
    ]


def test_ranked_plot_marks_ligands_without_an_expressed_receptor(tmp_path, monkeypatch):
    from tenseq.plots import ligands as plots

    figures = []
    monkeypatch.setattr(plots, "save", lambda fig, path: figures.append(fig))
    plots.ranked_bars(_ligands(with_new_columns=True), tmp_path / "ranked.png")
    ax = figures[0].axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["IL6", "CSF3*", "IL12A*", "IFNG", "TGFB1"]  # by rank, first on top
    hatches = [bar.get_hatch() for bar in ax.patches[: len(names)]]
    assert hatches == [None, "///", "///", None, None]
    assert "* no expressed receptor" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_the_run_is_the_values_the_page_shows_not_the_config():
    contrasts = {
        "contrasts": [{"id": "c", "variable": "condition", "target": "TEN", "reference": "naive"}]
    }
    config = _config(
        reference={"genome": "g.fa", "gtf": "g.gtf", "species": "human"},
        de={**contrasts, "alpha": 0.01},
        trimming={"activate": False},
        quantifier="salmon",
    )
    reads = _run(config, "fastq", False, pathways=True, ligands=False)
    assert reads == (
        "fastq",
        False,
        ("naive", "naive", "TEN", "TEN"),
        "human",
        "g.fa",
        False,
        "salmon",
        0.01,
        ("c",),
        True,
        True,
        False,
        True,
        tuple(config["ligands"]["sources"]),
        {},
    )
    assert _run(config, "bam", True, pathways=False, ligands=False).source == "g.gtf"
    counts = _run(_config(counts="m.tsv"), "counts", False, pathways=False, ligands=False)
    assert (counts.source, counts.contrasts, counts.alpha) == ("m.tsv", (), 0.1)
    # a tuple of plain values: Snakemake compares its repr to rerun the page on a change
    assert eval(repr(reads), {"Run": summary.Run}) == reads


def test_contrast_files_are_matched_by_name_and_missing_stages_are_none(tmp_path):
    (tmp_path / "b.tsv").write_text("padj\tlog2FoldChange\n0.01\t1.5\n")
    (tmp_path / "a.tsv").write_text("padj\tlog2FoldChange\n0.5\t-1\n")
    (tmp_path / "a.volcano.png").write_bytes(b"png")
    de = [tmp_path / "b.tsv", tmp_path / "a.tsv"]
    found = summary.read_contrasts(
        ["a", "b"], de=de, volcano=[tmp_path / "a.volcano.png"], ligands=[]
    )
    assert [c.id for c in found] == ["a", "b"]
    assert found[0].de["padj"].tolist() == [0.5]
    assert found[1].de["log2FoldChange"].tolist() == [1.5]
    assert (found[0].volcano_png, found[1].volcano_png) == (b"png", None)
    assert found[0].ligands is None and summary.read_table([]) is None
