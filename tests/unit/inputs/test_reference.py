"""Reference scans through tenseq.gtf's iterators, with the gate's stricter rules."""

from __future__ import annotations

import gzip
import json

import pytest

from tenseq.errors import InputError
from tenseq.inputs.reference import check_reference, scan_fasta_names, scan_gtf

GTF = (
    "#!genome-build test\n"
    '1\tt\tgene\t1\t8\t.\t+\t.\tgene_id "G1"; gene_name "Cybb";\n'
    "\n"
    '1\tt\tCDS\t1\t4\t.\t+\t0\ttranscript_id "T1";\n'  # not a gene/transcript/exon line
    '2\tt\texon\t5\t8\t.\t+\t.\tgene_id "G2"; transcript_id "T2";\n'
    '1\tt\texon\t1\t4\t.\t+\t.\tgene_id "G1"; transcript_id "T1"; gene_name "Cybb";\n'
    '3\tt\ttranscript\t1\t4\t.\t+\t.\ttranscript_id "T3";\n'
)


def test_scan_gtf_counts_lines_and_names_genes(tmp_path):
    path = tmp_path / "a.gtf.gz"
    path.write_bytes(gzip.compress(GTF.encode()))
    assert scan_gtf(path) == {
        "chroms": ["1", "2", "3"],
        "n": 5,
        "missing_gene_id_line": 7,  # editor line numbers: the comment and blank line count
        "gene_names": ["Cybb", "G2"],
    }


def test_scan_gtf_refuses_a_line_the_readers_would_skip(tmp_path):
    path = tmp_path / "a.gtf"
    path.write_text(GTF + "1\tt\texon\t1\t4\n")
    with pytest.raises(InputError) as err:
        scan_gtf(path)
    assert "line has 5 tab-separated columns, a GTF line has 9" in str(err.value)
    assert "row 8" in str(err.value)
    path.write_text(GTF.replace('+\t.\tgene_id "G2"', '+\t.\tgene_id "G2"\textra'))
    with pytest.raises(InputError, match="line has 10 tab-separated columns"):
        scan_gtf(path)


def test_scan_fasta_names_from_headers_or_the_index(tmp_path):
    path = tmp_path / "g.fa"
    path.write_text(">chr1 mouse\nACGT\nAC\n>chr2\nGG\n>\nA\n")
    assert scan_fasta_names(path) == ["chr1", "chr2", ""]
    (tmp_path / "g.fa.fai").write_text("1\t6\t6\t4\t5\nMT\t2\t20\t2\t3\n")
    assert scan_fasta_names(path) == ["1", "MT"]


def test_scan_fasta_names_refuses_text_that_is_not_fasta(tmp_path):
    path = tmp_path / "g.fa"
    path.write_text("ACGT\n>chr1\nACGT\n")
    with pytest.raises(InputError, match="does not start with '>' : not a FASTA file"):
        scan_fasta_names(path)
    path.write_text("")
    assert scan_fasta_names(path) == []  # empty: refused later, as sharing no chromosome


def test_check_reference_uses_the_cache_until_the_file_changes(tmp_path):
    gtf, genome = tmp_path / "a.gtf", tmp_path / "g.fa"
    gtf.write_text(GTF.replace('\ttranscript_id "T3"', '\tgene_id "G3"; transcript_id "T3"'))
    genome.write_text(">1\nACGTACGT\n")
    config = {"reference": {"gtf": str(gtf), "genome": str(genome)}}
    cache = tmp_path / ".snakemake" / "scan.json"
    assert check_reference(config, "fastq", "config", cache) == ["Cybb", "G2", "G3"]
    stored = json.loads(cache.read_text())
    (fasta_key,) = (k for k in stored if k.startswith("fasta|"))
    assert stored[fasta_key] == ["1"]
    stored[fasta_key] = ["chrX"]  # an unchanged file is not read again: the cache answers
    cache.write_text(json.dumps(stored))
    with pytest.raises(InputError, match="no chromosome name is shared with the GTF"):
        check_reference(config, "fastq", "config", cache)
    genome.write_text(">1\nACGTACGTAA\n")  # changed: scanned again
    assert check_reference(config, "fastq", "config", cache) == ["Cybb", "G2", "G3"]
    assert check_reference(config, "counts", "config", cache) == []
