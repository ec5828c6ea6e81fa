"""Every bad input stops the run (or, for a stage-specific check, only its stage) before any job."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest

from tenseq.errors import InputError
from tenseq.inputs import load_inputs
from tenseq.inputs.sheet import sample_name_pattern
from tenseq.inputs.wildcards import sample_wildcard_constraint, wildcard_constraint
from tenseq.pathways.checks import pathways_enabled
from tests.conftest import REPO

SCHEMAS = REPO / "workflow" / "schemas"
HEADER = "sample\tcondition\tfq1\tfq2"


def write_fastq(path: Path, names: list[str], *, truncate: int = 0) -> None:
    """A gzip FASTQ with one 8-base read per name; ``truncate`` drops that many final bytes."""
    text = "".join(f"@{n}\nACGTACGT\n+\nIIIIIIII\n" for n in names)
    data = gzip.compress(text.encode(), mtime=0)
    path.write_bytes(data[: len(data) - truncate] if truncate else data)


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A valid paired-end setup; each test breaks one thing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "genome.fa").write_text(">1\nACGTACGTAC\n>2\nGGGGCCCC\n")
    (tmp_path / "genes.gtf").write_text(
        '1\tt\texon\t1\t4\t.\t+\t.\tgene_id "G1"; transcript_id "T1"; gene_name "Cybb";\n'
        '1\tt\texon\t5\t8\t.\t+\t.\tgene_id "G2"; transcript_id "T2"; gene_name "Ncf1";\n'
    )
    for name in ("n1", "n2", "t1", "t2"):
        for mate in (1, 2):
            write_fastq(tmp_path / f"{name}_{mate}.fq.gz", [f"{name}.{i}/{mate}" for i in range(3)])
    return tmp_path


def sheet(work: Path, *rows: str, header: str = HEADER) -> str:
    (work / "samples.tsv").write_text("\n".join([header, *rows]) + "\n")
    return "samples.tsv"


def good_rows() -> list[str]:
    return [
        f"{s}\t{c}\t{s}_1.fq.gz\t{s}_2.fq.gz"
        for s, c in [("n1", "naive"), ("n2", "naive"), ("t1", "TEN"), ("t2", "TEN")]
    ]


def config(samples: str = "samples.tsv", **extra) -> dict:
    base = {
        "samples": samples,
        "reference": {"genome": "genome.fa", "gtf": "genes.gtf"},
        "conditions": ["naive", "TEN"],
        "de": {
            "contrasts": [
                {
                    "id": "TEN_vs_naive",
                    "variable": "condition",
                    "target": "TEN",
                    "reference": "naive",
                }
            ]
        },
    }
    base.update(extra)
    return base


def run(cfg: dict, work: Path):
    return load_inputs(cfg, workdir=work, schema_dir=SCHEMAS)


def test_valid_inputs_fill_defaults(work):
    inputs = run(config(sheet(work, *good_rows())), work)
    assert inputs.entry == "fastq" and inputs.paired
    assert list(inputs.samples.index) == ["n1", "n2", "t1", "t2"]
    assert inputs.config["quantifier"] == "star"
    assert inputs.config["de"]["alpha"] == 0.1
    assert inputs.config["trimming"] == {"activate": True, "extra": ""}


def expect(work, cfg, *patterns):
    with pytest.raises(InputError) as err:
        run(cfg, work)
    message = str(err.value)
    assert "Fix:" in message, message
    for pattern in patterns:
        assert pattern in message, message
    return message


def expect_blocked(work, stage, cfg, *patterns):
    """A stage-specific problem blocks only that stage and names the switch turning it off."""
    inputs = run(cfg, work)
    assert list(inputs.blocked) == [stage], inputs.blocked
    message = str(inputs.blocked[stage])
    assert f"`{stage}.activate: false`" in message, message
    for pattern in patterns:
        assert pattern in message, message
    return message


def test_bom(work):
    (work / "samples.tsv").write_bytes(b"\xef\xbb\xbf" + "\n".join([HEADER, *good_rows()]).encode())
    expect(work, config(), "samples.tsv", "byte-order mark", "without BOM")


def test_crlf(work):
    (work / "samples.tsv").write_bytes("\r\n".join([HEADER, *good_rows()]).encode())
    expect(work, config(), "samples.tsv", "CRLF", "dos2unix")


def test_spaces_instead_of_tabs(work):
    sheet(work, *[r.replace("\t", "  ") for r in good_rows()], header="sample  condition  fq1")
    expect(work, config(), "samples.tsv, row 1", "separated by spaces, not tabs")


def test_wrong_field_count(work):
    rows = good_rows()
    rows[2] = rows[2] + "\textra"
    sheet(work, *rows)
    expect(work, config(), "samples.tsv, row 4", "5 tab-separated fields", "one value per column")


def test_duplicate_sample(work):
    rows = good_rows()
    rows[1] = rows[1].replace("n2\t", "n1\t", 1).replace("n2_", "n1x_")
    sheet(work, *rows)
    expect(work, config(), "row 3", "field 'sample'", "listed twice (also line 2)")


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("TEN 1", "contains a space"),
        ("a/b", "contains a '/'"),
        ("..", "contains '..'"),
        ("a..b", "contains '..'"),
        ("x;rm", "characters other than"),
        ("$(id)", "characters other than"),
        ("-a", "starts or ends with a separator"),
        (".hidden", "starts or ends with a separator"),
        ("a_-b", "repeats one"),
        ("a*b", "characters other than"),
    ],
)
def test_unsafe_sample_names(work, name, what):
    rows = good_rows()
    rows[0] = rows[0].replace("n1\t", f"{name}\t", 1)
    sheet(work, *rows)
    expect(work, config(), "row 2", "field 'sample'", what, "letters, digits")


@pytest.mark.parametrize("name", ["IL22.24h.Rep.1", "DCH7_DOX-pulse_1", "A-1", "s.1_b-2"])
def test_public_sample_names_with_dots_and_hyphens_pass(work, name):
    rows = good_rows()
    rows[0] = rows[0].replace("n1\t", f"{name}\t", 1)
    inputs = run(config(sheet(work, *rows)), work)
    assert inputs.samples.index[0] == name
    # the sample wildcard admits the name, and a per-sample file (one wildcard, then a
    # fixed suffix) gives the whole dotted name back (IL22.24h.Rep.1.stats.txt)
    sample = sample_wildcard_constraint(SCHEMAS)
    stats = re.compile(rf"results/qc/samtools/(?P<sample>{sample})\.stats\.txt")
    assert stats.fullmatch(f"results/qc/samtools/{name}.stats.txt")["sample"] == name
    bam = re.compile(rf"results/align/(?P<sample>{sample})\.bam")
    assert not bam.fullmatch(f"results/align/{name}/Log.final.out")
    assert not bam.fullmatch(f"results/align/{name}.bam.bai")


def test_missing_file(work):
    os.remove(work / "t2_2.fq.gz")
    sheet(work, *good_rows())
    expect(work, config(), "row 5", "field 'fq2'", "file not found", "correct the path")


def test_unreadable_file(work, monkeypatch):
    (work / "t2_2.fq.gz").chmod(0)
    if os.geteuid() == 0:  # root reads anything: make access() answer as for a normal user
        real_access = os.access
        monkeypatch.setattr(
            "tenseq.inputs.files.os.access",
            lambda path, mode: not str(path).endswith("t2_2.fq.gz") and real_access(path, mode),
        )
    sheet(work, *good_rows())
    expect(work, config(), "row 5", "not readable")


def test_directory_instead_of_file(work):
    os.remove(work / "t1_1.fq.gz")
    (work / "t1_1.fq.gz").mkdir()
    sheet(work, *good_rows())
    expect(work, config(), "row 4", "is a directory")


def test_same_file_for_two_samples(work):
    rows = good_rows()
    rows[3] = rows[3].replace("t2_1.fq.gz", "t1_1.fq.gz")
    sheet(work, *rows)
    expect(work, config(), "row 5", "also used on line 4")


def test_mixed_single_and_paired(work):
    rows = good_rows()
    rows[1] = "n2\tnaive\tn2_1.fq.gz\t"
    sheet(work, *rows)
    expect(work, config(), "row 3", "mixed single-end and paired-end")


def test_fastq_and_bam_mixed(work):
    (work / "x.bam").write_bytes(b"x")
    rows = [r + "\t" for r in good_rows()]
    rows[0] = "n1\tnaive\t\t\tx.bam"
    sheet(work, *rows, header=HEADER + "\tbam")
    expect(work, config(), "one entry point per run")


def test_no_input_files(work):
    sheet(work, "n1\tnaive", "n2\tnaive", header="sample\tcondition")
    expect(work, config(conditions=None, de={}), "no input files", "counts:")


def test_unknown_condition_level_suggests_closest(work):
    rows = good_rows()
    rows[2] = rows[2].replace("\tTEN\t", "\tten\t")
    rows[3] = rows[3].replace("\tTEN\t", "\tten\t")
    sheet(work, *rows)
    expect(work, config(), "row 4", "field 'condition'", "did you mean 'TEN'?")


def test_single_replicate_group(work):
    rows = good_rows()[:3]
    sheet(work, *rows)
    expect(work, config(), "condition 'TEN' has 1 sample", "at least 2 samples")


def test_unknown_config_key_suggests_closest(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["quantifer"] = "salmon"
    expect(work, cfg, "unknown key 'quantifer'", "did you mean 'quantifier'?")


def test_wrong_type_in_config(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["de"]["min_count"] = "ten"
    expect(work, cfg, "field 'de.min_count'", "'ten' is not of type 'integer'")


def test_bad_enum_in_config(work):
    cfg = config(sheet(work, *good_rows()), quantifier="kallisto")
    expect(work, cfg, "field 'quantifier'", "'kallisto' is not one of")


def test_genome_and_gtf_share_no_chromosome(work):
    (work / "genes.gtf").write_text(
        'chr1\tt\texon\t1\t8\t.\t+\t.\tgene_id "G1"; transcript_id "T1";\n'
    )
    expect(
        work,
        config(sheet(work, *good_rows())),
        "genome.fa",
        "no chromosome name",
        "UCSC names chromosomes 'chr1', Ensembl '1'",
    )


def test_gtf_line_without_gene_id(work):
    (work / "genes.gtf").write_text(
        '1\tt\texon\t1\t8\t.\t+\t.\tgene_id "G1"; transcript_id "T1";\n'
        '1\tt\texon\t9\t10\t.\t+\t.\ttranscript_id "T2";\n'
    )
    expect(work, config(sheet(work, *good_rows())), "genes.gtf, row 2", "no gene_id", "gffread")


def test_gtf_not_nine_columns(work):
    (work / "genes.gtf").write_text("1 t exon 1 8 . + . gene_id G1\n")
    expect(work, config(sheet(work, *good_rows())), "genes.gtf, row 1", "columns")


def test_contrast_level_missing(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["de"]["contrasts"][0]["target"] = "TEN2"
    expect(work, cfg, "field 'de.contrasts[0].target'", "level 'TEN2'", "did you mean 'TEN'?")


def test_contrast_variable_missing(work):
    cfg = config(sheet(work, *good_rows()))
    cfg["de"]["contrasts"][0]["variable"] = "treatment"
    expect(work, cfg, "contrast variable 'treatment' is not a sample-sheet column")


def test_count_matrix_with_non_integers(work):
    sheet(work, "n1\tnaive", "n2\tnaive", "t1\tTEN", "t2\tTEN", header="sample\tcondition")
    (work / "counts.tsv").write_text("gene_id\tn1\tn2\tt1\tt2\nG1\t1\t2\t3.7\t4\n")
    expect(work, config(counts="counts.tsv"), "counts.tsv, row 2, field 't1'", "not an integer")


def gmt(work: Path, text: str, name: str = "sets.gmt") -> str:
    (work / name).write_text(text)
    return name


def test_gene_sets_share_no_gene_with_the_data(work):
    sets = gmt(work, "FLY_SET\tfly\tFBgn0000003\tFBgn0000008\n")
    cfg = config(sheet(work, *good_rows()), pathways={"gene_sets": [sets]})
    expect_blocked(
        work,
        "pathways",
        cfg,
        "sets.gmt",
        "no gene of these gene sets is in the data",
        "reference.species",
    )


def test_wrong_species_for_the_data(work):
    # fly ids in a count matrix, species left at its default (mouse)
    sheet(work, "n1\tnaive", "n2\tnaive", "t1\tTEN", "t2\tTEN", header="sample\tcondition")
    (work / "counts.tsv").write_text(
        "gene_id\tn1\tn2\tt1\tt2\nFBgn0000003\t1\t2\t3\t4\nFBgn0000008\t5\t6\t7\t8\n"
    )
    cfg = config(counts="counts.tsv")
    del cfg["reference"]
    expect_blocked(
        work,
        "pathways",
        cfg,
        "curated programs",
        "field 'pathways.curated'",
        "data genes look like FBgn",
    )


def test_cytotoxicity_program_typo_suggests_closest(work):
    cfg = config(
        sheet(work, *good_rows()),
        pathways={"cytotoxicity_programs": ["TENSEQ_NADPH_OXIDASE"]},
    )
    expect_blocked(
        work,
        "pathways",
        cfg,
        "field 'pathways.cytotoxicity_programs'",
        "'TENSEQ_NADPH_OXIDASE' is not a gene set",
        "did you mean 'TENSEQ_NADPH_OXIDASE_H2O2'",
    )


def test_other_species_needs_its_own_program(work):
    sets = gmt(work, "MY_ROS\tROS genes\tCybb\tNcf1\n")
    cfg = config(
        sheet(work, *good_rows()),
        reference={"genome": "genome.fa", "gtf": "genes.gtf", "species": "other"},
        pathways={"gene_sets": [sets]},
    )
    expect_blocked(
        work, "pathways", cfg, "TENSEQ_ programs use mouse/human symbols", "your own GMT"
    )
    cfg["pathways"]["cytotoxicity_programs"] = ["MY_ROS"]
    assert run(cfg, work).config["pathways"]["cytotoxicity_programs"] == ["MY_ROS"]


def test_too_few_program_genes_in_the_data(work):
    (work / "genes.gtf").write_text(
        '1\tt\texon\t1\t8\t.\t+\t.\tgene_id "G1"; transcript_id "T1"; gene_name "Cybb";\n'
        '1\tt\texon\t1\t8\t.\t+\t.\tgene_id "G2"; transcript_id "T2"; gene_name "Mpo";\n'
    )
    expect_blocked(
        work,
        "pathways",
        config(sheet(work, *good_rows())),
        "only 1 gene(s) of the cytotoxicity programs",
    )


def test_orthologs_without_the_right_columns(work):
    (work / "orth.tsv").write_text("human\tmouse\nCYBB\tCybb\n")
    cfg = config(sheet(work, *good_rows()), pathways={"orthologs": "orth.tsv"})
    expect_blocked(work, "pathways", cfg, "orth.tsv, row 1", "human_symbol and mouse_symbol")


def test_pathways_skipped_for_other_species_without_gene_sets(work):
    cfg = config(
        sheet(work, *good_rows()),
        reference={"genome": "genome.fa", "gtf": "genes.gtf", "species": "other"},
    )
    assert not pathways_enabled(run(cfg, work).config)
    assert pathways_enabled(run(config(sheet(work, *good_rows())), work).config)


def test_empty_fastq(work):
    (work / "t1_1.fq.gz").write_bytes(b"")
    expect(work, config(sheet(work, *good_rows())), "row 4", "field 'fq1'", "is empty (0 bytes)")


def test_gzip_with_no_reads(work):
    (work / "n2_2.fq.gz").write_bytes(gzip.compress(b""))
    expect(work, config(sheet(work, *good_rows())), "row 3", "field 'fq2'", "contains no reads")


def test_named_gz_but_plain_text(work):
    (work / "n1_1.fq.gz").write_text("@r1\nACGT\n+\nIIII\n")
    expect(work, config(sheet(work, *good_rows())), "row 2", "not gzip-compressed")


def test_not_fastq(work):
    (work / "n1_1.fq.gz").write_bytes(gzip.compress(b">r1\nACGT\n>r2\nACGT\n"))
    expect(work, config(sheet(work, *good_rows())), "row 2", "is not FASTQ", "4 lines")


def test_truncated_gzip_in_the_first_reads(work):
    write_fastq(work / "t2_1.fq.gz", ["t2.0/1", "t2.1/1", "t2.2/1"], truncate=12)
    expect(work, config(sheet(work, *good_rows())), "row 5", "field 'fq1'", "cannot be read")


def test_mates_with_different_names(work):
    write_fastq(work / "t1_2.fq.gz", ["t1.0/2", "other.1/2", "t1.2/2"])
    expect(work, config(sheet(work, *good_rows())), "row 4", "field 'fq2'", "are not mates")


def test_mates_with_different_read_counts(work):
    write_fastq(work / "t1_2.fq.gz", ["t1.0/2", "t1.1/2"])
    expect(work, config(sheet(work, *good_rows())), "row 4", "fq1 has 3 reads, fq2 2")


def test_ligand_signature_with_no_mapped_genes(work):
    (work / "sig.tsv").write_text("gene\tMYLIG\nENSG0001\t1.5\nENSG0002\t-0.3\n")
    cfg = config(sheet(work, *good_rows()), ligands={"sources": ["cytosig", "sig.tsv"]})
    expect_blocked(
        work,
        "ligands",
        cfg,
        "sig.tsv",
        "field 'ligands.sources[1]'",
        "fewer than 10 signature genes",
    )


def test_ligand_signature_not_numeric(work):
    (work / "sig.tsv").write_text("gene\tMYLIG\nCYBB\thigh\n")
    cfg = config(sheet(work, *good_rows()), ligands={"sources": ["sig.tsv"]})
    expect_blocked(work, "ligands", cfg, "sig.tsv, row 1", "must be numbers")


def test_cytosig_package_missing_blocks_the_ligands_up_front(work, monkeypatch):
    import importlib.metadata

    def missing(_name):
        raise importlib.metadata.PackageNotFoundError("CytoSig")

    monkeypatch.setattr(importlib.metadata, "files", missing)
    cfg = config(sheet(work, *good_rows()), ligands={"sources": ["cytosig_expand", "secact"]})
    expect_blocked(
        work, "ligands", cfg, "cytosig_expand", "signature.centroid.expand is not installed",
        "pip install --no-deps CytoSig==0.0.3",
    )  # fmt: skip


def test_ligand_secretome_missing(work):
    cfg = config(sheet(work, *good_rows()), ligands={"secretome": "tumor.txt"})
    expect_blocked(work, "ligands", cfg, "field 'ligands.secretome'", "file not found")


def test_sample_wildcard_admits_exactly_the_valid_names():
    pattern = re.compile(sample_wildcard_constraint(SCHEMAS))
    valid = re.compile(sample_name_pattern(SCHEMAS))
    for name in ["IL22.24h.Rep.1", "DCH7_DOX-pulse_1", "A-1", "s.1_b-2", "TEN_12"]:
        assert pattern.fullmatch(name) and valid.match(name), name
    for bad in ["", "a b", "a/b", "a..b", "-a", ".a", "a.", "a$b", "a__b"]:
        assert not pattern.fullmatch(bad) and not valid.match(bad), bad


def test_wildcard_constraint_matches_exactly_the_names():
    names = ["a_1", "a_10", "b.x", "TEN_1", "TEN_12"]
    pattern = re.compile(wildcard_constraint(names))
    assert all(pattern.fullmatch(n) for n in names)
    for other in ["a_", "a_100", "a_2", "bax", "b.", "TEN", "TEN_2", "", "a_1.stats"]:
        assert not pattern.fullmatch(other), other  # escaped: "b.x" does not match "bax"
    # the longer of two names sharing a start is tried first, as Snakemake expects
    assert re.match(f"({wildcard_constraint(names)})", "a_10.bam").group(1) == "a_10"
    assert wildcard_constraint([]) == "(?!)"
