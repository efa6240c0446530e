"""`lexicon export --format csv`: one row per term in the documented columns, readable by
any CSV reader (a spreadsheet), UTF-8 with a byte-order mark; also json and md exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from lexicon.cli import app
from lexicon.exchange import export
from lexicon.exchange.csv_format import COLUMNS
from lexicon.glossary import Glossary, load_glossary
from tests.conftest import TEST_GLOSSARY

DOCUMENTED = [
    "concept_id",
    "section",
    "language",
    "term",
    "status",
    "tbx_status",
    "suggestion",
    "rephrase",
    "reason",
    "definition",
    "source",
    "provenance",
    "provenance_who",
    "provenance_edition",
    "provenance_by",
    "provenance_how",
    "provenance_url",
    "acronym_of",
]


def read_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets detect UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_columns_are_the_documented_ones() -> None:
    assert list(COLUMNS) == DOCUMENTED
    root = Path(__file__).parents[1]
    doc = (root / "docs" / "translators.md").read_text(encoding="utf-8")
    for column in DOCUMENTED:
        assert f"`{column}`" in doc


def test_one_row_per_term(glossary: Glossary) -> None:
    rows = read_rows(export(glossary, "csv"))
    assert len(rows) == len(glossary.terms)
    assert list(rows[0]) == DOCUMENTED
    cp = next(r for r in rows if r["term"] == "child pornography")
    assert cp["concept_id"] == "child-sexual-abuse-material" and cp["language"] == "en"
    assert cp["status"] == "avoid" and cp["tbx_status"] == "deprecatedTerm-admn-sts"
    assert cp["suggestion"] == "child sexual abuse material; CSAM"
    assert cp["provenance_url"] == "https://example.org/cp" and cp["provenance_who"] == "guidelines"
    assert cp["provenance"] == "Luxembourg Guidelines 2016 (summarised by INTERPOL)"
    porn = next(r for r in rows if r["term"] == "child porn")
    assert porn["provenance"] == "INTERPOL guidance — not in the Guidelines"
    assert cp["definition"].startswith("Material that depicts")
    fr = next(r for r in rows if r["term"] == "pédopornographie")
    assert fr["language"] == "fr" and fr["definition"] == ""  # no French definition in the test glossary
    assert next(r for r in rows if r["term"] == "CSAM")["acronym_of"] == "child sexual abuse material"


def test_language_filter_and_builtin(runner, tmp_path) -> None:
    out = tmp_path / "fr.csv"
    assert runner.invoke(app, ["export", "-f", "csv", "--lang", "fr", "-o", str(out)]).exit_code == 0
    rows = read_rows(out.read_bytes())
    builtin = load_glossary()
    assert {r["language"] for r in rows} == {"fr"}
    assert len(rows) == sum(1 for t in builtin.terms if t.lang == "fr")
    assert {r["concept_id"] for r in rows} <= set(builtin.concepts)


def test_commas_quotes_and_newlines_survive(tmp_path, runner) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "section: {id: house, title: House}\nconcepts:\n  - id: odd\n"
        "    definition: 'Line one, with a comma\n\n      and \"quotes\"'\n    sources: [{title: S}]\n"
        "    terms: {en: [{term: 'a, b', status: preferred}]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["export", "-f", "csv", "--no-builtin", "-g", str(path)])
    rows = read_rows(result.stdout_bytes)
    assert rows[0]["term"] == "a, b" and rows[0]["definition"] == 'Line one, with a comma\nand "quotes"'


def test_json_and_markdown(glossary: Glossary) -> None:
    data = json.loads(export(glossary, "json"))
    assert data["schema"] == "lexicon-glossary/2"
    concepts = {c["id"]: c for s in data["sections"] for c in s["concepts"]}
    assert set(concepts) == set(glossary.concepts)
    cp = next(t for t in concepts["child-sexual-abuse-material"]["terms"]["en"] if t["term"] == "child pornography")
    assert cp["status"] == "avoid" and cp["provenance"] == {
        "who": "guidelines",
        "edition": 2016,
        "via": "INTERPOL",
        "how": "summarised",
        "url": "https://example.org/cp",
    }
    md = export(glossary, "md").decode("utf-8")
    assert md.startswith("# Luxembourg Guidelines terminology")
    assert "## test section" in md and "### child sexual abuse material" in md
    assert "| en | child pornography | avoid | child sexual abuse material; CSAM |" in md


def test_builtin_json_lists_every_concept_once() -> None:
    builtin = load_glossary()
    data = json.loads(export(builtin, "json"))
    ids = [c["id"] for s in data["sections"] for c in s["concepts"]]
    assert sorted(ids) == sorted(builtin.concepts)
    assert {s["id"] for s in data["sections"]} == {c.section.id for c in builtin.concepts.values()}


def test_csv_from_test_glossary_cli(runner) -> None:
    result = runner.invoke(app, ["export", "-f", "csv", "--no-builtin", "-g", str(TEST_GLOSSARY)])
    assert result.exit_code == 0
    assert len(read_rows(result.stdout_bytes)) == len(load_glossary([TEST_GLOSSARY], builtin=False).terms)
