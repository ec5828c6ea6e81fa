import gzip

import pandas as pd
import pytest

from tenseq import gtf

GENOME = ">c1 test chromosome\nAAAACCCCGGGGTTTTACGT\nACGTACGTAA\n>c2\nGGGGGAAAAA\n"
# gene P on + strand: exons 1-4 and 9-12; gene M on - strand: exons 13-16 and 21-24
GTF = """#!genome-build test
c1\tt\tgene\t1\t12\t.\t+\t.\tgene_id "P"; gene_name "Plus"; gene_biotype "protein_coding";
c1\tt\ttranscript\t1\t12\t.\t+\t.\tgene_id "P"; transcript_id "P.1";
c1\tt\texon\t1\t4\t.\t+\t.\tgene_id "P"; transcript_id "P.1";
c1\tt\texon\t9\t12\t.\t+\t.\tgene_id "P"; transcript_id "P.1";
c1\tt\texon\t21\t24\t.\t-\t.\tgene_id "M"; transcript_id "M.1"; gene_type "lncRNA";
c1\tt\texon\t13\t16\t.\t-\t.\tgene_id "M"; transcript_id "M.1"; gene_type "lncRNA";
"""


@pytest.fixture
def ref(tmp_path):
    (tmp_path / "g.fa").write_text(GENOME)
    (tmp_path / "a.gtf").write_text(GTF)
    return tmp_path


def test_gene_table_from_gene_and_exon_lines(ref):
    table = gtf.read_gene_table(ref / "a.gtf")
    assert list(table.index) == ["P", "M"]
    assert table.loc["P"].to_dict() == {
        "gene_name": "Plus", "biotype": "protein_coding", "chrom": "c1",
        "start": 1, "end": 12, "strand": "+",
    }  # fmt: skip
    # M has no gene line: summarised from its exons; name falls back to the id
    assert table.loc["M", "gene_name"] == "M"
    assert table.loc["M", "biotype"] == "lncRNA"
    assert (table.loc["M", "start"], table.loc["M", "end"]) == (13, 24)


def test_tx2gene(ref):
    table = gtf.read_tx2gene(ref / "a.gtf")
    assert table.to_dict("list") == {"transcript_id": ["P.1", "M.1"], "gene_id": ["P", "M"]}


def test_spliced_transcripts_and_reverse_complement(ref, tmp_path):
    out = tmp_path / "tx.fa"
    assert gtf.write_transcriptome_fasta(ref / "g.fa", ref / "a.gtf", out) == 2
    records = dict(gtf.iter_fasta(out))
    # c1 = AAAACCCCGGGGTTTTACGTACGTACGTAA
    assert records["P.1"] == "AAAA" + "GGGG"
    # M: exons 13-16 (TTTT) and 21-24 (ACGT) joined then reverse-complemented
    assert records["M.1"] == gtf.reverse_complement("TTTT" + "ACGT") == "ACGTAAAA"


def test_gzip_input_gives_same_table(ref, tmp_path):
    gz = tmp_path / "a.gtf.gz"
    with gzip.open(gz, "wt") as handle:
        handle.write(GTF)
    pd.testing.assert_frame_equal(gtf.read_gene_table(gz), gtf.read_gene_table(ref / "a.gtf"))


@pytest.mark.parametrize(
    ("length", "expected"),
    [(2_700_000_000, 14), (12_000_000, 10), (230_218, 7), (2_000_000, 9), (100, 4)],
)
def test_star_sa_index_nbases_follows_the_star_manual(length, expected):
    assert gtf.star_sa_index_nbases(length) == expected


def test_iter_lines_numbers_every_line_and_the_readers_skip_short_ones(tmp_path):
    path = tmp_path / "a.gtf"
    path.write_text(GTF + "\nc1\tt\texon\t1\t4\n")
    lines = list(gtf.iter_lines(path))
    assert [n for n, _ in lines] == [2, 3, 4, 5, 6, 7, 9]  # the comment and blank line count
    assert len(lines[-1][1]) == 5 and lines[0][1][2] == "gene"
    assert len(list(gtf.iter_records(path))) == 6


def test_iter_fasta_names_only(ref):
    assert list(gtf.iter_fasta(ref / "g.fa", sequences=False)) == [("c1", ""), ("c2", "")]
    assert dict(gtf.iter_fasta(ref / "g.fa"))["c2"] == "GGGGGAAAAA"
