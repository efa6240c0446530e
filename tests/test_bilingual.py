"""`lexicon check --source ORIGINAL TRANSLATION`: a French translation of a short English
draft (tests/data/bilingual) gets the expected bilingual findings, in every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.check.translation import bilingual_findings, check_translation
from lexicon.cli import app
from lexicon.glossary import Glossary, load_glossary
from lexicon.model import Rule, Severity
from lexicon.readers import markdown, read_document
from lexicon.report import RENDERERS

DATA = Path(__file__).parent / "data" / "bilingual"
SOURCE, TARGET, GLOSSARY = DATA / "draft-en.md", DATA / "draft-fr.md", DATA / "glossary"


@pytest.fixture(scope="module")
def gloss() -> Glossary:
    return load_glossary([GLOSSARY], builtin=False)


def findings(gloss: Glossary, **settings: object) -> list[tuple[str, str, str, str]]:
    result = check_translation(Linter(gloss, Settings(**settings)), read_document(SOURCE), read_document(TARGET))
    assert result.lang == "fr"
    return [(f.rule.value, f.severity.value, f.concept, " ".join(f.matched.split())) for f in result.findings]


def test_expected_findings(gloss: Glossary) -> None:
    found = findings(gloss)
    assert ("avoid-term", "error", "child-sexual-abuse-material", "pédopornographie") in found
    assert ("care-term", "warning", "sexual-extortion", "sextorsion") in found
    assert ("translation-consistency", "warning", "online-grooming", "pédopiégeage") in found
    assert ("translation-omission", "info", "sexual-exploitation-in-travel-and-tourism", "") in found
    # the child helpline has no French term in this glossary: nothing to compare, no omission
    assert not any(f[2] == "child-helpline" for f in found)
    bilingual = [f for f in found if f[0].startswith("translation-")]
    assert len(bilingual) == 2


def test_messages_name_the_source(gloss: Glossary) -> None:
    result = check_translation(Linter(gloss, Settings()), read_document(SOURCE), read_document(TARGET), source_lang="en")
    avoid = next(f for f in result.findings if f.rule is Rule.AVOID_TERM)
    assert 'The source says "child sexual abuse material" (line 5).' in avoid.message
    omission = next(f for f in result.findings if f.rule is Rule.TRANSLATION_OMISSION)
    assert "draft-en.md:20" in omission.locator
    assert omission.suggestions == ("exploitation sexuelle des enfants dans le voyage et le tourisme",)
    consistency = next(f for f in result.findings if f.rule is Rule.TRANSLATION_CONSISTENCY)
    assert consistency.suggestions == ("sollicitation d'enfants à des fins sexuelles",)
    assert {r.term for r in consistency.related} == {"sollicitation d'enfants à des fins sexuelles", "pédopiégeage"}


def test_faithful_translation_has_no_bilingual_findings(gloss: Glossary) -> None:
    source = markdown.from_text("Reports of child sexual abuse material and of sexual extortion rose.", "en.md")
    target = markdown.from_text("Les signalements de matériel d'abus sexuels sur enfants et d'extorsion sexuelle ont augmenté.", "fr.md")
    assert bilingual_findings(Linter(gloss), source, "en", target, "fr") == []


def test_title_only_use_is_no_omission(gloss: Glossary) -> None:
    source = markdown.from_text(
        "The Optional Protocol to the Convention on the Rights of the Child on the sale of children, child "
        "prostitution and child pornography was ratified in 2004.",
        "en.md",
    )
    target = markdown.from_text("Le Protocole facultatif a été ratifié en 2004.", "fr.md")
    assert bilingual_findings(Linter(gloss), source, "en", target, "fr") == []
    source = markdown.from_text("Child sexual abuse material was seized.", "en.md")
    found = bilingual_findings(Linter(gloss), source, "en", target, "fr")
    assert [(f.rule, f.suggestions) for f in found] == [(Rule.TRANSLATION_OMISSION, ("matériel d'abus sexuels sur enfants",))]


def test_rules_ignore_and_suppressions(gloss: Glossary) -> None:
    assert not any(f[0].startswith("translation-") for f in findings(gloss, rules=frozenset({Rule.AVOID_TERM})))
    ignored = findings(gloss, ignore=frozenset({"online-grooming", "sexual-exploitation-in-travel-and-tourism"}))
    assert not any(f[0].startswith("translation-") for f in ignored)


def test_an_ignored_phrase_is_ignored_by_the_translation_rules_too(gloss: Glossary) -> None:
    # `ignore` takes exact phrases as well as concept ids and rule names; the bilingual rules
    # honour them as the term rules do (one suppression function for both)
    assert ("translation-consistency", "warning", "online-grooming", "pédopiégeage") in findings(gloss)
    ignored = findings(gloss, ignore=frozenset({"PÉDOPIÉGEAGE"}))
    assert not any(f[3] == "pédopiégeage" for f in ignored)
    assert ("care-term", "warning", "sexual-extortion", "sextorsion") in ignored


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_cli_every_format(runner, fmt: str) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--no-config",
            "-g",
            str(GLOSSARY),
            "--source",
            str(SOURCE),
            "--source-lang",
            "en",
            "--show-info",
            "-f",
            fmt,
            str(TARGET),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "translation-consistency" in result.stdout and "translation-omission" in result.stdout
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)


def test_cli_json_details(runner) -> None:
    result = runner.invoke(
        app, ["check", "--no-config", "-g", str(GLOSSARY), "--source", str(SOURCE), "-f", "json", "--show-info", str(TARGET)]
    )
    text = result.stdout
    assert '"translation-omission"' in text and '"pédopiégeage"' in text


def test_cli_errors(runner, tmp_path) -> None:
    assert runner.invoke(app, ["check", "--no-config", "--source", str(tmp_path / "missing.md"), str(TARGET)]).exit_code == 2
    assert runner.invoke(app, ["check", "--no-config", "--source", str(SOURCE), "--source-lang", "xx", str(TARGET)]).exit_code == 2


def test_severity_is_never_raised_for_omissions(gloss: Glossary) -> None:
    result = check_translation(Linter(gloss, Settings()), read_document(SOURCE), read_document(TARGET))
    assert all(f.severity is Severity.INFO for f in result.findings if f.rule is Rule.TRANSLATION_OMISSION)


def test_define_side_by_side(runner) -> None:
    result = runner.invoke(
        app, ["define", "sextortion", "-g", str(GLOSSARY), "--lang", "fr", "--source-lang", "en"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "(source)" in line)
    assert header.index("en (source)") < header.index("fr (target)")
    assert "extorsion sexuelle" in result.stdout and "sexual extortion" in result.stdout
    assert "Blackmailing a child" in result.stdout and "Chantage exercé" in result.stdout


def test_define_side_by_side_json(runner) -> None:
    result = runner.invoke(app, ["define", "sextorsion", "-g", str(GLOSSARY), "--lang", "fr", "--source-lang", "en", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["query"]["lang"] == "fr" and data["query"]["source_lang"] == "en"
    assert {"extorsion sexuelle", "sextorsion"} <= {t["term"] for t in data["side_by_side"]["fr"]["terms"]}
    assert data["side_by_side"]["en"]["definition"].startswith("Blackmailing")


def test_inline_suppressions_name_the_new_rules(gloss: Glossary) -> None:
    text = TARGET.read_text(encoding="utf-8")
    text = "<!-- lexicon-disable translation-omission -->\n" + text.replace(
        "de formation commun sur le pédopiégeage",
        "<!-- lexicon-disable-next-line translation-consistency -->\nde formation commun sur le pédopiégeage",
    )
    target = markdown.from_text(text, "fr.md")
    result = check_translation(Linter(gloss, Settings(lang="fr")), read_document(SOURCE), target, source_lang="en")
    assert not any(f.rule.value.startswith("translation-") for f in result.findings)


def test_word_original_and_markdown_translation(runner, tmp_path) -> None:
    pytest.importorskip("lexicon.readers.docx")
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for block in SOURCE.read_text(encoding="utf-8").split("\n\n"):
        document.add_paragraph(" ".join(block.lstrip("# ").split()))
    original = tmp_path / "draft-en.docx"
    document.save(str(original))
    result = runner.invoke(
        app,
        ["check", "--no-config", "-g", str(GLOSSARY), "--source", str(original), "--lang", "fr", "--show-info", "-f", "json", str(TARGET)],
    )
    data = json.loads(result.stdout)
    rules = {f["rule"] for file in data["files"] for f in file["findings"]}
    assert {"translation-consistency", "translation-omission", "avoid-term", "care-term"} <= rules
