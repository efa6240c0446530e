"""Every verdict says who gives it, and severity follows: only a verdict a source shows the
Luxembourg Guidelines giving is an error by default (issue 12)."""

from __future__ import annotations

import json

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.cli import app
from lexicon.glossary.verdict import default_severity
from lexicon.model import Provenance, Rule, Severity, Status
from lexicon.readers.markdown import from_text
from tests.conftest import builtin_glossary

TERM_RULES = frozenset({Rule.AVOID_TERM, Rule.CARE_TERM})


def example_findings():
    """(concept, lang, sentence, finding) for every term finding of every flag example."""
    linters = {}
    for concept in builtin_glossary().concepts.values():
        for lang, block in concept.examples.items():
            linter = linters.setdefault(lang, Linter(builtin_glossary(), Settings(lang=lang, rules=TERM_RULES)))
            for sentence in block.get("flag", ()):
                for f in linter.check_document(from_text(sentence, "<example>")).findings:
                    yield concept, lang, sentence, f


@pytest.fixture(scope="module")
def example_results():
    """The flag examples' findings, found once for the tests below (when they run, not when
    they are collected)."""
    return list(example_findings())


def test_the_examples_give_findings_to_check(example_results):
    assert len(example_results) > 100


def verdict(f, lang):
    concept = builtin_glossary().concepts[f.concept]
    return next(t for t in sorted(concept.terms, key=lambda t: t.lang != lang) if t.text == f.term)


def test_every_reference_line_names_the_real_provenance(example_results):
    for _concept, lang, sentence, f in example_results:
        term = verdict(f, lang)
        assert term.provenance is not None, (f.concept, f.term)
        assert f.provenance == term.provenance, (f.concept, f.term)
        assert f.reference.startswith(term.provenance.label() + " · "), (sentence, f.reference)
        if term.provenance.who != "guidelines":
            assert "— not in the Guidelines" in f.reference, (sentence, f.reference)
        assert f.confirmed is term.provenance.from_guidelines


def test_no_error_comes_from_a_verdict_the_guidelines_are_not_shown_to_give(example_results):
    errors = [(f.concept, f.term) for _, _, _, f in example_results if f.severity is Severity.ERROR]
    assert errors, "some verdicts are the Guidelines' own"
    for _concept, lang, sentence, f in example_results:
        if f.severity is Severity.ERROR:
            assert verdict(f, lang).provenance.from_guidelines, (sentence, f.term, f.reference)


def test_every_care_or_avoid_term_has_a_provenance_with_its_edition():
    for term in builtin_glossary().terms:
        if term.status in (Status.CARE, Status.AVOID):
            p = term.provenance
            assert p is not None and p.url, term.text
            assert p.who != "guidelines" or p.edition in (2016, 2025), term.text


@pytest.mark.parametrize(
    ("provenance", "expected"),
    [
        (Provenance(who="guidelines", edition=2016, via="INTERPOL", how="quoted"), Severity.ERROR),
        (Provenance(who="guidelines", edition=2025, via="ECPAT", how="summarised"), Severity.ERROR),
        (Provenance(who="guidelines", edition=2016, via="a blog", how="inferred"), Severity.WARNING),
        (Provenance(who="body", body="NSPCC", how="quoted"), Severity.WARNING),
        (Provenance(who="team", how="inferred"), Severity.WARNING),
        (None, Severity.WARNING),
    ],
)
def test_the_severity_policy_follows_provenance(provenance, expected):
    assert default_severity(Status.AVOID, provenance) is expected
    assert default_severity(Status.CARE, provenance) is Severity.WARNING
    assert default_severity(Status.PREFERRED, provenance) is None
    assert default_severity(Status.AVOID, provenance, Severity.ERROR) is Severity.ERROR  # a house glossary raises it


@pytest.mark.parametrize(
    ("provenance", "label"),
    [
        (Provenance(who="guidelines", edition=2016, via="INTERPOL", how="quoted"), "Luxembourg Guidelines 2016 (quoted by INTERPOL)"),
        (
            Provenance(who="guidelines", edition=2025, via="NOTA", how="inferred"),
            "inferred from the Luxembourg Guidelines 2025, reasoning reported by NOTA — verdict unconfirmed",
        ),
        (Provenance(who="body", body="NSPCC", how="quoted"), "NSPCC guidance — not in the Guidelines"),
        (Provenance(who="team", how="inferred"), "lexicon team's reading — not in the Guidelines"),
    ],
)
def test_labels_say_who_in_a_few_words(provenance, label):
    assert provenance.label() == label


SENTENCE = "The agency reported a rise in sextortion and in child pornography cases.\n"


def findings(runner, tmp_path, *args):
    doc = tmp_path / "report.md"
    doc.write_text(SENTENCE, encoding="utf-8")
    result = runner.invoke(app, ["check", "--no-config", str(doc), "-f", "json-lines", *args])
    return result.exit_code, {f["matched"]: f for f in map(json.loads, result.stdout.splitlines()) if f["rule"] == "avoid-term"}


def test_json_carries_provenance_and_only_a_house_glossary_or_flag_raises_it(runner, tmp_path):
    code, found = findings(runner, tmp_path)
    assert found["sextortion"]["severity"] == "warning"
    assert found["sextortion"]["provenance"]["who"] == "body" and found["sextortion"]["confirmed"] is False
    assert found["child pornography"]["severity"] == "error"
    assert found["child pornography"]["provenance"]["label"].startswith("Luxembourg Guidelines 2016")
    _, raised = findings(runner, tmp_path, "--severity", "sexual-extortion=error")
    assert raised["sextortion"]["severity"] == "error"
    house = tmp_path / "house.yaml"
    house.write_text(
        "section: {id: house, title: House}\nconcepts:\n  - id: sexual-extortion\n    terms:\n"
        "      en:\n        - {term: sextortion, severity: error}\n",
        encoding="utf-8",
    )
    _, housed = findings(runner, tmp_path, "-g", str(house))
    assert housed["sextortion"]["severity"] == "error"


def test_sarif_and_text_show_who_says_so(runner, tmp_path):
    doc = tmp_path / "report.md"
    doc.write_text(SENTENCE, encoding="utf-8")
    text = runner.invoke(app, ["check", "--no-config", str(doc)]).stdout
    assert "NSPCC guidance — not in the Guidelines" in text
    sarif = json.loads(runner.invoke(app, ["check", "--no-config", str(doc), "-f", "sarif"]).stdout)
    results = sarif["runs"][0]["results"]
    assert any("Who says so: NSPCC guidance — not in the Guidelines" in r["message"]["text"] for r in results)
    assert any(r["properties"]["provenance"] and r["properties"]["provenance"]["who"] == "guidelines" for r in results)


def test_github_annotations_say_who(runner, tmp_path):
    doc = tmp_path / "report.md"
    doc.write_text(SENTENCE, encoding="utf-8")
    out = runner.invoke(app, ["check", "--no-config", str(doc), "-f", "github"]).stdout
    assert "Who says so: NSPCC guidance — not in the Guidelines." in out


def test_glossary_stats_counts_verdicts_by_provenance_and_language(runner):
    data = json.loads(runner.invoke(app, ["glossary", "stats", "-f", "json"]).stdout)
    flagged = [t for t in builtin_glossary().terms if t.status in (Status.CARE, Status.AVOID)]
    assert set(data["verdicts"]) == {"guidelines quoted", "guidelines summarised", "other body", "inferred"}
    assert sum(data["verdicts"].values()) == len(flagged)
    assert data["verdicts"]["guidelines summarised"] == sum(
        1 for t in flagged if t.provenance.who == "guidelines" and t.provenance.how == "summarised"
    )
    for lang, counts in data["verdicts_per_language"].items():
        assert sum(counts.values()) == sum(1 for t in flagged if t.lang == lang)
    assert data["concepts_per_language"]["en"] == {
        "terms": len(builtin_glossary().concepts),
        "definition": len(builtin_glossary().concepts),
    }
    text = runner.invoke(app, ["glossary", "stats"]).stdout
    assert "guidelines quoted" in text and "other body" in text and "coverage" in text


def test_define_terms_and_exports_show_provenance(runner):
    assert "who says so: NSPCC guidance — not in the Guidelines" in runner.invoke(app, ["define", "sextortion"]).stdout
    table = runner.invoke(app, ["terms", "--lang", "en", "--status", "avoid"]).stdout
    assert "who says so" in table and "NSPCC guidance — not in the Guidelines" in table
    md = runner.invoke(app, ["export", "-f", "md"]).stdout
    assert "| who says so |" in md and "Luxembourg Guidelines 2016 (summarised by INTERPOL)" in md
    csv_text = runner.invoke(app, ["export", "-f", "csv"]).stdout
    assert "NSPCC guidance — not in the Guidelines" in csv_text and "p. 35 (page unconfirmed)" in csv_text
    tbx = runner.invoke(app, ["export", "-f", "tbx"]).stdout
    assert "Who: body" in tbx and "Body: NSPCC" in tbx
