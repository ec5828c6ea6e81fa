import numpy as np
import pandas as pd
import pytest

from tenseq.errors import InputError
from tenseq.quant import counts

FC = """# Program:featureCounts v2.0.3; Command:"featureCounts" "-s" "2"
Geneid\tChr\tStart\tEnd\tStrand\tLength\tresults/align/a.bam
G1\t1\t1\t10\t+\t10\t5
G2\t1;1\t20;40\t30;50\t-;-\t22\t0
G3\t2\t5\t9\t+\t5\t17
"""
SUMMARY = """Status\tresults/align/a.bam
Assigned\t22
Unassigned_NoFeatures\t3
Unassigned_Ambiguity\t1
"""


def test_featurecounts_main_and_summary(tmp_path):
    (tmp_path / "fc.txt").write_text(FC)
    (tmp_path / "fc.txt.summary").write_text(SUMMARY)
    table = counts.read_featurecounts(tmp_path / "fc.txt", ["a"])
    assert table["a"].to_dict() == {"G1": 5, "G2": 0, "G3": 17}
    assert table["a"].dtype == np.int64
    summary = counts.read_featurecounts_summary(tmp_path / "fc.txt.summary")
    assert summary.loc["Assigned"].iloc[0] == 22


def test_salmon_gene_counts_sum_and_round(tmp_path):
    (tmp_path / "quant.sf").write_text(
        "Name\tLength\tEffectiveLength\tTPM\tNumReads\n"
        "T1\t1000\t800\t10\t10.4\nT2\t900\t700\t5\t2.3\nT3\t500\t300\t1\t0.2\n"
    )
    tx2gene = pd.DataFrame({"transcript_id": ["T1", "T2", "T3"], "gene_id": ["A", "A", "B"]})
    result = counts.salmon_gene_counts(tmp_path / "quant.sf", tx2gene)
    assert result.to_dict() == {"A": 13, "B": 0}
    with pytest.raises(InputError, match="not in the GTF"):
        counts.salmon_gene_counts(tmp_path / "quant.sf", tx2gene.iloc[:2])


def test_assemble_fills_absent_genes_and_rejects_unknown():
    genes = pd.DataFrame({"gene_name": ["a", "b", "c"]}, index=["G1", "G2", "G3"])
    matrix = counts.assemble_counts({"s1": pd.Series({"G3": 4, "G1": 2})}, genes)
    assert matrix["s1"].tolist() == [2, 0, 4]
    with pytest.raises(ValueError, match="not in the annotation"):
        counts.assemble_counts({"s1": pd.Series({"G9": 1})}, genes)


def test_anndata_layout():
    genes = pd.DataFrame(
        {"gene_name": ["Cybb", "Ncf1"], "biotype": ["protein_coding"] * 2}, index=["G1", "G2"]
    )
    samples = pd.DataFrame({"condition": ["naive", "TEN"]}, index=["n1", "t1"])
    matrix = pd.DataFrame({"t1": [5, 6], "n1": [1, 2]}, index=["G1", "G2"])
    adata = counts.counts_to_anndata(matrix, samples, genes)
    assert list(adata.obs_names) == ["t1", "n1"]
    assert adata.obs["condition"].tolist() == ["TEN", "naive"]
    np.testing.assert_array_equal(adata.layers["counts"], [[5, 6], [1, 2]])
    assert adata.var["gene_name"].tolist() == ["Cybb", "Ncf1"]
    table = counts.counts_table(matrix, genes)
    assert table.columns.tolist() == ["gene_id", "gene_name", "t1", "n1"]


SHEET = pd.DataFrame({"condition": ["a", "a", "b", "b"]}, index=["s1", "s2", "s3", "s4"])


def _matrix(tmp_path, text):
    path = tmp_path / "m.tsv"
    path.write_text(text)
    return path


def test_good_matrix_with_names_in_sheet_order(tmp_path):
    path = _matrix(
        tmp_path, "gene_id\tgene_name\ts4\ts3\ts2\ts1\nG1\tCybb\t1\t2\t3\t4\nG2\t\t0\t0\t5\t1\n"
    )
    matrix, genes = counts.read_count_matrix(path, SHEET)
    assert matrix.columns.tolist() == ["s1", "s2", "s3", "s4"]
    assert matrix.loc["G1"].tolist() == [4, 3, 2, 1]
    assert genes["gene_name"].tolist() == ["Cybb", "G2"]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        (
            "gene_id\ts1\ts2\ts3\ts4\nG1\t1\t2.5\t3\t4\n",
            r"row 2, field 's2'.*'2.5'.*not an integer",
        ),
        ("gene_id\ts1\ts2\ts3\ts4\nG1\t1\tNA\t3\t4\n", r"'NA' for gene G1 is not an integer"),
        ("gene_id\ts1\ts2\ts3\ts4\nG1\t1\t2\t3\t4\nG2\t1\t-2\t3\t4\n", r"row 3.*negative"),
        ("gene_id\ts1\ts2\ts3\ts4\nG1\t1\t2\t3\t4\nG1\t1\t2\t3\t4\n", r"duplicated gene ids.*G1"),
        ("gene_id\ts1\ts2\ts3\nG1\t1\t2\t3\n", r"missing from the matrix: s4"),
        ("gene_id\ts1\ts2\ts3\ts4\ts5\nG1\t1\t2\t3\t4\t5\n", r"not samples of the sheet: s5"),
        ("gene_id\ts1\ts2\ts3\ts4\nG1\t0\t2\t3\t4\nG2\t0\t2\t3\t4\n", r"no counts at all: s1"),
        ("gene_id\n", r"header line but no genes"),
    ],
)
def test_bad_matrices_name_the_problem_and_fix(tmp_path, text, pattern):
    with pytest.raises(InputError, match=pattern) as err:
        counts.read_count_matrix(_matrix(tmp_path, text), SHEET)
    assert "m.tsv" in str(err.value) and "Fix:" in str(err.value)


def test_crlf_and_bom_matrix_is_read(tmp_path):
    path = tmp_path / "m.tsv"
    path.write_bytes(b"\xef\xbb\xbfgene_id\ts1\ts2\ts3\ts4\r\nG1\t1\t2\t3\t4\r\n")
    matrix, _ = counts.read_count_matrix(path, SHEET)
    assert matrix.loc["G1"].tolist() == [1, 2, 3, 4]


def test_almost_nothing_counted_names_the_cause():
    """A genome of another species with the same chromosome names aligns ~nothing."""
    counts.check_counted({"s1": 5000, "s2": 4000}, {"s1": 6000, "s2": 5000})
    with pytest.raises(ValueError, match=r"s2: 3 of 5000 \(0.1%\).*same chromosome names"):
        counts.check_counted({"s1": 5000, "s2": 3}, {"s1": 6000, "s2": 5000})
    with pytest.raises(ValueError, match=r"s1: 0 of 0 \(0.0%\)"):
        counts.check_counted({"s1": 0}, {"s1": 0})


def test_check_counted_takes_series_by_sample():
    counted = pd.Series({"s1": 5000, "s2": 3})
    with pytest.raises(ValueError, match="s2: 3 of 5000"):
        counts.check_counted(counted, pd.Series({"s1": 6000, "s2": 5000}))


@pytest.mark.parametrize("column", ["gene_name", "symbol", "gene_symbol", "Gene"])
def test_symbol_column_under_its_common_names(tmp_path, column):
    # tximport/DESeq2 exports call it symbol, GENCODE rowData gene_name; gene_type is a biotype
    path = _matrix(
        tmp_path,
        f"gene_id\t{column}\tgene_type\ts1\ts2\ts3\ts4\n"
        "ENSG1.5\tCYBB\tprotein_coding\t1\t2\t3\t4\nENSG2.1\t\tlncRNA\t0\t0\t5\t1\n",
    )
    matrix, genes = counts.read_count_matrix(path, SHEET)
    assert matrix.loc["ENSG1.5"].tolist() == [1, 2, 3, 4]
    assert genes["gene_name"].tolist() == ["CYBB", "ENSG2.1"]
    assert genes["biotype"].tolist() == ["protein_coding", "lncRNA"]


def test_symbol_column_from_the_config(tmp_path):
    path = _matrix(tmp_path, "id\thgnc\ts1\ts2\ts3\ts4\nG1\tCYBB\t1\t2\t3\t4\n")
    _, genes = counts.read_count_matrix(path, SHEET, symbol_column="hgnc")
    assert genes["gene_name"].tolist() == ["CYBB"]
    with pytest.raises(InputError, match="(?s)no column .HGNC.*symbol_column"):
        counts.read_count_matrix(path, SHEET, symbol_column="HGNC")
    # unconfigured, an unknown name is an extra column, and the fix says how to name it
    with pytest.raises(InputError, match="(?s)not samples of the sheet: hgnc.*symbol_column"):
        counts.read_count_matrix(path, SHEET)


def test_sample_named_like_a_symbol_column_stays_a_sample(tmp_path):
    sheet = pd.DataFrame({"condition": ["a", "a", "b", "b"]}, index=["Gene", "s2", "s3", "s4"])
    path = _matrix(tmp_path, "gene_id\tsymbol\tGene\ts2\ts3\ts4\nG1\tCYBB\t7\t2\t3\t4\n")
    matrix, genes = counts.read_count_matrix(path, sheet)
    assert matrix.loc["G1", "Gene"] == 7 and genes["gene_name"].tolist() == ["CYBB"]
