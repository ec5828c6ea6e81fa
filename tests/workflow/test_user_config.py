"""A user's own config and data, first time: defaults only from the schema, real inputs.

The data are the mb135 IFN-gamma count matrix (../shared/data/ligand_treatments, see its
PROVENANCE.md) as public data come: GENCODE ids with version suffixes, a symbol and a
gene_type column, hyphenated sample names. It is cut to its 2,000 best-expressed genes
(plus the cytotoxic program) in a scratch directory so DE takes seconds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tenseq.inputs import validate_config
from tests.chromium import rendered_text

from .runner import REPO, SNAKEMAKE, run_snakemake

pytestmark = [pytest.mark.workflow, pytest.mark.realdata]

PROGRAM = ["CYBB", "CYBA", "NCF1", "NCF2", "NCF4", "RAC2", "MPO", "ELANE", "MET", "NOS2"]


@pytest.fixture(scope="module")
def mb135(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sample sheet as published, the count matrix cut to 2,000 genes)."""
    data = shared_dir / "data" / "ligand_treatments" / "mb135_ifng_fredhutch"
    matrix = pd.read_csv(data / "rse_cds_mRNA_counts.tsv.gz", sep="\t")
    samples = pd.read_csv(data / "samplesheet.tsv", sep="\t")["sample"].tolist()
    top = matrix[samples].mean(axis=1).sort_values(ascending=False).index[:2000]
    keep = sorted(set(top) | set(matrix.index[matrix["gene_name"].isin(PROGRAM)]))
    path = tmp_path_factory.mktemp("mb135") / "counts.tsv"
    matrix.loc[keep].to_csv(path, sep="\t", index=False)
    return data / "samplesheet.tsv", path


def _snakemake(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Snakemake as a user types it, without the test runner's --configfile."""
    return subprocess.run(
        [str(SNAKEMAKE), *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def _write(work: Path, config: dict) -> Path:
    path = work / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def minimal_run(mb135, tmp_path_factory: pytest.TempPathFactory):
    """Only the two keys a count-matrix run must have; a scratch directory, no demo files."""
    sheet, counts = mb135
    work = tmp_path_factory.mktemp("minimal")
    user = {"samples": str(sheet), "counts": str(counts)}
    run_snakemake(work, _write(work, user))
    return work, user


def test_minimal_config_runs_with_the_schema_defaults(minimal_run):
    work, user = minimal_run
    recorded = yaml.safe_load((work / "results/provenance/config.yaml").read_text())
    # nothing from the demo underneath: the recorded config is the user's two keys plus
    # exactly the documented defaults
    assert recorded == validate_config(user, REPO / "workflow/schemas/config.schema.yaml")
    assert recorded["ligands"]["sources"] == ["cytosig_expand", "secact"]
    assert recorded["conditions"] is None and recorded["de"]["contrasts"] == []
    assert recorded["reference"] == {"species": "mouse"}
    assert recorded["ligands"]["permutations"] == 0 and recorded["pathways"]["seed"] == 42
    # a count-matrix run reads no genome or GTF and lists none as its input
    inputs = pd.read_csv(work / "results/provenance/inputs.tsv", sep="\t")
    assert set(inputs["role"]) == {"sample_sheet", "count_matrix"}


def test_hyphenated_names_and_gene_type_column_pass_through(minimal_run, mb135):
    work, _ = minimal_run
    counts = pd.read_csv(work / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    assert "DCH7_DOX-pulse_1" in counts.columns and "gene_type" not in counts.columns
    # the PROVENANCE.md sanity check: CXCL10 goes from ~1 to ~10k reads under IFN-gamma
    cxcl10 = counts.index[counts["gene_name"] == "CXCL10"][0]
    assert cxcl10.startswith("ENSG00000169245")
    assert counts.loc[cxcl10, "DCH1_Untreated_1"] <= 5
    assert counts.loc[cxcl10, ["DCH4_IFNg_1", "DCH5_IFNg_2", "DCH6_IFNg_3"]].min() > 5000
    qc = pd.read_csv(work / "results/qc/samples.tsv", sep="\t", index_col="sample")
    assert (
        qc.loc["DCH10_DOX-pulse_IFNg_1", "library_size"] == counts["DCH10_DOX-pulse_IFNg_1"].sum()
    )


def test_minimal_run_summary_says_what_ran(minimal_run):
    work, _ = minimal_run
    text = rendered_text(work / "results/summary.html")
    assert "This run started from a count matrix" in text and "of 12 samples" in text
    assert "no reads were trimmed, aligned or counted" in text
    assert "No contrasts are set (de.contrasts)" in text
    assert "Groups: control (3), DOX_pulse_IFNg (3), IFNG (3), DOX_pulse (3)" in text


def test_report_after_the_run_needs_no_configfile(minimal_run):
    work, _ = minimal_run
    proc = _snakemake("-s", str(REPO / "Snakefile"), "-d", str(work), "--report", "report.html")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "using results/provenance/config.yaml of the last run" in proc.stderr
    text = rendered_text(work / "report.html", wait_ms=15000)
    # the landing page of the report is the summary of this run
    assert "This run started from a count matrix" in text, text[:2000]
    assert "No contrasts are set" in text


def test_no_config_at_all_says_how_to_start(tmp_path):
    proc = _snakemake("-s", str(REPO / "Snakefile"), "-d", str(tmp_path), "-n")
    assert proc.returncode != 0
    assert "--configfile config/examples/demo.yaml" in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def contrast_run(mb135, tmp_path_factory: pytest.TempPathFactory):
    """IFN-gamma vs untreated (3 v 3) with pathways and CytoSig ligands, few permutations."""
    sheet, counts = mb135
    work = tmp_path_factory.mktemp("ifng")
    # the two groups of the contrast only (half the DE work), and the symbol column as a
    # DESeq2/tximport export names it
    samples = pd.read_csv(sheet, sep="\t")
    samples = samples[samples["condition"].isin(["IFNG", "control"])]
    samples.to_csv(work / "samples.tsv", sep="\t", index=False)
    matrix = pd.read_csv(counts, sep="\t").rename(columns={"gene_name": "symbol"})
    renamed = work / "counts.tsv"
    matrix[["gene_id", "symbol", "gene_type", *samples["sample"]]].to_csv(
        renamed, sep="\t", index=False
    )
    config = {
        "samples": str(work / "samples.tsv"),
        "counts": str(renamed),
        "reference": {"species": "human"},
        "de": {
            "contrasts": [
                {
                    "id": "IFNG_vs_control",
                    "variable": "condition",
                    "target": "IFNG",
                    "reference": "control",
                }
            ]
        },
        "pathways": {"permutations": 100, "ssgsea": False},
        "ligands": {"sources": ["cytosig"], "permutations": 100},
    }
    run_snakemake(work, _write(work, config))
    return work


def test_count_matrix_route_reaches_ligands(contrast_run):
    de = pd.read_csv(
        contrast_run / "results/de/IFNG_vs_control.tsv", sep="\t", index_col="gene_name"
    )
    for gene in ("CXCL10", "GBP1", "IDO1"):  # PROVENANCE.md: each up by orders of magnitude
        assert de.loc[gene, "log2FoldChange"] > 4 and de.loc[gene, "padj"] < 1e-10, gene
    ligands = pd.read_csv(contrast_run / "results/ligands/IFNG_vs_control.tsv", sep="\t")
    # the ligand that was added is among the three strongest CytoSig activities (on this
    # 2,000-gene cut: IFNG z 8.4, IL27 7.7, TNF 7.1; IFNGR2 is cut away, so it is flagged
    # as having no expressed receptor)
    top = ligands.reindex(ligands["z"].abs().sort_values(ascending=False).index).head(3)
    assert "IFNG" in top["ligand"].tolist(), top
    assert ligands.set_index("ligand").loc["IFNG", "z"] > 5


def test_contrast_summary_page_in_chromium(contrast_run):
    text = rendered_text(contrast_run / "results/summary.html")
    ligands = pd.read_csv(contrast_run / "results/ligands/IFNG_vs_control.tsv", sep="\t")
    first = ligands.iloc[0]  # the table's first row (on this cut IFNG lacks IFNGR2: not first)
    for expected in (
        "This run started from a count matrix",
        "Species: human",
        "Ligand signatures: cytosig.",
        "Contrast IFNG_vs_control",
        "ligand call z fdr receptor",
        f"{first['ligand']} {first['call']} {first['z']:.2f}",
        "Cytotoxicity score per sample",
        "DCH4_IFNg_1 IFNG",
        "95% interval",
        "Skipped or missing",
    ):
        assert expected in text, (expected, text[:3000])
    collections = pd.read_csv(contrast_run / "results/pathways/collections.tsv", sep="\t")
    for row in collections[collections["status"] == "unavailable"].itertuples():
        # offline machines: the page names each collection it could not fetch
        assert f"Gene-set collection '{row.collection}' ({row.origin}) could not be used" in text
    html = (contrast_run / "results/summary.html").read_text()
    assert html.count('src="data:image/png;base64,') == 1  # the volcano plot


# ------------------------------------------------------------------ wildcards
def test_dotted_and_hyphenated_names_resolve_every_bam_route_job(shared_dir, tmp_path):
    """Dry run of the BAM route: every per-sample job resolves with '.'/'-' in the names."""
    data = shared_dir / "data" / "airway_bam_subset"
    runs = {"SRR1039508": "untrt", "SRR1039509": "trt", "SRR1039512": "untrt", "SRR1039513": "trt"}
    names = {run: f"{run}.dex-{dex}.1" for run, dex in runs.items()}
    sheet = tmp_path / "samples.tsv"
    pd.DataFrame(
        [
            {"sample": names[run], "condition": dex, "bam": str(data / f"{run}_subset.bam")}
            for run, dex in runs.items()
        ]
    ).to_csv(sheet, sep="\t", index=False)
    config = {
        "samples": str(sheet),
        "reference": {"gtf": str(data / "Homo_sapiens.GRCh37.75_subset.gtf"), "species": "human"},
        "de": {
            "contrasts": [
                {
                    "id": "trt_vs_untrt",
                    "variable": "condition",
                    "target": "trt",
                    "reference": "untrt",
                }
            ]
        },
    }
    proc = run_snakemake(tmp_path, _write(tmp_path, config), "--dry-run")
    out = proc.stdout + proc.stderr
    for name in names.values():
        for path in (
            f"results/counts/featurecounts/{name},",
            f"results/qc/samtools/{name},",
        ):
            assert path in out, path
    # the 20-gene GTF shares no gene with the curated programs: only the pathway stage
    # (and the ligands after it) is left out, with the switch that turns it off
    assert "the pathways stage is skipped" in out and "`pathways.activate: false`" in out
    assert "rule deseq2:" in out and "rule pathway" not in out and "rule ligands:" not in out


# ------------------------------------------------------------------ as a module
def test_runs_as_a_module_of_another_workflow(minimal_run, tmp_path):
    """An outer workflow elsewhere uses tenseq's rules; schemas and scripts come from tenseq."""
    work, user = minimal_run
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(user))
    (tmp_path / "Snakefile").write_text(
        'configfile: "config.yaml"\n\n\n'
        "module tenseq:\n"
        f'    snakefile:\n        "{REPO / "Snakefile"}"\n'
        "    config:\n        config\n\n\n"
        "use rule * from tenseq\n"
    )
    # the scripts of three rules run from the module; sample QC is left out for time
    targets = ["results/counts/counts.tsv", "results/summary.html", "results/provenance/inputs.tsv"]
    proc = _snakemake("--cores", "2", "--directory", str(tmp_path), *targets, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-4000:]
    for table in ("counts/counts.tsv", "provenance/inputs.tsv"):
        assert (tmp_path / "results" / table).read_bytes() == (
            work / "results" / table
        ).read_bytes()
    text = rendered_text(tmp_path / "results/summary.html")
    assert "This run started from a count matrix" in text
