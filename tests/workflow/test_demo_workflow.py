"""The whole read-to-count route on the seeded demo, compared with the simulated truth."""

from __future__ import annotations

import re
from pathlib import Path

import anndata as ad
import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.stats import spearmanr

from .runner import run_snakemake

pytestmark = pytest.mark.workflow

PROGRAM = ["Cybb", "Cyba", "Ncf1", "Ncf2", "Ncf4", "Rac2"]


def _truth(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    counts = pd.read_csv(root / "data" / "truth_counts.tsv", sep="\t", index_col="gene_id")
    lfc = pd.read_csv(root / "data" / "truth_lfc.tsv", sep="\t", index_col="gene_id")
    return counts, lfc


def _log2_ratio(counts: pd.DataFrame, samples: pd.DataFrame) -> pd.Series:
    """log2 TEN/naive of library-size normalized means (pseudo-count 1)."""
    norm = counts / counts.sum() * counts.sum().mean()
    ten = norm[samples.index[samples["condition"] == "TEN"]].mean(axis=1)
    naive = norm[samples.index[samples["condition"] == "naive"]].mean(axis=1)
    return np.log2((ten + 1) / (naive + 1))


@pytest.mark.parametrize("route", ["star_run", "salmon_run"])
def test_counts_match_simulated_truth(route, demo, request):
    work = request.getfixturevalue(route)
    truth_counts, truth_lfc = _truth(demo[0])
    table = pd.read_csv(work / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    samples = pd.read_csv(demo[0] / "data" / "samples.tsv", sep="\t", index_col="sample")
    observed = table[samples.index]
    truth = truth_counts.loc[observed.index, samples.index]
    # every sample's gene counts rank like the truth
    for sample in samples.index:
        rho = spearmanr(observed[sample], truth[sample]).statistic
        assert rho >= 0.95, (route, sample, rho)
    # most simulated fragments are counted (STAR/featureCounts or salmon)
    recovered = observed.sum() / truth.sum()
    assert (recovered > 0.85).all() and (recovered <= 1.0).all(), recovered
    # planted fold changes of well-expressed genes come back within 0.3 log2 units
    planted = truth_lfc.index[truth_lfc["is_planted"] & (truth.mean(axis=1) >= 200)]
    assert len(planted) >= 10
    estimate = _log2_ratio(observed, samples).loc[planted]
    error = (estimate - truth_lfc.loc[planted, "log2fc"]).abs()
    assert error.max() <= 0.3, error.sort_values().tail()
    # the NADPH oxidase program is up in TEN
    program = table.index[table["gene_name"].isin(PROGRAM)]
    assert (_log2_ratio(observed, samples).loc[program] > 0.5).all()


@pytest.mark.parametrize("route", ["star_run", "salmon_run"])
def test_strandedness_inferred_reverse(route, request):
    work = request.getfixturevalue(route)
    table = pd.read_csv(work / "results/qc/strandedness.tsv", sep="\t")
    assert len(table) == 6
    assert (table["inferred"] == "reverse").all()
    assert (table["fraction_forward"] < 0.05).all()
    # declared "auto": every sample is counted with the strand read off its data
    assert (table["counted_as"] == "reverse").all()


def test_anndata_layout(star_run, demo):
    adata = ad.read_h5ad(star_run / "results/counts/counts.h5ad")
    table = pd.read_csv(star_run / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    assert adata.shape == (6, len(table))
    assert list(adata.var_names) == list(table.index)
    assert {"gene_name", "biotype"} <= set(adata.var.columns)
    assert set(adata.obs["condition"]) == {"naive", "TEN"}
    assert np.issubdtype(adata.layers["counts"].dtype, np.integer)
    np.testing.assert_array_equal(adata.layers["counts"], table[adata.obs_names].T.to_numpy())
    np.testing.assert_array_equal(np.asarray(adata.X), adata.layers["counts"])


def test_multiqc_sees_every_tool(star_run):
    html = (star_run / "results/qc/multiqc_report.html").read_text(errors="replace")
    for module in ("fastp", "STAR", "featureCounts", "Samtools"):
        assert module in html, module
    summary = pd.read_csv(
        star_run / "results/counts/featurecounts.summary", sep="\t", index_col="Status"
    )
    counts = pd.read_csv(star_run / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    # the summary MultiQC reads is the one of the strand the matrix was counted on
    np.testing.assert_array_equal(summary.loc["Assigned"], counts[summary.columns].sum())


def test_rerun_is_a_no_op(star_run):
    config = star_run / "config.yaml"
    proc = run_snakemake(star_run, config, "--dry-run", "results/counts/counts.tsv")
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_dropped_sample_rebuilds_the_count_matrix_without_it(star_run):
    """A sample dropped from the sheet reruns everything behind the FASTQ check gate.

    Every alignment waits for the gate, which the new sample set rewrites; the count
    matrix must be rebuilt without the sample (not kept, as an ancient() gate would).
    """
    config = yaml.safe_load((star_run / "config.yaml").read_text())
    sheet = pd.read_csv(config["samples"], sep="\t")
    fewer = star_run / "samples_without_TEN_3.tsv"
    sheet[sheet["sample"] != "TEN_3"].to_csv(fewer, sep="\t", index=False)
    changed = star_run / "config_without_TEN_3.yaml"
    changed.write_text(yaml.safe_dump({**config, "samples": str(fewer)}))
    proc = run_snakemake(star_run, changed, "--dry-run", "results/counts/counts.tsv")
    out = proc.stdout + proc.stderr
    planned = dict(re.findall(r"^(\w+)\s+(\d+)$", out, re.MULTILINE))
    assert planned["count_matrix"] == "1", out[-2000:]
    assert planned["fastq_gate"] == planned["fastq_checks"] == "1"
    assert planned["star_align"] == planned["featurecounts"] == "5"
    matrix_job = out[out.index("rule count_matrix:") :].split("\n\n")[0]
    assert "featurecounts/TEN_2," in matrix_job and "featurecounts/TEN_3" not in matrix_job


def test_de_recovers_planted_fold_changes(star_run, demo):
    _, truth_lfc = _truth(demo[0])
    table = pd.read_csv(star_run / "results/de/TEN_vs_naive.tsv", sep="\t", index_col="gene_id")
    planted = truth_lfc.index[truth_lfc["is_planted"]]
    strong = truth_lfc.index[truth_lfc["log2fc"].abs() >= 0.8]
    assert (table.loc[planted, "padj"] < 0.05).all()
    assert (table.loc[strong, "padj"] < 0.01).all()
    assert (
        np.sign(table.loc[planted, "log2FoldChange"]) == np.sign(truth_lfc.loc[planted, "log2fc"])
    ).all()
    # 3 vs 3 at ~900 fragments per planted gene: sd of the error ~0.12
    error = table.loc[planted, "log2FoldChange"] - truth_lfc.loc[planted, "log2fc"]
    assert error.abs().mean() < 0.15 and error.abs().max() < 0.45, error.abs().describe()
    null = truth_lfc.index[truth_lfc["log2fc"] == 0].intersection(table.index)
    assert (table.loc[null, "padj"] < 0.1).mean() < 0.05


def test_sample_qc_and_de_anndata(star_run):
    qc = pd.read_csv(star_run / "results/qc/samples.tsv", sep="\t", index_col="sample")
    counts = pd.read_csv(star_run / "results/counts/counts.tsv", sep="\t", index_col="gene_id")
    assert not qc["outlier"].any()
    assert (qc["library_size"] == counts[qc.index].sum()).all()
    assert qc["frac_mito"].between(0.005, 0.2).all()  # the demo's 5 mitochondrial genes
    # PC1 separates TEN from naive
    assert (np.sign(qc["PC1"]).groupby(qc["condition"]).nunique() == 1).all()
    adata = ad.read_h5ad(star_run / "results/de/de.h5ad")
    assert {"counts", "normalized", "vst"} <= set(adata.layers)
    assert "X_pca" in adata.obsm and "de_TEN_vs_naive" in adata.varm
    assert adata.uns["de"]["design"] == "~ condition"
    for plot in ("de/TEN_vs_naive.volcano.png", "de/TEN_vs_naive.ma.png", "qc/pca.png"):
        assert (star_run / "results/plots" / plot).read_bytes()[:4] == b"\x89PNG"


def test_provenance_records_tools_and_inputs(star_run):
    versions = pd.read_csv(star_run / "results/provenance/versions.tsv", sep="\t")
    recorded = dict(zip(versions["name"], versions["version"], strict=True))
    assert recorded["STAR"] == "2.7.10b" and recorded["pydeseq2"] == "0.5.4"
    inputs = pd.read_csv(star_run / "results/provenance/inputs.tsv", sep="\t")
    assert set(inputs["role"]) == {"sample_sheet", "reference_genome", "reference_gtf"}
    assert inputs["sha256"].str.fullmatch("[0-9a-f]{64}").all()


def test_report_bundles_plots_with_captions(star_run):
    run_snakemake(star_run, star_run / "config.yaml", "--report", "report.html")
    html = (star_run / "report.html").read_text(errors="replace")
    for text in (
        "TEN_vs_naive.volcano.png",
        "pca.png",
        "multiqc_report.html",
        "neutrophil cytotoxic program",
        "TEN_vs_naive.ranked.png",  # ligand calls
        "collections.tsv",  # which gene-set collections were used (offline: which missing)
        "versions.tsv",  # provenance
        "What this run used",
        "summary.html",
        "This run started from paired-end reads of 6 samples",  # landing text: the summary
        "TEN_vs_naive.tsv",  # the ligand table itself, not only its plot
        "cytotoxicity.tsv",
    ):
        assert text in html, text


def test_summary_page_gives_the_demo_answer_first(star_run):
    """results/summary.html as Chromium renders it, and the same page opening the report."""
    from tests.chromium import rendered_text

    text = rendered_text(star_run / "results/summary.html")
    for expected in (
        "This run started from paired-end reads of 6 samples: trimmed with fastp, aligned "
        "with STAR and counted with featureCounts",
        "Groups: naive (3), TEN (3)",
        "Ligand signatures: cytosig.",
        "Contrast TEN_vs_naive",
        "drivers: IFNG",
        "relieved suppressors: TGFB1",
        "IFNG driver",
        "Ifngr1_Ifngr2",
        "not expressed: Il27ra_Il6st",  # IL27's receptor is not in the demo genome
        "Cytotoxicity score per sample",
        # offline: the hallmarks the demo asks for are named as missing
        "Gene-set collection 'msigdb_mh.all' (msigdb) could not be used",
    ):
        assert expected in text, (expected, text[:3000])
    assert "count matrix" not in text


def test_pathways_find_the_planted_programs(star_run):
    gsea = pd.read_csv(
        star_run / "results/pathways/TEN_vs_naive.prerank.tsv", sep="\t", index_col="set"
    )
    ulm = pd.read_csv(star_run / "results/pathways/TEN_vs_naive.ulm.tsv", sep="\t", index_col="set")
    for table, score in ((gsea, "nes"), (ulm, "score")):
        assert table.loc["TENSEQ_NADPH_OXIDASE_H2O2", score] > 0
        assert table.loc["TENSEQ_TYPE_I_IFN_RESPONSE", score] > 0
        assert table.loc["TENSEQ_TGFB_RESPONSE", score] < 0
    assert gsea.loc["TENSEQ_NADPH_OXIDASE_H2O2", "fdr"] < 0.05
    assert ulm.loc["TENSEQ_NADPH_OXIDASE_H2O2", "fdr"] < 0.001
    # programs with no planted change are not called
    assert gsea.loc["TENSEQ_N2_PROTUMOR", "fdr"] > 0.1
    cyto = pd.read_csv(star_run / "results/pathways/cytotoxicity.tsv", sep="\t")
    contrast = cyto[cyto["level"] == "contrast"].set_index("name").loc["TEN_vs_naive"]
    assert contrast["score"] > 2 and contrast["pvalue"] < 0.001
    samples = cyto[cyto["level"] == "sample"]
    ten = samples.loc[samples["condition"] == "TEN", "score"]
    naive = samples.loc[samples["condition"] == "naive", "score"]
    assert ten.min() > naive.max()


def test_pathway_outputs_offline_and_per_sample(star_run):
    results = star_run / "results/pathways"
    # offline: MSigDB and PROGENy are listed as unavailable, the curated sets carry on
    collections = pd.read_csv(results / "collections.tsv", sep="\t").set_index("collection")
    assert collections.loc["tenseq_neutrophil_programs", "n_sets"] == 8
    assert collections.loc["msigdb_mh.all", "status"] == "unavailable"
    assert "copy the file to" in collections.loc["msigdb_mh.all", "note"]
    adata = ad.read_h5ad(results / "pathways.h5ad")
    ten = (adata.obs["condition"] == "TEN").to_numpy()
    for key in ("pathways_ulm", "pathways_ssgsea"):
        nadph = adata.obsm[key]["TENSEQ_NADPH_OXIDASE_H2O2"]
        assert nadph[ten].min() > nadph[~ten].max(), key
    ssgsea = pd.read_csv(results / "sample_ssgsea.tsv", sep="\t", index_col="sample")
    # the TSV keeps 6 significant digits
    np.testing.assert_allclose(
        ssgsea.loc[adata.obs_names], adata.obsm["pathways_ssgsea"], rtol=1e-5
    )
    # the demo's simulated % killing follows the NADPH oxidase program
    phenotype = pd.read_csv(results / "phenotype_correlation.tsv", sep="\t", index_col="feature")
    # (6 samples in two groups: within-group order is noise, so Spearman can sit at 0.6
    # while Pearson, carried by the groups, is high)
    assert phenotype.loc["cytotoxicity", "pearson_r"] > 0.8
    assert phenotype.loc["cytotoxicity", "spearman_rho"] > 0.4
    assert phenotype.loc["ulm:TENSEQ_NADPH_OXIDASE_H2O2", "pearson_r"] > 0.8
    assert phenotype.loc["ulm:TENSEQ_TGFB_RESPONSE", "pearson_r"] < -0.8


def test_ligand_table_on_the_demo(star_run):
    """The TENs carry SecAct's IFN-gamma response (up) and TGF-beta1 response (down).

    The demo infers with CytoSig alone, so recovering them is not circular
    (tenseq.datasets.demo.ligand_response). IFN-gamma raises and TGF-beta1 blocks killing.
    """
    table = pd.read_csv(star_run / "results/ligands/TEN_vs_naive.tsv", sep="\t")
    assert len(table) == 43 and set(table["sources"]) == {"cytosig"}
    ranked = table.set_index("ligand")
    ifng, tgfb1 = ranked.loc["IFNG"], ranked.loc["TGFB1"]
    assert (ifng["call"], ifng["candidate"]) == ("driver", "primary")
    assert (tgfb1["call"], tgfb1["candidate"]) == ("relieved suppressor", "primary")
    assert ifng["z"] > 5 and tgfb1["z"] < -5
    assert ifng["receptor"] == "Ifngr1_Ifngr2" and tgfb1["receptor"] == "Tgfbr1_Tgfbr2"
    # the two planted ligands are the only calls, lead the table (rank 1 and 2) and have
    # the two largest |z| of all 43
    assert set(table["ligand"][:2]) == {"IFNG", "TGFB1"}
    assert list(table["rank"]) == list(range(1, 44))
    assert set(table["z"].abs().nlargest(2).index.map(table["ligand"])) == {"IFNG", "TGFB1"}
    assert (table["call"] != "no call").sum() == 2
    # the rotation test on the design's 4 residual df is said in the table
    assert table["null"].iloc[0].startswith("rotation (4 residual df")
    # the genes that carry IFN-gamma's activity are interferon targets
    assert {"Irf1", "Stat1", "Gbp2"} <= set(ifng["targets"].split(","))
    # interferons that share IFN-gamma's response are explained by it, not called
    for ligand in ("IFNB1", "IL27", "IFNL1"):
        row = ranked.loc[ligand]
        assert row["fdr"] < 0.01 and row["fdr_conditional"] > 0.1, ligand
        assert (row["candidate"], row["call"]) == ("explained by IFNG", "no call"), ligand
    # ... but share the interferon family's call; the STAT3 family is explained away
    assert ranked.loc["IFNB1", "family_call"] == "driver"
    assert ranked.loc["IL27", "family_call"] == "no call"
    # per-sample activity separates the groups, and follows the simulated killing
    assert ifng["sample_rho"] > 0.4 and tgfb1["sample_rho"] < -0.4
    samples = pd.read_csv(star_run / "results/ligands/sample_activity.tsv", sep="\t")
    assert set(samples["source"]) == {"cytosig"}
    ifng = samples[(samples["ligand"] == "IFNG") & (samples["source"] == "cytosig")].iloc[0]
    assert min(ifng[f"TEN_{i}"] for i in (1, 2, 3)) > max(ifng[f"naive_{i}"] for i in (1, 2, 3))


def test_ligand_table_with_both_sources(salmon_run):
    """With SecAct too (the source the demo's responses came from), calls stay few.

    SecAct's stromal and ECM signatures are collinear with its TGF-beta1 response:
    without forward selection ~1,000 of its 1,170 ligands pass FDR 0.1 on this demo.
    """
    table = pd.read_csv(salmon_run / "results/ligands/TEN_vs_naive.tsv", sep="\t")
    assert len(table) == 1181  # every ligand of either source, shared ones once
    ranked = table.set_index("ligand")
    assert ranked.loc["IFNG", "call"] == "driver"
    assert ranked.loc["TGFB1", "call"] == "relieved suppressor"
    assert ranked.loc["IFNG", "sources"] == "cytosig;secact"
    assert (table["fdr"] < 0.1).sum() > 100  # the collinear signatures, marginally
    assert (table["call"] != "no call").sum() <= 5  # at most ligands.max_selected
    assert set(table.loc[table["call"] != "no call", "ligand"].head(2)) <= {"IFNG", "TGFB1"}
    assert table["explained_by"].fillna("").str.len().gt(0).sum() > 100
