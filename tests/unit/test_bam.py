import subprocess
from pathlib import Path

import pandas as pd
import pytest

from tenseq.bam import bam_references
from tenseq.errors import InputError

COUNT_BAM = Path(__file__).resolve().parents[2] / "workflow" / "scripts" / "count_bam.sh"
GTF = '1\tdemo\texon\t1\t1000\t.\t+\t.\tgene_id "G1"; transcript_id "T1";\n'

SAM = """@HD\tVN:1.6\tSO:coordinate
@SQ\tSN:1\tLN:1000
@SQ\tSN:MT\tLN:500
{reads}"""


def _bam(tmp_path, flag):
    reads = "".join(
        f"r{i}\t{flag}\t1\t{10 + i}\t60\t10M\t*\t0\t0\tACGTACGTAC\tFFFFFFFFFF\n" for i in range(5)
    )
    sam = tmp_path / f"f{flag}.sam"
    sam.write_text(SAM.format(reads=reads))
    bam = tmp_path / f"f{flag}.bam"
    subprocess.run(["samtools", "view", "-b", "-o", str(bam), str(sam)], check=True)
    return str(bam)


def _pairs_bam(tmp_path):
    """Five properly paired fragments (flags 99/147), coordinate-sorted."""
    reads = []
    for i in range(5):
        reads.append(f"p{i}\t99\t1\t{10 + i}\t60\t10M\t=\t{200 + i}\t200\tACGTACGTAC\tFFFFFFFFFF\n")
        reads.append(
            f"p{i}\t147\t1\t{200 + i}\t60\t10M\t=\t{10 + i}\t-200\tACGTACGTAC\tFFFFFFFFFF\n"
        )
    sam = tmp_path / "pairs.sam"
    sam.write_text(SAM.format(reads="".join(reads)))
    bam = tmp_path / "pairs.bam"
    subprocess.run(["samtools", "sort", "-o", str(bam), str(sam)], check=True, capture_output=True)
    return str(bam)


def _count_bam(tmp_path, bam, name):
    """Run the featurecounts job's script; the unstranded count of G1 and the log."""
    gtf = tmp_path / "genes.gtf"
    gtf.write_text(GTF)
    qc, out = tmp_path / "qc" / name, tmp_path / name
    proc = subprocess.run(
        ["bash", str(COUNT_BAM), bam, str(gtf), "1", str(qc), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    table = pd.read_csv(out / "s0.txt", sep="\t", comment="#")
    assert "in total" in (qc / f"{name}.flagstat.txt").read_text()
    return int(table.iloc[0, -1]), proc.stdout


def test_featurecounts_job_counts_fragments_of_paired_bams(tmp_path):
    # pairedness is read off the BAM in the job: fragments for pairs, reads otherwise
    fragments, log = _count_bam(tmp_path, _pairs_bam(tmp_path), "pairs")
    assert fragments == 5
    assert "paired-end: -p --countReadPairs" in log
    reads, log = _count_bam(tmp_path, _bam(tmp_path, 0), "single")
    assert reads == 5
    assert "paired-end: no" in log


def test_references_and_unreadable_bam(tmp_path):
    assert bam_references(_bam(tmp_path, 0)) == ["1", "MT"]
    bad = tmp_path / "bad.bam"
    bad.write_bytes(b"not a bam")
    with pytest.raises(InputError, match="cannot read the BAM header"):
        bam_references(str(bad))
