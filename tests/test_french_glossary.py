"""The French side of the built-in glossary: complete, written in French, and giving the
verdicts a French-speaking drafter expects on legal titles, article headings and their own prose."""

from __future__ import annotations

import re

from lexicon.model import Context, Severity, Status
from lexicon.readers.markdown import from_text
from tests.conftest import builtin_glossary, builtin_linter

# words that give away an English sentence left inside a French card
ENGLISH = re.compile(r"\b(the|of|or|when|quoting|referring|naming|describing|text|law|treaty|word)\b", re.IGNORECASE)


def term_findings(sentence: str) -> list[tuple[str, Severity, Context | None]]:
    result = builtin_linter("fr").check_document(from_text(sentence, "<t>"))
    return [(f.matched, f.severity, f.context) for f in result.findings if f.rule.value in ("avoid-term", "care-term")]


def test_every_concept_has_a_french_definition_and_term(concept_id):
    concept = builtin_glossary().concepts[concept_id]
    assert concept.definition.get("fr")
    assert any(t.lang == "fr" for t in concept.terms)
    if concept.note.get("en"):
        assert concept.note.get("fr"), "an English note without its French counterpart"


def test_french_verdicts_explain_themselves_in_french():
    english = [
        (t.text, text)
        for t in builtin_glossary().terms
        if t.lang == "fr" and t.status in (Status.CARE, Status.AVOID)
        for text in (t.reason, t.fine_when)
        if text and ENGLISH.search(text)
    ]
    assert english == []


def test_article_heading_of_the_budapest_convention_is_legal_text_not_own_voice():
    heading = "Le rapport reprend l'intitulé « Infractions se rapportant à la pornographie enfantine »."
    assert term_findings(heading) == [("pornographie enfantine", Severity.WARNING, Context.LEGAL)]
    assert term_findings("Le rapport porte sur la pornographie enfantine en ligne.") == [("pornographie enfantine", Severity.ERROR, None)]


def test_canadian_statute_names_with_delinquant_sexuel_are_titles():
    statute = "La Loi sur l'enregistrement de renseignements sur les délinquants sexuels date de 2004."
    assert term_findings(statute) == [("délinquants sexuels", Severity.INFO, Context.TITLE)]
    assert term_findings("Le conseil a débattu du logement des délinquants sexuels.") == [("délinquants sexuels", Severity.WARNING, None)]


def test_trafic_d_enfants_is_the_translator_trap_for_traite():
    result = builtin_linter("fr").check_document(from_text("Le plan vise le trafic d'enfants à des fins sexuelles.", "<t>"))
    finding = next(f for f in result.findings if f.rule.value == "care-term")
    assert finding.severity is Severity.WARNING
    assert "traite des enfants" in finding.suggestions
    assert term_findings("Le plan vise la traite des enfants à des fins sexuelles.") == []


def test_former_canadian_legal_term_is_a_warning_from_another_body():
    result = builtin_linter("fr").check_document(from_text("Les signalements de pornographie juvénile ont doublé.", "<t>"))
    finding = next(f for f in result.findings if f.rule.value == "avoid-term")
    assert finding.severity is Severity.WARNING
    assert finding.provenance is not None and finding.provenance.who == "body"
    assert "matériel d'abus et d'exploitation pédosexuels" in finding.suggestions


def test_generic_french_words_stay_quiet_outside_the_exploitation_sense():
    for sentence in (
        "Le programme de recherche est financé par des recettes autoproduites.",
        "L'étude interroge des touristes sexuels adultes sur leurs dépenses.",
        "Le trafic routier a doublé sur la rocade.",
        "La victime a été entendue par le juge des enfants.",
    ):
        assert [s for _, s, _ in term_findings(sentence) if s is not Severity.INFO] == [], sentence
