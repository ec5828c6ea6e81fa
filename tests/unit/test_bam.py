import subprocess

import pytest

from tenseq.bam import bam_is_paired, bam_references
from tenseq.errors import InputError

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


def test_paired_flag_and_references(tmp_path):
    assert bam_is_paired(_bam(tmp_path, 99)) is True
    assert bam_is_paired(_bam(tmp_path, 0)) is False
    assert bam_references(_bam(tmp_path, 0)) == ["1", "MT"]


def test_unreadable_bam_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.bam"
    bad.write_bytes(b"not a bam")
    with pytest.raises(InputError, match="bad.bam"):
        bam_is_paired(str(bad))
    with pytest.raises(InputError, match="cannot read the BAM header"):
        bam_references(str(bad))
