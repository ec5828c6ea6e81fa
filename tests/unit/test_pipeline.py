"""The workflow's target list, file lists, tool arguments and job sizing (tenseq.pipeline)."""

import gzip
import shlex
from types import SimpleNamespace

import pytest

from tenseq import pipeline
from tenseq.errors import InputError
from tenseq.pipeline import by_attempt


def test_by_attempt_grows_linearly_with_retries():
    size = by_attempt(3000, per_unit=20, units=50)
    assert [size(None, attempt) for attempt in (1, 2, 3)] == [4000, 8000, 12000]
    assert by_attempt(15)(None, 2) == 30


def test_light_jobs_double_and_medium_jobs_grow_linearly():
    assert [pipeline.mem_small(None, a) for a in (1, 2, 3)] == [1000, 2000, 4000]
    assert [pipeline.mem_medium(None, a) for a in (1, 2)] == [4000, 8000]


def test_star_memory_scales_with_the_genome_with_a_floor():
    mouse = 2_700_000_000
    assert pipeline.mem_star_index(mouse)(None, 1) == 29700  # 11 bytes per base
    assert pipeline.mem_star_index(mouse)(None, 2) == 59400
    assert pipeline.mem_star_align(mouse)(None, 1) == 24300 + 2000  # 9 per base + sorting
    # the demo's genome (a few Mb) still gets the 2 GB floor
    assert pipeline.mem_star_index(3_000_000)(None, 1) == 2000
    assert pipeline.mem_star_align(3_000_000)(None, 1) == 2027


def test_de_sizing_grows_with_samples():
    assert pipeline.mem_de(6)(None, 1) == 2180
    assert pipeline.mem_de(1000)(None, 2) == 64000
    assert pipeline.runtime_de(6)(None, 1) == 36
    assert pipeline.runtime_de(100)(None, 3) == 390


def test_genome_bytes_estimates_gzip_as_four_times_its_size(tmp_path):
    plain = tmp_path / "g.fa"
    plain.write_text(">1\n" + "ACGT" * 250 + "\n")
    assert pipeline.genome_bytes(plain) == 1004
    packed = tmp_path / "g.fa.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert pipeline.genome_bytes(packed) == 4 * packed.stat().st_size


def test_targets_of_a_full_fastq_run():
    out = pipeline.targets(
        contrasts=["b_vs_a", "c_vs_a"], entry="fastq", pathways=True, ligands=True
    )
    assert out[:8] == [
        "results/counts/counts.tsv",
        "results/counts/counts.h5ad",
        "results/provenance/versions.tsv",
        "results/qc/samples.tsv",
        "results/plots/qc/pca.png",
        "results/plots/qc/sample_correlation.png",
        "results/plots/qc/library_sizes.png",
        "results/summary.html",
    ]
    assert "results/de/c_vs_a.tsv" in out and "results/plots/de/b_vs_a.ma.png" in out
    assert "results/pathways/cytotoxicity.tsv" in out
    # one pathway job per contrast: its tables and figures are targets of their own
    assert "results/pathways/c_vs_a.ulm.tsv" in out
    assert "results/plots/pathways/b_vs_a.running_sum.png" in out
    assert ["results/ligands/b_vs_a.tsv", "results/ligands/c_vs_a.tsv"] == [
        f for f in out if f.startswith("results/ligands/") and "_vs_" in f
    ]
    assert "results/plots/ligands/c_vs_a.signatures.png" in out
    assert out[-2:] == ["results/qc/strandedness.tsv", "results/qc/multiqc_report.html"]
    assert len(out) == len(set(out)) == 8 + 1 + 2 + 4 + (4 + 4 + 4) + (3 + 5) + 2


def test_targets_leave_out_stages_that_do_not_run():
    out = pipeline.targets(contrasts=[], entry="counts", pathways=False, ligands=False)
    assert not [f for f in out if "/de/" in f or "pathways" in f or "ligands" in f]
    # a count matrix has no reads: no strandedness call, no MultiQC
    assert "results/qc/strandedness.tsv" not in out
    assert "results/qc/multiqc_report.html" not in out
    bam = pipeline.targets(contrasts=["x"], entry="bam", pathways=False, ligands=False)
    assert "results/qc/strandedness.tsv" in bam and "results/de/x.tsv" in bam
    assert "results/pathways/cytotoxicity.tsv" not in bam


@pytest.mark.parametrize(
    ("entry", "quantifier", "trimming", "n_files"),
    [
        ("fastq", "star", True, 2 * (1 + 1 + 1) + 1),  # fastp, STAR log, samtools dir
        ("fastq", "star", False, 2 * (1 + 1) + 1),
        ("fastq", "salmon", True, 2 * (1 + 1)),  # fastp, salmon's directory
        ("bam", "star", True, 2 * 1 + 1),  # a user's BAM: no reads to trim
    ],
)
def test_qc_files_by_route(entry, quantifier, trimming, n_files):
    files = pipeline.qc_files(["s1", "s2"], entry=entry, quantifier=quantifier, trimming=trimming)
    assert len(files) == len(set(files)) == n_files
    assert ("results/qc/fastp/s2.fastp.json" in files) == (entry == "fastq" and trimming)
    assert ("results/counts/featurecounts.summary" in files) == (quantifier == "star")
    assert ("results/align/s1/Log.final.out" in files) == ((entry, quantifier) == ("fastq", "star"))
    assert ("results/qc/samtools/s1" in files) == (quantifier == "star")
    assert ("results/salmon/s1" in files) == (quantifier == "salmon")


def test_summary_files_by_stage():
    files = pipeline.summary_files(["b_vs_a"], pathways=True, ligands=False)
    assert files == {
        "de": ["results/de/b_vs_a.tsv"],
        "volcano": ["results/plots/de/b_vs_a.volcano.png"],
        "ligands": [],
        "cytotoxicity": ["results/pathways/cytotoxicity.tsv"],
        "collections": ["results/pathways/collections.tsv"],
    }
    assert pipeline.summary_files([], pathways=False, ligands=False) == dict.fromkeys(files, [])


def test_alignment_reads_are_trimmed_or_raw():
    raw = ["in/s_1.fq.gz", "in/s_2.fq.gz"]
    assert pipeline.alignment_reads("s", raw, trimming=False) == {"fastq": raw}
    paired = pipeline.alignment_reads("s", raw, trimming=True)["fastq"]
    assert paired == ["results/trimmed/s_R1.fastq.gz", "results/trimmed/s_R2.fastq.gz"]
    single = pipeline.alignment_reads("s", raw[:1], trimming=True)["fastq"]
    assert single == ["results/trimmed/s.fastq.gz"]


def test_fastp_and_salmon_read_arguments_are_quoted_and_follow_pairedness():
    pe_in = SimpleNamespace(fastq=["a b_R1.fq.gz", "a b_R2.fq.gz"])
    reports = ["q/s 1.fastp.json", "q/s 1.fastp.html"]
    pe_out = SimpleNamespace(trimmed=["t_R1.fq.gz", "t_R2.fq.gz"], reports=reports)
    sample = SimpleNamespace(sample="s 1")
    args = shlex.split(pipeline.fastp_args("--length_required 20")(sample, pe_in, pe_out))
    assert args == [
        "--in1", "a b_R1.fq.gz", "--in2", "a b_R2.fq.gz",
        "--out1", "t_R1.fq.gz", "--out2", "t_R2.fq.gz", "--detect_adapter_for_pe",
        "--json", "q/s 1.fastp.json", "--html", "q/s 1.fastp.html",
        "--report_title", "s 1", "--length_required", "20",
    ]  # fmt: skip
    se_out = SimpleNamespace(trimmed=["t.fq"], reports=reports)
    se = pipeline.fastp_args("")(sample, SimpleNamespace(fastq=["r.fq"]), se_out)
    assert shlex.split(se)[:5] == ["--in1", "r.fq", "--out1", "t.fq", "--json"]
    assert shlex.split(pipeline.salmon_reads(None, pe_in)) == [
        "-1", "a b_R1.fq.gz", "-2", "a b_R2.fq.gz"
    ]  # fmt: skip
    assert pipeline.salmon_reads(None, SimpleNamespace(fastq=["r.fq"])) == "-r r.fq"


def test_de_options_are_the_fit_keywords_only():
    de = {
        "design": "~ condition",
        "contrasts": [{"id": "b_vs_a"}],
        "engine": "tenseq",
        "prefilter": False,
        "min_count": 10,
        "min_samples": None,
        "alpha": 0.1,
        "shrink_lfc": True,
        "cooks_filter": True,
        "independent_filter": True,
    }
    options = pipeline.de_options(de)
    assert list(options) == list(pipeline.DE_OPTIONS)
    assert "design" not in options and "contrasts" not in options
    assert options["min_count"] == 10 and options["min_samples"] is None


def test_run_config_falls_back_to_the_recorded_one(tmp_path):
    recorded = tmp_path / "config.yaml"
    assert pipeline.run_config({"samples": "a.tsv"}, recorded) == {"samples": "a.tsv"}
    with pytest.raises(InputError, match="(?s)no config given.*Fix: run the demo"):
        pipeline.run_config({}, recorded)
    recorded.write_text("samples: b.tsv\n")
    assert pipeline.run_config({}, recorded) == {"samples": "b.tsv"}


def test_stage_switches_and_user_files():
    config = {"ligands": {"activate": True}, "reference": {"species": "mouse"}}
    assert pipeline.ligands_enabled(config, pathways=True, blocked={})
    assert not pipeline.ligands_enabled(config, pathways=False, blocked={})
    assert not pipeline.ligands_enabled(config, pathways=True, blocked={"ligands": "why"})
    other = {**config, "reference": {"species": "other"}}
    assert not pipeline.ligands_enabled(other, pathways=True, blocked={})
    pathways = {"gene_sets": ["a.gmt"], "progeny": {"path": "p.tsv"}}
    assert pipeline.pathway_user_files(pathways) == ["a.gmt", "p.tsv"]
    assert pipeline.pathway_user_files({"gene_sets": [], "progeny": {"path": None}}) == []
    ligands = {
        "sources": ["cytosig", "mine.tsv"],
        "orthologs": "orth.tsv",
        "receptors": None,
        "secretome": "",
    }
    assert pipeline.ligand_user_files(ligands) == ["mine.tsv", "orth.tsv"]
