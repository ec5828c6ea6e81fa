import hashlib

from tenseq import io, provenance


def test_sha256_matches_hashlib_on_multi_chunk_file(tmp_path):
    data = bytes(range(256)) * 5000  # 1.28 MB, more than one read chunk
    path = tmp_path / "x.bin"
    path.write_bytes(data)
    assert io.sha256(path, chunk=1 << 16) == hashlib.sha256(data).hexdigest()


def test_checksums_lists_existing_files_only(tmp_path):
    present = tmp_path / "samples.tsv"
    present.write_text("sample\tcondition\n")
    table = provenance.checksums({"sheet": present, "gtf": tmp_path / "missing.gtf"})
    assert list(table["role"]) == ["sheet"]
    assert table.loc[0, "bytes"] == len(b"sample\tcondition\n")
    assert table.loc[0, "sha256"] == hashlib.sha256(b"sample\tcondition\n").hexdigest()


def test_tool_version_parsed_from_output_and_missing_tool_reported():
    table = provenance.tool_versions(
        {"echo": ["echo", "fastp 0.23.2"], "nope": ["tenseq-no-such-tool", "--version"]}
    )
    assert dict(zip(table["name"], table["version"], strict=True)) == {
        "echo": "0.23.2",
        "nope": "not found",
    }


def test_package_versions_include_pinned_pydeseq2():
    table = provenance.package_versions(["pydeseq2", "tenseq-not-a-package"])
    versions = dict(zip(table["name"], table["version"], strict=True))
    assert versions["pydeseq2"] == "0.5.4"
    assert versions["tenseq-not-a-package"] == "not installed"
    assert versions["python"].startswith("3.")


def test_input_roles_name_only_the_files_the_entry_point_reads():
    config = {
        "samples": "samples.tsv",
        "reference": {"genome": "g.fa", "gtf": "g.gtf"},
        "counts": "counts.tsv",
    }
    assert provenance.input_roles(config, "fastq") == {
        "sample_sheet": "samples.tsv",
        "reference_genome": "g.fa",
        "reference_gtf": "g.gtf",
    }
    assert provenance.input_roles(config, "bam") == {
        "sample_sheet": "samples.tsv",
        "reference_gtf": "g.gtf",
    }
    assert provenance.input_roles(config, "counts") == {
        "sample_sheet": "samples.tsv",
        "count_matrix": "counts.tsv",
    }
