"""The Spanish side of the built-in glossary, as a Spanish-speaking user meets it: every card
has Spanish terms and a Spanish definition, the advice is written in Spanish, statute titles
are not reported as mistakes, legal headings are warnings (never errors), and the usual
translation traps are caught."""

from __future__ import annotations

import re

import pytest

from lexicon.check.pipeline import Settings, check_text
from lexicon.model import Context, Severity, Status
from tests.conftest import builtin_glossary

SPANISH = Settings(lang="es")
# Words that only English prose uses; a Spanish reason, note or "fine when" has none of them.
ENGLISH_WORDS = re.compile(r"\b(?:the|when|quoting|with|which|this|that|is|are|or|and|of|someone|verbatim|law|treaty)\b", re.IGNORECASE)


def findings(text: str):
    return check_text(text, builtin_glossary(), SPANISH).findings


def flagged(text: str):
    return [f for f in findings(text) if f.severity in (Severity.ERROR, Severity.WARNING)]


def test_every_concept_has_spanish_terms_and_a_spanish_definition(concept_id):
    concept = builtin_glossary().concepts[concept_id]
    assert concept.definition.get("es"), concept_id
    assert concept.terms_in("es"), concept_id


def test_spanish_reasons_notes_and_fine_when_are_written_in_spanish():
    english = []
    for term in builtin_glossary().terms:
        if term.lang != "es" or term.status not in (Status.CARE, Status.AVOID):
            continue
        for field in ("reason", "fine_when"):
            text = getattr(term, field) or ""
            if ENGLISH_WORDS.search(text):
                english.append((term.text, field, text))
    for concept in builtin_glossary().concepts.values():
        note = concept.note.get("es") or ""
        if ENGLISH_WORDS.search(note):
            english.append((concept.id, "note", note))
    assert english == []


def test_every_spanish_care_or_avoid_term_has_something_to_write_instead():
    missing = [
        t.text
        for t in builtin_glossary().terms
        if t.lang == "es" and t.status in (Status.CARE, Status.AVOID) and not (t.suggest or t.rephrase)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "sentence",
    [
        "La fiscalía investiga la posesión de material pornográfico infantil.",
        "El informe analiza la pornografía infanto-juvenil en redes sociales.",
        "La unidad persigue la pornografía con personas menores de 18 años.",
        "El debate giró en torno a la pedopornografía en internet.",
    ],
)
def test_spanish_variants_of_the_old_term_are_warnings_not_errors(sentence):
    """No source rates these exact words, so they warn; they never pass silently."""
    result = flagged(sentence)
    assert [f.concept for f in result] == ["child-sexual-abuse-material"]
    assert result[0].severity is Severity.WARNING
    assert "material de abuso sexual infantil" in result[0].suggestions


def test_own_voice_old_term_is_an_error_but_a_quoted_code_heading_only_a_warning():
    own = flagged("El ministerio lanzó una campaña contra la pornografía infantil en 2022.")
    assert [f.severity for f in own] == [Severity.ERROR]
    heading = flagged("Artículo 129-M.- Pornografía infantil\nEl que posee o difunde ese material será reprimido.")
    assert [(f.severity, f.context) for f in heading][0] == (Severity.WARNING, Context.LEGAL)


@pytest.mark.parametrize(
    "heading",
    [
        "Artículo 218. Pornografía con personas menores de 18 años",  # Colombia, Código Penal (Ley 1336 de 2009)
        "Artículo 117. Pornografía infantil o de incapaces",  # México, Código Penal de Aguascalientes
        "Artículo 129-J.- Cliente del adolescente",  # Perú, Código Penal
        "Artículo 183-A.- Pornografía infantil",  # Perú, Código Penal
        # the same offence names quoted in running text, without the article line
        "El informe agrupa las causas por el delito de pornografía con personas menores de 18 años.",
        "La fiscalía abrió diez causas por pornografía de personas menores de dieciocho años de edad.",
        "El tribunal condenó por el delito de cliente del adolescente en 2021.",
        # treaty article headings (Budapest art. 9, Lanzarote arts. 19 and 20, Spanish text)
        "El Convenio sobre la Ciberdelincuencia regula los delitos relacionados con la pornografía infantil.",
        "El Convenio de Lanzarote regula los delitos relativos a la prostitución infantil.",
        "Artículo 20. Delitos relativos a la pornografía infantil",
        # México, Código Penal Federal: the offence name in the operative text
        "Artículo 203.- Comete el delito de turismo sexual quien promueva viajes para explotar sexualmente a menores de edad.",
    ],
)
def test_legal_headings_and_offence_names_are_legal_text_never_errors(heading):
    result = flagged(heading)
    assert result, heading
    assert all(f.severity is Severity.WARNING and f.context is Context.LEGAL for f in result)


@pytest.mark.parametrize(
    "text",
    [
        "La Ley 20.526 sanciona el acoso sexual de menores, la pornografía infantil virtual y la posesión de material pornográfico infantil.",
        "Colombia aprobó la Ley 679 de 2001, por medio de la cual se expide un estatuto para prevenir y contrarrestar la explotación, la pornografía y el turismo sexual con menores, en desarrollo del artículo 44 de la Constitución.",
        "Todo el personal presentó el certificado del Registro Central de Delincuentes Sexuales.",
    ],
)
def test_statute_titles_and_names_are_information_only(text):
    result = findings(text)
    assert result, text
    assert flagged(text) == []
    assert {f.context for f in result} == {Context.TITLE}


def test_the_old_term_in_the_writers_own_voice_stays_an_error_next_to_a_heading_form():
    """Only the heading wording is legal text; the same words elsewhere keep their verdict."""
    assert [f.severity for f in flagged("El plan de 2022 combate la pornografía infantil en las escuelas.")] == [Severity.ERROR]
    assert [f.severity for f in flagged("El informe cita el Artículo 183-A.- Pornografía infantil, reformado en 2013.")] == [
        Severity.WARNING
    ]


def test_trafico_de_ninos_is_reported_as_a_translation_trap_for_trata():
    result = flagged("El informe alerta sobre el tráfico de niños con fines de explotación sexual.")
    assert [f.concept for f in result] == ["trafficking-of-children-for-sexual-purposes"]
    assert result[0].severity is Severity.WARNING
    assert result[0].suggestions[0].startswith("trata de niñas, niños y adolescentes")
    assert flagged("El tráfico de estupefacientes creció en la región.") == []
    assert flagged("El informe registra la trata de niñas, niños y adolescentes con fines de explotación sexual.") == []


def test_autogenerado_is_only_reported_next_to_words_about_sexual_images():
    assert flagged("La plataforma retira imágenes autogeneradas de adolescentes.")
    assert flagged("El ayuntamiento vive de ingresos autogenerados por el aparcamiento.") == []


def test_longer_agreed_phrase_wins_over_the_care_term_it_contains():
    """'delincuentes sexuales que viajan' is the agreed term; 'delincuente sexual' alone is care."""
    assert flagged("La policía detuvo a dos delincuentes sexuales que viajan por la región.") == []
    assert [f.concept for f in flagged("El pleno debatió dónde viven los delincuentes sexuales.")] == ["child-sex-offender"]
