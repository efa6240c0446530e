"""House glossaries: an organisation adds its own concepts in the glossary format and
overrides a built-in concept's severity or suggestions without copying it; `lexicon
glossary validate` checks the merged result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexicon.cli import app
from lexicon.glossary import load_glossary
from tests.conftest import TEST_GLOSSARY
from tests.project_env import project_fixture, use_builtin  # noqa: F401

HOUSE = """\
section: {id: house, title: House terms}
concepts:
  - id: house-care-placement
    definition: A child placed in residential or foster care (house definition).
    sources: [{title: House style guide 2026}]
    terms:
      en:
        - {term: child in care, status: preferred}
        - term: looked-after kid
          status: avoid
          suggest: [child in care]
          reason: informal register for a report
          provenance: {who: guidelines, edition: 2016, how: quoted, url: "https://example.org/house-style"}
    examples:
      en:
        flag: ["The looked-after kid was placed with a foster family."]
        ok: ["The child in care was placed with a foster family."]
  - id: sexual-extortion
    terms:
      en:
        - {term: sextortion, severity: error, rephrase: [sexual extortion of a child]}
"""
SENTENCE = "Sextortion cases doubled, according to the agency.\n"


@pytest.fixture()
def house(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test glossary is the built-in one; house.yaml overrides and adds to it."""
    use_builtin(monkeypatch, project.parent / "builtin", TEST_GLOSSARY / "core.yaml")
    path = project / "house.yaml"
    path.write_text(HOUSE, encoding="utf-8")
    Path("a.md").write_text(SENTENCE, encoding="utf-8")
    return path


def findings(runner: CliRunner, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["check", "a.md", "-f", "json-lines", *args])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_override_changes_severity_and_suggestions(runner: CliRunner, house: Path) -> None:
    code, before = findings(runner)
    assert code == 0
    assert [(f["concept"], f["severity"], f["suggestions"]) for f in before] == [("sexual-extortion", "warning", ["Sexual extortion"])]
    code, after = findings(runner, "-g", str(house))
    assert code == 1
    assert [(f["concept"], f["severity"], f["suggestions"]) for f in after] == [
        ("sexual-extortion", "error", ["Sexual extortion of a child"])
    ]


def test_override_keeps_the_rest_of_the_concept(house: Path) -> None:
    glossary = load_glossary([house])
    concept = glossary.concepts["sexual-extortion"]
    assert concept.definition == {"en": "Blackmailing a child with sexual images (test definition)."}
    assert concept.section.id == "test-core"  # the built-in section, not the house one
    assert [s.title for s in concept.sources] == ["Test source"]
    sextortion = next(t for t in concept.terms if t.text == "sextortion")
    assert (sextortion.status.value, sextortion.reason) == ("avoid", "hides that this is abuse")
    assert "house-care-placement" in glossary.concepts


def test_house_terms_are_checked_through_the_config(runner: CliRunner, house: Path) -> None:
    Path(".lexicon.yaml").write_text("glossary: [house.yaml]\n", encoding="utf-8")
    Path("a.md").write_text("The looked-after kid was placed with a foster family.\n", encoding="utf-8")
    code, found = findings(runner)
    assert code == 1
    assert [(f["rule"], f["concept"], f["matched"]) for f in found] == [("avoid-term", "house-care-placement", "looked-after kid")]


def test_validate_checks_the_merged_glossary(runner: CliRunner, house: Path) -> None:
    result = runner.invoke(app, ["glossary", "validate", str(house)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 7 concepts")
    Path(".lexicon.yaml").write_text("glossary: [house.yaml]\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "validate"])  # the configured glossaries
    assert result.exit_code == 0 and result.stdout.startswith("ok: 7 concepts")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        # turning a preferred term into an avoided one needs what every avoided term needs
        ("{term: sexual extortion, status: avoid}", "'sexual extortion' is 'avoid' but has neither 'suggest' nor 'rephrase'"),
        # a term the concept does not have yet must be complete
        ("{term: online blackmail, severity: error}", "'online blackmail': a term needs 'status'"),
        ("{term: sextortion, severity: high}", "'sextortion': severity must be one of error, warning, info"),
        ("{term: sextortion, sugest: [x]}", "unknown key 'sugest' in a term (did you mean 'suggest'?)"),
    ],
)
def test_an_invalid_override_names_file_line_and_concept(runner: CliRunner, house: Path, entry: str, message: str) -> None:
    override = "section: {id: house, title: House}\nconcepts:\n  - id: sexual-extortion\n    terms:\n      en:\n"
    house.write_text(f"{override}        - {entry}\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "validate", str(house)])
    assert result.exit_code == 2
    assert f"{house}:6: [sexual-extortion] {message}" in result.stderr


def test_a_new_concept_must_be_complete(runner: CliRunner, house: Path) -> None:
    house.write_text(
        "section: {id: house, title: House}\nconcepts:\n  - id: house-new\n    terms:\n"
        "      en: [{term: child in care, status: preferred}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["glossary", "validate", str(house)])
    assert result.exit_code == 2
    assert "[house-new] a concept needs 'sources'" in result.stderr
    assert "[house-new] a concept needs 'definition'" in result.stderr


def test_conflicts_with_the_built_in_glossary_are_found(runner: CliRunner, house: Path) -> None:
    house.write_text(
        HOUSE.replace(
            "- {term: child in care, status: preferred}",
            "- {term: child in care, status: preferred}\n        - {term: sexual extortion, status: preferred}",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["glossary", "validate", str(house)])
    assert result.exit_code == 2
    assert "'sexual extortion' (en) appears in several concepts: house-care-placement, sexual-extortion" in result.stderr


def test_house_concepts_are_not_attributed_to_the_guidelines(tmp_path: Path) -> None:
    from lexicon.glossary import load_glossary

    house = tmp_path / "house.yaml"
    house.write_text(HOUSE_NEW_CONCEPT_FOR_REFERENCE, encoding="utf-8")
    glossary = load_glossary([house], builtin=False)
    assert glossary.concepts["house-term"].reference() == "House terms (house.yaml)"


HOUSE_NEW_CONCEPT_FOR_REFERENCE = """
section: {id: house, title: House terms}
concepts:
  - id: house-term
    definition: A house concept.
    sources: [{title: House style}]
    terms:
      en:
        - {term: agreed house term, status: preferred}
    examples: {en: {ok: ["The agreed house term is used."]}}
"""
