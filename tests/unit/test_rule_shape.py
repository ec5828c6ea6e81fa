"""Every rule of workflow/rules/*.smk is short and says what it passes to its step.

The rules are read as text (they are snakefmt-formatted, so the layout is regular): a rule
is at most 25 lines from its ``rule x:`` line to its last line, has no ``lambda`` (its sizing
and file lists are named functions of ``tenseq.pipeline`` or of the rule file), and passes no
param that is a whole config section or the sample table: a step's interface is its files
and named values, not "whatever the config holds".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "workflow" / "rules"
MAX_LINES = 25
# a rule, a checkpoint or a `use rule ... as name with:`
HEADER = re.compile(
    r"^(?P<indent> *)(?:rule|checkpoint) (?P<name>\w+):|^(?P<use> *)use rule \S+ as (?P<alias>\w+)"
)
# the config's sections: its top-level keys that hold settings (reference, de, pathways...)
_SCHEMA = yaml.safe_load((REPO / "workflow" / "schemas" / "config.schema.yaml").read_text())
SECTIONS = {
    key
    for key, spec in _SCHEMA["properties"].items()
    if "$ref" in spec or spec.get("type") == "object"
}
SECTION = re.compile(r"""^config\[["'](\w+)["']\]$""")
# The provenance rule's job is to record the resolved config as it is: the one rule whose
# interface is the whole config.
RECORDS_CONFIG = {("provenance", "config")}


def whole(value: str) -> bool:
    """Whether a param's value is the config, one of its sections or the sample table."""
    section = SECTION.match(value)
    return (
        value == "config"
        or bool(section and section.group(1) in SECTIONS)
        or bool(re.match(r"^SAMPLES\b", value))
    )


@dataclass(frozen=True)
class Rule:
    """A rule's name, file, first line number and text (its lines, trailing blanks dropped)."""

    name: str
    path: Path
    line: int
    lines: tuple[str, ...]

    def params(self) -> dict[str, str]:
        """The rule's params, name -> value text (a value spanning lines joined)."""
        params: dict[str, str] = {}
        inside, indent, name = False, None, None
        for text in self.lines[1:]:
            depth = len(text) - len(text.lstrip())
            if re.match(r"^\s*\w+:", text) and not re.match(r"^\s*\w+=", text):
                if indent is None or depth <= indent:
                    inside, indent = text.strip().startswith("params:"), depth
                    continue
            if not inside or not text.strip():
                continue
            entry = re.match(r"^\s*(\w+)=(.*)$", text)
            if entry and depth == indent + 4:
                name = entry.group(1)
                params[name] = entry.group(2)
            elif name:
                params[name] += text.strip()
        return {key: value.strip().rstrip(",") for key, value in params.items()}


def parse_rules(path: Path) -> list[Rule]:
    """The rules of one .smk file: each runs until the next line indented no deeper."""
    lines = path.read_text().splitlines()
    rules = []
    for number, text in enumerate(lines):
        header = HEADER.match(text)
        if not header:
            continue
        indent = len(header.group("indent") if header.group("name") else header.group("use"))
        end = number
        for later in range(number + 1, len(lines)):
            body = lines[later]
            if body.strip() and len(body) - len(body.lstrip()) <= indent:
                break
            if body.strip():
                end = later
        name = header.group("name") or header.group("alias")
        rules.append(Rule(name, path, number + 1, tuple(lines[number : end + 1])))
    return rules


ALL_RULES = [rule for path in sorted(RULES.glob("*.smk")) for rule in parse_rules(path)]


def test_the_parser_finds_every_rule_with_its_params():
    names = {rule.name for rule in ALL_RULES}
    assert len(ALL_RULES) > 30
    assert {"star_index", "reference_genome", "deseq2", "summary", "multiqc"} <= names
    star = next(rule for rule in ALL_RULES if rule.name == "star_index")
    assert star.lines[0] == "rule star_index:"
    assert star.lines[-1].strip().endswith('2>&1"')
    assert star.params() == {
        "sa_nbases": "STAR_SA_NBASES",
        "overhang": 'config["star"]["sjdb_overhang"]',
    }


BAD_RULE = """\
if True:

    rule bad:
        output:
{outputs}
        params:
            settings=config["ligands"],
            n=lambda w: 1,
            alpha=config["de"]["alpha"],
        script:
            "x.py"


rule next:
    output:
        "y"
"""


def test_a_long_rule_with_a_lambda_and_a_section_param_is_caught(tmp_path):
    smk = tmp_path / "bad.smk"
    smk.write_text(BAD_RULE.format(outputs="\n".join(f'            f{i}="x",' for i in range(20))))
    bad, following = parse_rules(smk)
    assert (bad.name, bad.line, len(bad.lines), following.name) == ("bad", 3, 28, "next")
    params = bad.params()
    assert params == {
        "settings": 'config["ligands"]',
        "n": "lambda w: 1",
        "alpha": 'config["de"]["alpha"]',
    }
    assert [name for name, value in params.items() if whole(value)] == ["settings"]


@pytest.mark.parametrize(
    "bad", ["config", 'config["ligands"]', "config['de']", "SAMPLES", 'SAMPLES[["condition"]]']
)
def test_a_whole_config_section_or_the_sample_table_is_not_a_named_value(bad):
    assert whole(bad)


@pytest.mark.parametrize(
    "good",
    ['config["de"]["alpha"]', 'config["strandedness"]', "CONTRAST_IDS", "LIGAND_SETTINGS"],
)
def test_named_values_pass(good):
    assert not whole(good)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.name)
def test_rule_is_short_without_lambdas_and_passes_named_values(rule):
    where = f"{rule.path.name}:{rule.line} rule {rule.name}"
    assert len(rule.lines) <= MAX_LINES, f"{where} has {len(rule.lines)} lines (max {MAX_LINES})"
    assert not any("lambda" in text for text in rule.lines), f"{where} uses a lambda"
    passed = {
        name: value
        for name, value in rule.params().items()
        if whole(value) and (rule.name, name) not in RECORDS_CONFIG
    }
    assert not passed, f"{where} passes a whole config section or the sample table: {passed}"
