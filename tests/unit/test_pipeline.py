from tenseq.pipeline import by_attempt


def test_by_attempt_grows_linearly_with_retries():
    size = by_attempt(3000, per_unit=20, units=50)
    assert [size(None, attempt) for attempt in (1, 2, 3)] == [4000, 8000, 12000]
    assert by_attempt(15)(None, 2) == 30


def test_pathways_report_flags_the_path_with_its_caption_and_category():
    from snakemake.io import get_flag_value

    from tenseq.pipeline import pathways_report

    item = get_flag_value(pathways_report("results/x.tsv", "cytotoxicity"), "report")
    assert item.caption == "../report/cytotoxicity.rst" and item.category == "Pathways"
