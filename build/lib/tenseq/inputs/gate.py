"""Up-front checks of the config, the sample sheet and the reference.

Run while Snakemake builds the DAG, before any job: a typo in a sample sheet
should cost seconds, not a night of cluster time. Every problem raises
:class:`tenseq.errors.InputError` naming the file, the line or field, and the fix.
Problems that concern one optional stage (pathways, ligands) are returned in
``Inputs.blocked`` instead: that stage is left out and the rest of the run goes on.
Line numbers count as an editor shows them (the header is line 1).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

from tenseq.errors import InputError
from tenseq.gtf import open_text, parse_attributes
from tenseq.inputs.design import check_design
from tenseq.inputs.run_checks import check_run_settings, contrast_levels, missing_to_empty
from tenseq.inputs.text_files import describe_text_problem

# Letters and digits joined by single '.', '-' or '_' (IL22.24h.Rep.1, DCH7_DOX-pulse_1): safe
# as file names, shell words and wildcard values. No '/', spaces, shell metacharacters, '..',
# and no leading '-' or '.', which tools would read as an option or a hidden file.
SAMPLE_NAME = r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*"
SAMPLE_NAME_RE = re.compile(f"^{SAMPLE_NAME}$")
FILE_COLUMNS = ("fq1", "fq2", "bam")
CACHE_NAME = "tenseq-validate-cache.json"
GTF_FEATURES = ("gene", "transcript", "exon")


@dataclass(frozen=True)
class Inputs:
    """Validated inputs of one run."""

    config: dict[str, Any]
    samples: pd.DataFrame
    entry: str  # fastq | bam | counts
    paired: bool
    # stage -> why its checks failed; a blocked stage is left out, the rest of the run goes on
    blocked: dict[str, InputError] = dataclasses.field(default_factory=dict)


# ---------------------------------------------------------------- config
def _fill_defaults(validator_class: type) -> type:
    """A jsonschema validator that writes each property's ``default`` into the instance."""
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for name, sub in properties.items():
                if "$ref" in sub:
                    sub = validator._resolver.lookup(sub["$ref"]).contents
                if "default" in sub and name not in instance:
                    instance[name] = copy.deepcopy(sub["default"])
        yield from validate_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(validator_class, {"properties": set_defaults})


_DefaultingValidator = _fill_defaults(jsonschema.Draft202012Validator)


def _key_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top level)"


def _schema_message(error: jsonschema.ValidationError, file: str) -> InputError:
    path = _key_path(error)
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        key = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(allowed)}"
        where = f"{path}.{key}" if path != "(top level)" else key
        return InputError(
            file, f"unknown key '{key}'", f"{hint} (see config/README.md)", field=where
        )
    if error.validator == "required":
        return InputError(file, error.message, "add the key (see config/README.md)", field=path)
    expected = error.schema.get("enum") or error.schema.get("type") or error.schema.get("pattern")
    return InputError(
        file,
        f"{error.message}",
        f"use a value of the expected form ({expected}); see config/README.md",
        field=path,
    )


def validate_config(config: dict[str, Any], schema_path: Path, *, file: str = "config") -> dict:
    """The config checked against its schema, with every default filled in."""
    schema = yaml.safe_load(Path(schema_path).read_text())
    filled = copy.deepcopy(dict(config))
    validator = _DefaultingValidator(schema)
    errors = sorted(validator.iter_errors(filled), key=lambda e: list(e.absolute_path))
    if errors:
        raise _schema_message(errors[0], file)
    return filled


# ---------------------------------------------------------------- sample sheet
def read_sample_sheet(path: str | Path) -> pd.DataFrame:
    """Read a tab-separated sample sheet, rejecting the encoding mistakes spreadsheets make."""
    label = str(path)
    path = Path(path)
    _check_readable_file(path, label, None, "samples")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(
            label,
            "the sample sheet is empty",
            "write a header line (sample, condition, ...) and one line per sample",
        )
    describe_text_problem(data, label)  # BOM, CRLF, CR-only, UTF-16, Excel exports
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(label, f"not UTF-8 text ({err})", "save the sheet as UTF-8") from err
    lines = [ln for ln in text.split("\n")]
    header = lines[0].split("\t")
    if len(header) == 1:
        sep = "commas" if "," in lines[0] else "spaces" if " " in lines[0] else None
        if sep:
            raise InputError(
                label,
                f"the header is separated by {sep}, not tabs",
                "separate columns with tab characters",
                row=1,
            )
    names = [h.strip() for h in header]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputError(
            label,
            f"duplicated column names: {', '.join(dup)}",
            "give every column a unique name",
            row=1,
        )
    for required in ("sample", "condition"):
        if required not in names:
            raise InputError(
                label,
                f"no '{required}' column (columns: {', '.join(names)})",
                "name the columns in the header line: sample, condition, ...",
                row=1,
            )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(names):
            raise InputError(
                label,
                f"{len(fields)} tab-separated fields, the header has {len(names)}",
                "give every line one value per column (empty is fine), separated by tabs",
                row=number,
            )
        for name, value in zip(names, fields, strict=True):
            if value != value.strip():
                raise InputError(
                    label,
                    f"value '{value}' has leading or trailing whitespace",
                    "remove the spaces around the value",
                    row=number,
                    field=name,
                )
        rows.append([number, *fields])
    if not rows:
        raise InputError(label, "the sheet has a header but no samples", "add one line per sample")
    sheet = pd.DataFrame(rows, columns=["_line", *names], dtype=str)
    return sheet


def _check_readable_file(path: Path, label: str, row: int | None, field: str | None) -> None:
    where = "" if path.is_absolute() else f" (relative paths start from {Path.cwd()})"
    if not path.exists():
        raise InputError(
            label,
            f"file not found: {path}{where}",
            "correct the path or create the file",
            row=row,
            field=field,
        )
    if path.is_dir():
        raise InputError(
            label,
            f"{path} is a directory, not a file",
            "point to the file inside it",
            row=row,
            field=field,
        )
    if not os.access(path, os.R_OK):
        raise InputError(
            label,
            f"{path} is not readable (permissions)",
            f"make it readable: chmod a+r {path}",
            row=row,
            field=field,
        )


def check_samples(
    sheet: pd.DataFrame, config: dict[str, Any], label: str, workdir: Path
) -> tuple[pd.DataFrame, str, bool]:
    """Semantic checks of the sheet; returns (samples indexed by name, entry, paired)."""
    seen: dict[str, int] = {}
    records = sheet.to_dict("records")  # plain dicts: a pandas Series per row was most of the time
    for row in records:
        name, line = row["sample"], int(row["_line"])
        if not SAMPLE_NAME_RE.match(name):
            what = (
                "is empty"
                if not name
                else "contains a space"
                if " " in name
                else "contains '..'"
                if ".." in name
                else "contains a '/'"
                if "/" in name
                else "starts or ends with a separator, or repeats one"
                if re.fullmatch(r"[A-Za-z0-9._-]+", name)
                else "contains characters other than letters, digits, '.', '-' and '_'"
            )
            suggestion = re.sub(r"([._-])[._-]+", r"\1", re.sub(r"[^A-Za-z0-9._-]", "_", name))
            suggestion = suggestion.strip("._-")
            raise InputError(
                label,
                f"sample name '{name}' {what}",
                "use letters, digits, and single '.', '-' or '_' between them"
                f"{f' (e.g. {suggestion!r})' if suggestion else ''}; names become "
                "file names and shell arguments",
                row=line,
                field="sample",
            )
        if name in seen:
            raise InputError(
                label,
                f"sample '{name}' is listed twice (also line {seen[name]})",
                "give every sample a unique name",
                row=line,
                field="sample",
            )
        seen[name] = line
        if not row["condition"]:
            raise InputError(
                label,
                f"sample '{name}' has no condition",
                "fill in its biological group (e.g. naive or TEN)",
                row=line,
                field="condition",
            )

    levels = config.get("conditions")
    if levels:
        for row in records:
            if row["condition"] not in levels:
                close = difflib.get_close_matches(row["condition"], levels, n=1, cutoff=0.3)
                close = close or [lv for lv in levels if lv.lower() == row["condition"].lower()]
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise InputError(
                    label,
                    f"condition '{row['condition']}' is not one of the "
                    f"config's conditions ({', '.join(levels)})",
                    f"{hint}fix the sheet or add the level to `conditions:` in the config",
                    row=int(row["_line"]),
                    field="condition",
                )
    sizes = sheet["condition"].value_counts()
    small = sizes[(sizes < 2) & sizes.index.isin(contrast_levels(config, "condition"))]
    if len(small):
        raise InputError(
            label,
            f"condition '{small.index[0]}' has {small.iloc[0]} sample; "
            "differential expression needs replicates",
            "add at least 2 samples per condition (or remove that group)",
            field="condition",
        )

    entry, paired = _entry_point(sheet, config, label)
    used: dict[str, tuple[int, str]] = {}
    columns = [c for c in FILE_COLUMNS if c in sheet.columns]
    if entry != "counts":
        for row in records:
            line = int(row["_line"])
            for column in columns:
                value = row[column]
                if not value:
                    continue
                path = Path(value)
                resolved = path if path.is_absolute() else workdir / path
                _check_readable_file(resolved, label, line, column)
                key = str(resolved.resolve())
                if key in used:
                    other_line, other_col = used[key]
                    raise InputError(
                        label,
                        f"{value} is also used on line {other_line} ({other_col})",
                        "give every sample and read its own file",
                        row=line,
                        field=column,
                    )
                used[key] = (line, column)
        if entry == "fastq":
            _check_fastq_heads(sheet, paired, label, workdir)
    samples = sheet.set_index("sample")
    samples.index.name = "sample"
    if "phenotype" in samples.columns:
        samples["phenotype"] = missing_to_empty(samples["phenotype"])  # NA, N/A, NaN: missing
        numbers = pd.to_numeric(samples["phenotype"].replace("", None), errors="coerce")
        bad = samples["phenotype"][numbers.isna() & (samples["phenotype"] != "")]
        if len(bad):
            raise InputError(
                label,
                f"phenotype '{bad.iloc[0]}' of sample '{bad.index[0]}' is not a number",
                "give a number (e.g. % tumor-cell killing) or leave it empty",
                row=int(samples.loc[bad.index[0], "_line"]),
                field="phenotype",
            )
        samples["phenotype"] = numbers
    return samples.drop(columns="_line"), entry, paired


def _check_fastq_heads(sheet: pd.DataFrame, paired: bool, label: str, workdir: Path) -> None:
    """First reads of every FASTQ (and mate names) checked; results cached per file state."""
    from tenseq.fastq import head_check

    cache = _Cache(workdir / ".snakemake" / CACHE_NAME)
    checked = None
    for row in sheet.to_dict("records"):
        fq1 = _resolve(row["fq1"], workdir)
        fq2 = _resolve(row["fq2"], workdir) if paired else None
        key = "fastq|" + _cache_key(fq1) + ("|" + _cache_key(fq2) if fq2 else "")
        if cache.get(key):
            continue
        head_check(fq1, fq2, label, int(row["_line"]))
        cache.data[key] = True
        checked = key
    if checked:
        cache.put(checked, True)  # one write for all newly checked files


def _first_line(sheet: pd.DataFrame, mask: pd.Series) -> int:
    """File line number of the first sample where ``mask`` is true."""
    return int(sheet.loc[mask.idxmax(), "_line"])


def _entry_point(sheet: pd.DataFrame, config: dict[str, Any], label: str) -> tuple[str, bool]:
    """fastq, bam or counts: exactly one per run."""
    has = {
        c: (sheet[c] != "") if c in sheet.columns else pd.Series(False, index=sheet.index)
        for c in FILE_COLUMNS
    }
    if config.get("counts"):
        return "counts", False
    fq, bam = has["fq1"], has["bam"]
    both = fq & bam
    if both.any():
        line = _first_line(sheet, both)
        raise InputError(
            label,
            "the sample has both FASTQ and BAM files",
            "give either fq1/fq2 or bam for each sample",
            row=line,
        )
    if has["fq2"].any() and not (has["fq2"] <= fq).all():
        line = _first_line(sheet, has["fq2"] & ~fq)
        raise InputError(
            label, "fq2 is given without fq1", "put read 1 in fq1", row=line, field="fq1"
        )
    if fq.any() and bam.any():
        raise InputError(
            label,
            "some samples start from FASTQ and others from BAM",
            "use one entry point per run: all fq1/fq2 or all bam",
        )
    if fq.any():
        if not fq.all():
            line = _first_line(sheet, ~fq)
            raise InputError(
                label,
                "no fq1 for this sample while others have reads",
                "give fq1 (and fq2) for every sample",
                row=line,
                field="fq1",
            )
        paired = has["fq2"]
        if paired.any() and not paired.all():
            line = _first_line(sheet, ~paired)
            raise InputError(
                label,
                "mixed single-end and paired-end samples: this one has no fq2",
                "run single-end and paired-end samples separately, or give fq2 for every sample",
                row=line,
                field="fq2",
            )
        for row in sheet[paired].to_dict("records"):
            if row["fq1"] == row["fq2"]:
                raise InputError(
                    label,
                    "fq1 and fq2 are the same file",
                    "fq2 must be the read 2 file",
                    row=int(row["_line"]),
                    field="fq2",
                )
        return "fastq", bool(paired.all())
    if bam.any():
        if not bam.all():
            line = _first_line(sheet, ~bam)
            raise InputError(
                label,
                "no bam for this sample while others have one",
                "give a BAM for every sample",
                row=line,
                field="bam",
            )
        return "bam", False
    raise InputError(
        label,
        "no input files: the sheet has no fq1 or bam values and the config has no `counts` matrix",
        "give FASTQ files (fq1, fq2), BAM files (bam), or set `counts:` in the "
        "config to a genes x samples matrix",
    )


# ---------------------------------------------------------------- reference
def _cache_key(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


class _Cache:
    """Results of reference scans, keyed by (path, size, mtime): large files are read once."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        if path and path.is_file():
            try:
                self.data = json.loads(path.read_text())
            except (json.JSONDecodeError, OSError):
                self.data = {}

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def put(self, key: str, value: Any) -> None:
        self.data[key] = value
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".part")
            tmp.write_text(json.dumps(self.data))
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only working directory only costs a rescan next time


def scan_fasta_names(path: Path) -> list[str]:
    """Sequence names of a FASTA (from its .fai index when present)."""
    fai = Path(f"{path}.fai")
    if fai.is_file():
        return pd.read_csv(fai, sep="\t", header=None, usecols=[0])[0].astype(str).tolist()
    names = []
    with open_text(path) as handle:
        first = True
        for line in handle:
            if first and not line.startswith(">"):
                raise InputError(
                    str(path),
                    "does not start with '>' : not a FASTA file",
                    "give the genome sequence in FASTA format",
                    row=1,
                )
            first = False
            if line.startswith(">"):
                names.append(line[1:].split(maxsplit=1)[0] if line[1:].strip() else "")
    return names


def scan_gtf(path: Path) -> dict[str, Any]:
    """Chromosome names, line count, gene names and the first feature line lacking gene_id."""
    chroms: dict[str, None] = {}
    names: dict[str, None] = {}
    missing_line = None
    n = 0
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 9:
                raise InputError(
                    str(path),
                    f"line has {len(cols)} tab-separated columns, a GTF line has 9",
                    "check that this is a GTF (not GFF3, BED or a space-separated copy)",
                    row=number,
                )
            n += 1
            chroms.setdefault(cols[0])
            if cols[2] in GTF_FEATURES:
                attrs = parse_attributes(cols[8])
                if "gene_id" in attrs:
                    names.setdefault(attrs.get("gene_name", attrs["gene_id"]))
                elif missing_line is None:
                    missing_line = number
    return {
        "chroms": list(chroms),
        "n": n,
        "missing_gene_id_line": missing_line,
        "gene_names": list(names),
    }


def check_reference(
    config: dict[str, Any],
    entry: str,
    label: str,
    cache_path: Path | None,
    bams: Iterable[str] = (),
) -> list[str]:
    """Genome and GTF readable and agreeing on chromosome names; BAMs agree with the GTF.

    Returns the GTF's gene names (gene_id where a gene has no name), the universe
    the gene sets are checked against; empty for the count-matrix entry point.
    """
    if entry == "counts":
        return []
    reference = config.get("reference") or {}
    needed = ("gtf",) if entry == "bam" else ("genome", "gtf")
    for key in needed:
        if not reference.get(key):
            raise InputError(
                label,
                f"reference.{key} is not set but {entry} input needs it",
                f"set reference.{key} to a file path in the config",
                field=f"reference.{key}",
            )
    cache = _Cache(cache_path)
    gtf = Path(reference["gtf"])
    _check_readable_file(gtf, label, None, "reference.gtf")
    key = "gtf|" + _cache_key(gtf)
    info = cache.get(key)
    if info is None or "gene_names" not in info:
        info = scan_gtf(gtf)
        cache.put(key, info)
    if info["n"] == 0:
        raise InputError(
            str(gtf),
            "the GTF has no annotation lines",
            "give a GTF with gene, transcript and exon lines",
        )
    if info["missing_gene_id_line"] is not None:
        raise InputError(
            str(gtf),
            "a gene/transcript/exon line has no gene_id attribute",
            "use a GTF with gene_id on every feature line (Ensembl and GENCODE "
            "GTFs have it; convert GFF3 with gffread -T)",
            row=info["missing_gene_id_line"],
        )
    gtf_chroms = set(info["chroms"])
    others: list[tuple[str, list[str]]] = []
    if entry == "fastq":
        genome = Path(reference["genome"])
        _check_readable_file(genome, label, None, "reference.genome")
        gkey = "fasta|" + _cache_key(genome)
        names = cache.get(gkey)
        if names is None:
            names = scan_fasta_names(genome)
            cache.put(gkey, names)
        others.append((str(genome), names))
    if entry == "bam":
        from tenseq.bam import bam_references, check_bam_file, check_references_annotated

        for bam in bams:
            check_bam_file(bam)
            others.append((bam, bam_references(bam)))
            if gtf_chroms & set(others[-1][1]):
                check_references_annotated(bam, gtf_chroms, str(gtf))
    for source, names in others:
        if not gtf_chroms & set(names):
            raise InputError(
                source,
                f"no chromosome name is shared with the GTF {gtf} (here: "
                f"{', '.join(names[:4])}...; GTF: {', '.join(sorted(gtf_chroms)[:4])}...)",
                "use a genome and annotation of the same source: UCSC names chromosomes "
                "'chr1', Ensembl '1'",
            )
    return info["gene_names"]


# ---------------------------------------------------------------- contrasts
def check_contrasts(samples: pd.DataFrame, config: dict[str, Any], label: str) -> None:
    """Contrast variables and levels exist in the sheet with at least 2 samples each."""
    ids = set()
    for i, contrast in enumerate(config.get("de", {}).get("contrasts", [])):
        field = f"de.contrasts[{i}]"
        if contrast["id"] in ids:
            raise InputError(
                label,
                f"contrast id '{contrast['id']}' is used twice",
                "give every contrast its own id",
                field=field,
            )
        ids.add(contrast["id"])
        variable = contrast["variable"]
        if variable not in samples.columns:
            raise InputError(
                label,
                f"contrast variable '{variable}' is not a sample-sheet "
                f"column ({', '.join(samples.columns)})",
                "use a column of the sample sheet",
                field=f"{field}.variable",
            )
        counts = samples[variable].value_counts()
        for side in ("target", "reference"):
            level = contrast[side]
            if level not in counts.index:
                close = [lv for lv in counts.index if str(lv).lower() == level.lower()]
                close = close or difflib.get_close_matches(
                    level, list(counts.index), n=1, cutoff=0.3
                )
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise InputError(
                    label,
                    f"level '{level}' of '{variable}' has no samples "
                    f"(levels: {', '.join(map(str, counts.index))})",
                    f"{hint}use a level present in the sample sheet",
                    field=f"{field}.{side}",
                )
            if counts[level] < 2:
                raise InputError(
                    label,
                    f"level '{level}' of '{variable}' has 1 sample",
                    "a contrast needs at least 2 samples per group",
                    field=f"{field}.{side}",
                )


# ---------------------------------------------------------------- pathways
def pathways_enabled(config: dict[str, Any]) -> bool:
    """Whether the pathway stage runs: contrasts exist and some gene sets fit the species.

    The curated programs use mouse symbols (mapped to human on demand); for any
    other species only the user's own GMT files can be scored.
    """
    settings = config["pathways"]
    if not (settings["activate"] and config["de"]["contrasts"]):
        return False
    return config["reference"]["species"] != "other" or bool(settings["gene_sets"])


def _resolve(path: str, workdir: Path) -> Path:
    return Path(path) if Path(path).is_absolute() else workdir / path


def _read_orthologs(path: str | None, label: str, workdir: Path, field: str) -> pd.DataFrame | None:
    """An ortholog table (human_symbol, mouse_symbol), readable and with those columns."""
    if not path:
        return None
    full = _resolve(path, workdir)
    _check_readable_file(full, label, None, field)
    orthologs = pd.read_csv(full, sep="\t")
    if not {"human_symbol", "mouse_symbol"} <= set(orthologs.columns):
        raise InputError(
            str(path),
            f"columns are {', '.join(orthologs.columns[:4])}...",
            "give a tab-separated table with columns human_symbol and mouse_symbol",
            row=1,
        )
    return orthologs


def check_pathways(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str] = ()
) -> None:
    """Gene-set files are readable GMT sharing genes with the data; programs exist.

    ``universe`` holds the data's gene names (count matrix or GTF); when given,
    every gene-set file and the cytotoxicity program must overlap it, which
    catches a wrong ``reference.species`` or gene ids where symbols are needed.
    """
    from tenseq.pathways.genesets import check_overlap, curated_sets, map_species, read_gmt

    if not pathways_enabled(config):
        return
    settings = config["pathways"]
    species = config["reference"]["species"]
    orthologs = _read_orthologs(settings["orthologs"], label, workdir, "pathways.orthologs")
    universe = set(universe)
    collections: list[tuple[str, str, pd.DataFrame]] = []
    for i, path in enumerate(settings["gene_sets"]):
        full = _resolve(path, workdir)
        _check_readable_file(full, label, None, f"pathways.gene_sets[{i}]")
        collections.append((str(path), f"pathways.gene_sets[{i}]", read_gmt(full)))
    scorable = species != "other"
    if settings["curated"] and scorable:
        collections.append(("curated programs", "pathways.curated", curated_sets()))
    names: set[str] = set()
    program_genes: set[str] = set()
    for source, field, sets in collections:
        names |= set(sets["source"])
        mapped = map_species(sets, species, orthologs)[0] if scorable else sets
        program_genes |= set(
            mapped.loc[mapped["source"].isin(settings["cytotoxicity_programs"]), "target"]
        )
        if universe:
            check_overlap(
                mapped, universe, source, field=field if source == "curated programs" else None
            )
    missing = [p for p in settings["cytotoxicity_programs"] if p not in names]
    if missing:
        hint = (
            "the curated TENSEQ_ programs use mouse/human symbols; with species 'other' "
            "name a set from your own GMT files"
            if not scorable
            else "use a set name from the curated programs or from pathways.gene_sets"
        )
        close = difflib.get_close_matches(missing[0], sorted(names), n=1, cutoff=0.6)
        raise InputError(
            label,
            f"cytotoxicity program '{missing[0]}' is not a gene set of this run",
            (f"did you mean '{close[0]}'? " if close else "") + hint,
            field="pathways.cytotoxicity_programs",
        )
    if universe and len(program_genes & universe) < 2:
        raise InputError(
            label,
            f"only {len(program_genes & universe)} gene(s) of the cytotoxicity programs "
            "are in the data",
            "the score needs at least 2: check reference.species and the gene names, or "
            "choose other sets in pathways.cytotoxicity_programs",
            field="pathways.cytotoxicity_programs",
        )


# ---------------------------------------------------------------- ligands
def check_ligands(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str] = ()
) -> None:
    """User signature, ortholog, receptor and secretome files readable; signatures map to the data.

    A signature whose genes (after orthology) miss the data entirely would make
    every ligand score noise, so it stops the run here, not after DE.
    """
    from tenseq.ligands.signatures import BUILT_IN, cytosig_package_file, map_genes

    settings = config["ligands"]
    if not (settings["activate"] and pathways_enabled(config)):
        return
    if config["reference"]["species"] == "other":
        return
    for key in ("receptors", "secretome"):
        if settings[key]:
            _check_readable_file(_resolve(settings[key], workdir), label, None, f"ligands.{key}")
    orthologs = _read_orthologs(settings["orthologs"], label, workdir, "ligands.orthologs")
    universe = set(universe)
    for i, source in enumerate(settings["sources"]):
        if source == "cytosig_expand":
            cytosig_package_file("signature.centroid.expand")  # installed, before any work
        if source in BUILT_IN:
            continue
        path = _resolve(source, workdir)
        _check_readable_file(path, label, None, f"ligands.sources[{i}]")
        matrix = pd.read_csv(path, sep="\t", index_col=0)
        numeric = matrix.apply(pd.to_numeric, errors="coerce")
        if matrix.empty or numeric.isna().to_numpy().any():
            raise InputError(
                source,
                "the signature must be numbers, genes as rows and ligands as columns",
                "write a tab-separated matrix: a gene column, then one column per ligand",
                row=1,
            )
        mapped, note = map_genes(numeric, config["reference"]["species"], orthologs)
        if universe and len(mapped.index.intersection(list(universe))) < 10:
            example = ", ".join(list(matrix.index[:3]))
            raise InputError(
                source,
                f"fewer than 10 signature genes map to the data (genes look like {example}; "
                f"{note})",
                "use gene symbols (human signatures are mapped to mouse through "
                "ligands.orthologs or by case), or drop this source",
                field=f"ligands.sources[{i}]",
            )


# ---------------------------------------------------------------- entry point
def load_inputs(
    config: dict[str, Any], *, workdir: Path, schema_dir: Path, config_label: str = "config"
) -> Inputs:
    """Validate everything a run needs; return the filled config and the sample table."""
    config = validate_config(config, Path(schema_dir) / "config.schema.yaml", file=config_label)
    sheet_path = Path(config["samples"])
    if not sheet_path.is_absolute():
        sheet_path = workdir / sheet_path
    label = str(config["samples"])
    sheet = read_sample_sheet(sheet_path)
    samples, entry, paired = check_samples(sheet, config, label, workdir)
    universe: list[str] = []
    if entry == "counts":
        from tenseq.quant.counts import read_count_matrix

        matrix = Path(config["counts"])
        _check_readable_file(
            matrix if matrix.is_absolute() else workdir / matrix, config_label, None, "counts"
        )
        _, genes = read_count_matrix(
            matrix if matrix.is_absolute() else workdir / matrix,
            samples,
            file_label=str(config["counts"]),
            symbol_column=config["symbol_column"],
        )
        universe = genes["gene_name"].astype(str).tolist()
    bams = list(samples["bam"]) if entry == "bam" else []
    universe += check_reference(
        config, entry, config_label, workdir / ".snakemake" / CACHE_NAME, bams
    )
    check_run_settings(config, samples, entry, config_label, workdir)
    check_contrasts(samples, config, config_label)
    if config["de"]["contrasts"]:
        check_design(samples, config["de"]["design"], config["de"]["contrasts"], file=config_label)
    blocked = check_stages(config, config_label, workdir, universe)
    return Inputs(config=config, samples=samples, entry=entry, paired=paired, blocked=blocked)


# Checks that concern one optional stage, and the switch that turns the stage off.
STAGE_CHECKS = {
    "pathways": (check_pathways, "pathways.activate"),
    "ligands": (check_ligands, "ligands.activate"),
}


def check_stages(
    config: dict[str, Any], label: str, workdir: Path, universe: Iterable[str]
) -> dict[str, InputError]:
    """Run each optional stage's checks; a failure blocks that stage (and those after it) only.

    Counting and DE do not depend on gene sets or signatures, so a 20-gene annotation or a
    signature in the wrong ids should not stop them. Each returned error names the switch
    that turns its stage off, so the user can silence it on purpose.
    """
    universe = list(universe)
    blocked: dict[str, InputError] = {}
    for stage, (check, switch) in STAGE_CHECKS.items():
        if blocked:  # ligands read the pathway stage's outputs
            break
        try:
            check(config, label, workdir, universe)
        except InputError as err:
            blocked[stage] = InputError(
                err.file,
                err.problem,
                f"{err.fix}; or switch the {stage} stage off with `{switch}: false` "
                "(counting and differential expression run either way)",
                row=err.row,
                field=err.field,
            )
    return blocked


def is_paired(samples: pd.DataFrame) -> bool:
    """Whether every sample has a read 2 file."""
    return "fq2" in samples.columns and bool((samples["fq2"].fillna("") != "").all())


def sample_wildcard_constraint() -> str:
    """Regex of the ``sample`` wildcard: any valid sample name (see SAMPLE_NAME_RE).

    Not the sheet's names themselves: Snakemake writes a global constraint into every
    file pattern of every rule and rescans it each time it fills in a job's files, so a
    pattern of 1,000 names costs seconds of DAG building. A valid name cannot absorb
    part of a per-sample file name: the name has no '/', and every per-sample output has
    one wildcard followed by a fixed suffix. Names outside the sheet are stopped by the
    input functions (a mistyped target says which name is unknown).
    """
    return SAMPLE_NAME


def wildcard_constraint(names: Iterable[str]) -> str:
    """Regex matching exactly the given names (escaped), as a prefix tree.

    Exact names keep a dotted name from absorbing a neighbouring part of a file name
    (``IL22.24h.Rep.1.stats.txt``). A tree, not an alternation of every name: Snakemake
    matches each file against these patterns while it builds the DAG, and an
    alternation of 1,000 names costs a thousand tries per file. Where one name is
    the start of another, the longer is tried first (as the sorted alternation did).
    """
    unique = sorted(set(names))
    return _prefix_tree(unique) if unique else "(?!)"


def _prefix_tree(words: list[str]) -> str:
    """Regex of the sorted ``words`` sharing their common prefixes."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    alternatives = [re.escape(c) + _prefix_tree(rest) for c, rest in branches.items()]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if "" in words else body
