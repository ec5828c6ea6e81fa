"""What a text file is, when it is not plain UTF-8 with Unix line endings.

Spreadsheets save sample sheets in several ways that all look alike in an
editor: Windows line endings (CRLF), old-Mac line endings (CR only, Excel for
Mac's "Tab delimited Text"), UTF-16 ("Unicode Text"), Windows-1252, a UTF-8
byte-order mark, or the workbook itself. Each needs its own fix, so the
message names which one it is and gives a command that works for that case.
"""

from __future__ import annotations

from tenseq.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _line_endings(data: bytes) -> str:
    """'crlf', 'cr', 'lf' or 'mixed' (what most lines end with is not the point: any CR is)."""
    crlf = data.count(b"\r\n")
    cr = data.count(b"\r") - crlf
    if not crlf and not cr:
        return "lf"
    if crlf and not cr:
        return "crlf"
    if cr and not crlf and b"\n" not in data:
        return "cr"
    return "mixed"


def _is_utf16(data: bytes) -> bool:
    if data.startswith(UTF16_BOMS):
        return True
    head = data[:200]
    return len(head) >= 4 and head.count(b"\x00") >= len(head) // 3


def describe_text_problem(data: bytes, label: str) -> None:
    """Raise InputError naming what the file is when it is not UTF-8 text with LF endings."""
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            label,
            "the file is an Excel workbook (.xlsx), not text",
            "in Excel use File > Save As > 'Text (Tab delimited)' (then fix line endings as "
            "this check tells you), or export tab-separated text from your tool",
        )
    if _is_utf16(data):
        raise InputError(
            label,
            "the file is UTF-16 text (what Excel's 'Unicode Text' export writes), not UTF-8",
            f"convert it: `iconv -f UTF-16 -t UTF-8 {label} | tr -d '\\r' > fixed.tsv`, "
            "then point the config to fixed.tsv",
        )
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    endings = _line_endings(data)
    bom = data.startswith(UTF8_BOM)
    if not utf8:
        crlf = " with Windows (CRLF) line endings" if endings != "lf" else ""
        raise InputError(
            label,
            f"the file is not UTF-8: it looks like Windows-1252 (Latin-1) text{crlf}, as a "
            "spreadsheet's 'Text (Tab delimited)' export writes",
            f"convert it: `iconv -f WINDOWS-1252 -t UTF-8 {label} | tr -d '\\r' > fixed.tsv`",
        )
    if endings == "cr":
        raise InputError(
            label,
            "the file has old-Mac line endings (CR only, as Excel for Mac writes): the whole "
            "sheet reads as one line",
            f"convert them: `tr '\\r' '\\n' < {label} > fixed.tsv`",
        )
    if bom and endings != "lf":
        raise InputError(
            label,
            "the file starts with a UTF-8 byte-order mark (BOM) and has Windows (CRLF) line "
            "endings: an Excel 'CSV UTF-8' or 'Text' export",
            f"convert it: `sed -e '1s/^\\xEF\\xBB\\xBF//' -e 's/\\r$//' {label} > fixed.tsv`",
        )
    if bom:
        raise InputError(
            label,
            "the file starts with a UTF-8 byte-order mark (BOM)",
            f"save it as UTF-8 without BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' {label}`)",
        )
    if endings == "crlf":
        raise InputError(
            label,
            "the file has Windows (CRLF) line endings",
            f"convert them with `sed -i 's/\\r$//' {label}` or `dos2unix {label}`",
        )
    if endings == "mixed":
        raise InputError(
            label,
            "the file mixes line endings (CR, CRLF and LF)",
            f"convert them: `tr '\\r' '\\n' < {label} | grep -v '^$' > fixed.tsv`",
        )
