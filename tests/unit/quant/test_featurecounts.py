import json

import pandas as pd
import pytest

from tenseq import io
from tenseq.quant import salmon
from tenseq.quant.featurecounts import FeatureCountsByStrand, gene_matrix, strand_calls

FC = """# Program:featureCounts
Geneid\tChr\tStart\tEnd\tStrand\tLength\tresults/align/{s}.bam
G1\t1\t1\t10\t+\t10\t{a}
G2\t1\t20\t30\t-\t11\t{b}
"""
SUMMARY = "Status\tresults/align/{s}.bam\nAssigned\t{n}\nUnassigned_NoFeatures\t{u}\n"


@pytest.fixture
def runs(tmp_path):
    values = {0: (50, 50), 1: (2, 3), 2: (48, 47)}
    sample = tmp_path / "x_1"
    sample.mkdir()
    for strand, (a, b) in values.items():
        (sample / f"s{strand}.txt").write_text(FC.format(s="x_1", a=a, b=b))
        (sample / f"s{strand}.txt.summary").write_text(
            SUMMARY.format(s="x_1", n=a + b, u=100 - a - b)
        )
    return FeatureCountsByStrand.from_dirs([sample])


def test_assigned_totals_per_strand(runs):
    assert runs.assigned("x_1") == (5.0, 95.0)
    assert runs.counts("x_1", "reverse").to_dict() == {"G1": 48, "G2": 47}
    assert runs.counts("x_1", "unstranded").to_dict() == {"G1": 50, "G2": 50}


def test_summary_is_the_chosen_strand(runs):
    summary = runs.summary({"x_1": "reverse"}).set_index("Status")
    assert summary.loc["Assigned", "x_1"] == 95
    assert summary.loc["Unassigned_NoFeatures", "x_1"] == 5


def test_reverse_library_is_counted_on_its_strand(runs):
    table, chosen = strand_calls(runs, ["x_1"], "auto")
    assert chosen == {"x_1": "reverse"}
    assert table.loc[0, "sample"] == "x_1" and table.loc[0, "warning"] == ""
    genes = pd.DataFrame({"gene_name": ["Cybb", "Ncf1"]}, index=pd.Index(["G1", "G2"]))
    matrix, summary = gene_matrix(runs, chosen, genes)
    assert matrix["x_1"].to_dict() == {"G1": 48, "G2": 47}
    assert summary.set_index("Status").loc["Assigned", "x_1"] == 95
    # declared unstranded: kept, and the table says the data look reverse-stranded
    table, chosen = strand_calls(runs, ["x_1"], "unstranded")
    assert chosen == {"x_1": "unstranded"} and "reverse" in table.loc[0, "warning"]


def test_missing_strand_run_is_named(tmp_path):
    (tmp_path / "x_1").mkdir()
    (tmp_path / "x_1" / "s0.txt").write_text(FC.format(s="x_1", a=1, b=2))
    with pytest.raises(FileNotFoundError, match=r"x_1/s1\.txt is missing"):
        FeatureCountsByStrand.from_dirs([tmp_path / "x_1"])


def test_salmon_strand_counts(tmp_path):
    path = tmp_path / "lib_format_counts.json"
    path.write_text(
        json.dumps(
            {"expected_format": "ISR", "ISF": 12, "ISR": 988, "SF": 0, "SR": 0, "IU": 1000, "U": 0}
        )
    )
    assert salmon.strand_counts(path) == (12.0, 988.0)


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "out" / "table.tsv"
    df = pd.DataFrame({"a": [1.0 / 3, 2.0], "b": ["x", "y"]})
    io.write_tsv(df, target)
    assert target.read_text() == "a\tb\n0.333333\tx\n2\ty\n"

    class Boom(Exception):
        pass

    with pytest.raises(Boom), io.atomic_path(tmp_path / "out" / "never.tsv") as tmp:
        tmp.write_text("half")
        raise Boom
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["table.tsv"]


def _salmon_dir(root, name, reads, processed):
    quant = root / name
    (quant / "aux_info").mkdir(parents=True)
    (quant / "quant.sf").write_text(
        "Name\tLength\tEffectiveLength\tTPM\tNumReads\n"
        + "".join(f"T{i}\t100\t90\t1\t{n}\n" for i, n in enumerate(reads, start=1))
    )
    lib = {"expected_format": "ISR", "ISF": 10, "ISR": 990, "SF": 0, "SR": 0, "IU": 0, "U": 0}
    (quant / "lib_format_counts.json").write_text(json.dumps(lib))
    (quant / "aux_info" / "meta_info.json").write_text(json.dumps({"num_processed": processed}))
    return quant


def test_salmon_directories_to_genes_and_strandedness(tmp_path):
    dirs = {"a": _salmon_dir(tmp_path, "a", [10.4, 5.6, 84.0], 120)}
    tx2gene = pd.DataFrame({"transcript_id": ["T1", "T2", "T3"], "gene_id": ["G1", "G1", "G2"]})
    genes = pd.DataFrame({"gene_name": ["Cybb", "Ncf1", "Rac2"]}, index=["G1", "G2", "G3"])
    matrix = salmon.gene_matrix(dirs, tx2gene, genes)
    assert matrix["a"].to_dict() == {"G1": 16, "G2": 84, "G3": 0}
    assert salmon.strandedness_table(dirs, "auto").loc[0, "inferred"] == "reverse"
    # almost nothing of what salmon processed landed on genes: the job's own check stops it
    dirs["b"] = _salmon_dir(tmp_path, "b", [0.0, 0.0, 1.0], 10_000)
    with pytest.raises(ValueError, match="b"):
        salmon.gene_matrix(dirs, tx2gene, genes)
