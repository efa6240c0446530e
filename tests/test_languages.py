"""Languages as data: the registry, language per block, word forms by rule, sentence-aware
context, word senses, "fine when" cues, one severity policy. Every sentence here is our own,
in the register of a policy report or a news item."""

from __future__ import annotations

import json

import pytest
import yaml

from lexicon.check.context.classify import sentence_bounds
from lexicon.check.pipeline import Linter, Settings
from lexicon.cli import app
from lexicon.errors import GlossaryError
from lexicon.glossary import load_glossary
from lexicon.languages import parse_language, registry
from lexicon.model import Context
from lexicon.readers import html, markdown, text


@pytest.fixture(scope="module")
def builtin():
    return Linter(load_glossary(), Settings())


def flagged(linter, source, reader=text):
    """(matched, severity, language, context) of the term findings."""
    result = linter.check_document(reader.from_text(source, "<test>"))
    return [
        (f.matched, f.severity.value, f.lang, f.context.value if f.context else None)
        for f in result.findings
        if f.rule.value in ("avoid-term", "care-term")
    ]


def loud(linter, source, reader=text):
    """Only the findings a user sees by default (errors and warnings)."""
    return [(m, s, lang) for m, s, lang, _ in flagged(linter, source, reader) if s != "info"]


# --- the registry ------------------------------------------------------------------------


def test_registry_has_the_four_languages_of_the_glossary():
    reg = registry()
    assert {"en", "fr", "es", "de"} <= set(reg.languages)
    assert reg.get("fr-CA").code == "fr"
    assert "infantil" in reg.get("es").child_adjectives
    assert reg.get("xx").child_adjectives == ()  # an unknown language: no rules, no crash


def test_a_new_language_is_a_data_entry():
    portuguese = parse_language(
        {
            "code": "pt",
            "name": "Portuguese",
            "detect": {"stopwords": ["o", "a", "de", "que"]},
            "inflection": {"words": "every", "rules": [{"ending": "", "add": "s?"}]},
            "child": {"adjectives": ["infantil"], "adjective_first": False},
            "cues": {"mention_before": ["\\bo\\s+termo"]},
        },
        "pt.yaml",
    )
    assert portuguese.child_adjectives == ("infantil",)
    assert portuguese.plural_rules[0].add == "s?"


def test_a_bad_expression_in_a_language_file_names_the_file():
    with pytest.raises(GlossaryError) as caught:
        parse_language({"code": "pt", "cues": {"legal": ["(unclosed"]}}, "terms/languages/pt.yaml")
    assert "terms/languages/pt.yaml" in str(caught.value.problems[0].path)


# --- language per block ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "lang", "matched", "severity"),
    [
        ("La pédopornographie est un fléau.", "fr", "pédopornographie", "error"),
        ("La pornografía infantil es un delito grave.", "es", "pornografía infantil", "error"),
        # the German verdict is ECPAT Deutschland's, not shown to be the Guidelines': a warning
        ("Kinderpornografie ist eine schwere Straftat.", "de", "Kinderpornografie", "warning"),
    ],
)
def test_one_sentence_on_stdin_is_checked_in_its_language(sentence, lang, matched, severity):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["check", "--no-config", "--fail-on", "warning", "-f", "json", "-"], input=sentence + "\n")
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["matched"], f["lang"], f["severity"]) for f in found] == [(matched, lang, severity)]


@pytest.mark.parametrize(
    ("snippet", "lang"),
    [
        ("Kinderschutz im Netz stärken.", "de"),
        ("Signalements en hausse à Lyon.", "fr"),
        ("Denuncias en aumento este año.", "es"),
        ("Reports rising across the region.", "en"),
    ],
)
def test_short_snippets_without_common_words_go_to_the_detector(snippet, lang):
    from lexicon.check.language.guess import guess, hints

    assert max(hints(snippet, ("en", "fr", "es", "de")).values(), default=0) < 5  # the hints alone cannot tell
    assert guess(snippet, ("en", "fr", "es", "de"), detector=False) is None
    assert guess(snippet, ("en", "fr", "es", "de")) == lang


def test_a_block_whose_terms_exist_in_several_languages_is_detected(builtin):
    # "sexting" is a term in English, French and Spanish: the block's language decides
    assert [(m, lang) for m, _, lang in loud(builtin, "Sexting: qué hacer si le ocurre a su hijo.")] == [("Sexting", "es")]


def test_text_summary_names_the_languages_checked():
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["check", "--no-config", "-"], input="La pédopornographie est un fléau.\n")
    assert result.stdout.splitlines()[-1].endswith("language checked: fr")


def test_mixed_english_spanish_document_checks_each_block_in_its_language(builtin):
    source = (
        "The annual report describes how the agency responded to sexting among pupils and what the schools did.\n\n"
        "El informe anual describe cómo respondió la agencia al sexting entre los alumnos y qué hicieron las escuelas.\n\n"
        "The ministry also recorded cases of child pornography on the platforms it monitors.\n\n"
        "La ley vigente todavía usa el término pornografía infantil en su título.\n"
    )
    found = flagged(builtin, source)
    assert [(m, lang) for m, _, lang, _ in found] == [
        ("sexting", "en"),
        ("sexting", "es"),
        ("child pornography", "en"),
        ("pornografía infantil", "es"),
    ]


def test_html_lang_attributes_decide_the_language_of_their_elements(builtin):
    page = (
        '<html lang="fr"><body><p>Le rapport traite de la sextorsion en ligne.</p>'
        '<p lang="es">El informe trata de la pornografía infantil.</p></body></html>'
    )
    assert loud(builtin, page, html) == [("sextorsion", "warning", "fr"), ("pornografía infantil", "error", "es")]


def test_markdown_front_matter_lang_is_honoured(builtin):
    source = "---\ntitle: Nota\nlang: es\n---\n\nEl sexting preocupa a las escuelas.\n"
    result = builtin.check_document(markdown.from_text(source, "<test>"))
    assert result.lang == "es"
    assert [f.lang for f in result.findings if f.rule.value == "care-term"] == ["es"]


def test_lang_option_checks_only_that_language():
    linter = Linter(load_glossary(), Settings(lang="es"))
    assert loud(linter, "The report covers child pornography. El informe trata de la pornografía infantil.") == [
        ("pornografía infantil", "error", "es")
    ]


# --- word forms by rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "matched"),
    [
        ("Le rapport signale une hausse de la prostitution des mineures dans la région.", "prostitution des mineures"),
        ("Le plan vise la prostitution de mineurs sur internet.", "prostitution de mineurs"),
        ("La police a démantelé un réseau de prostitution juvénile.", "prostitution juvénile"),
        ("Les enquêteurs ont identifié des prostituées mineures lors du contrôle.", "prostituées mineures"),
        ("Le site diffusait de la pornographie juvénile selon le parquet.", "pornographie juvénile"),
        ("El informe describe a las menores prostituidas en la frontera.", "menores prostituidas"),
        ("La fiscalía investiga a una red que explotaba a niñas prostituidas.", "niñas prostituidas"),
        ("La policía incautó material pornográfico infantil en el registro.", "pornográfico infantil"),
        ("El acusado guardaba vídeos pornográficos de menores en su equipo.", "pornográficos de menores"),
        ("La ley castiga la pornografía de personas menores de edad.", "pornografía de personas menores"),
        ("The unit seized pornographic images of children during the search.", "pornographic images of children"),
        ("The hotline removed pornographic material involving children.", "pornographic material involving children"),
        # a participle or relative clause links the adjective to the child word
        ("La fiscalía investiga la difusión de fotos pornográficas que muestran a niñas.", "pornográficas que muestran a niñas"),
        ("La red difundía en internet vídeos pornográficos exhibiendo a menores de edad.", "pornográficos exhibiendo a menores"),
        ("Les enquêteurs ont saisi des photos pornographiques montrant des enfants.", "pornographiques montrant des enfants"),
        # a minor named by age
        ("Le code réprime la prostitution d'une personne âgée de moins de dix-huit ans.", "prostitution d'une personne âgée"),
        ("Le rapport signale la prostitution de personnes de moins de 18 ans dans la région.", "prostitution de personnes"),
        ("The unit seized pornographic images of persons under the age of 18.", "pornographic images of persons"),
        ("The hotline found pornographic videos involving under-18s.", "pornographic videos involving under-18s"),
    ],
)
def test_analytic_and_inflected_forms_are_found(builtin, sentence, matched):
    # flagged where the form stands (a listed term may cover part of it: "vídeos pornográficos")
    lo = sentence.index(matched)
    hi = lo + len(matched)
    result = builtin.check_document(text.from_text(sentence, "<test>"))
    hits = [f for f in result.findings if f.severity.value != "info" and f.start.offset < hi and lo < f.end.offset]
    assert hits and all(
        f.concept in ("child-sexual-abuse-material", "sexual-exploitation-in-prostitution", "child-exploited-in-prostitution") for f in hits
    )


def test_agreed_analytic_wording_is_not_turned_into_an_avoided_term(builtin):
    # "prostitution of children" is the agreed English wording; Spanish "prostitución de niños" too
    assert loud(builtin, "The report addresses the prostitution of children in the region.") == []
    assert loud(builtin, "El informe trata de la prostitución de niños en la región.") == []


def test_an_article_may_stand_inside_a_term(builtin):
    assert ("utilización de los niños en la pornografía", "warning", "es") in loud(
        builtin, "El plan aborda la utilización de los niños en la pornografía en línea."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The regulator reviewed pornographic pictures of adults on the site.",
        "La fiscalía investiga la difusión de fotos pornográficas que muestran a adultos.",
        "Le régulateur a examiné des photos pornographiques montrant des adultes.",
        # an age that is not a minor's
        "Le rapport signale la prostitution de personnes de plus de 18 ans.",
        "The regulator reviewed pornographic images of persons over 18.",
    ],
)
def test_adjectives_about_adults_do_not_make_an_analytic_form(builtin, sentence):
    assert loud(builtin, sentence) == []


# analytic forms found through a child word in the same sentence: an adjective shared by two
# coordinated nouns ("matériels et/ou de spectacles pornographiques") and the legal formula
# "for pornographic purposes"
@pytest.mark.parametrize(
    ("sentence", "matched", "lang"),
    [
        (
            "La loi interdit de recruter un enfant pour la production de matériels et/ou de spectacles pornographiques.",
            "matériels et/ou de spectacles pornographiques",
            "fr",
        ),
        (
            "Le rapport évoque des enfants filmés pour du matériel et des films pornographiques.",
            "matériel et des films pornographiques",
            "fr",
        ),
        (
            "The plan protects every child from use in pornographic performances and materials.",
            "pornographic performances and materials",
            "en",
        ),
        ("The review found that minors were recruited for pornographic shows and/or material.", "pornographic shows and/or material", "en"),
        (
            "El informe cita a menores captados para producir material y/o espectáculos pornográficos.",
            "material y/o espectáculos pornográficos",
            "es",
        ),
        ("The network recruited children for pornographic purposes, the prosecutor said.", "pornographic purposes", "en"),
        ("Le parquet estime que le réseau recrutait des mineurs à des fins pornographiques.", "fins pornographiques", "fr"),
        # the child word may stand a few words away, named by a pronoun in between
        (
            "Los menores de edad están protegidos frente a su utilización por terceros con fines pornográficos.",
            "fines pornográficos",
            "es",
        ),
    ],
)
def test_analytic_forms_found_by_a_child_word_in_the_sentence(builtin, sentence, matched, lang):
    assert (matched, "warning", lang) in loud(builtin, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # no child word in the sentence: adult material
        "La loi encadre la diffusion de matériels et de spectacles pornographiques entre adultes.",
        "The regulator licenses pornographic performances and materials for adult audiences.",
        "El reglamento regula el material y los espectáculos pornográficos para adultos.",
        # a child word in the previous sentence does not reach across the full stop
        "Le service protège les enfants. Il contrôle aussi les matériels et spectacles pornographiques.",
        # a comma list is not coordination, and a performance alone is not material
        "Quiconque montre à un mineur des écrits, images ou objets pornographiques est puni.",
        "Quiconque recrute un mineur pour une représentation pornographique est puni.",
        # "for pornographic purposes" about adults, or with the child word in another sentence
        "The licensing office found the studio was used by adults for pornographic purposes.",
        "El sitio web de la empresa se usaba con fines pornográficos, según el regulador.",
        "Le foyer accueille des enfants. Le local voisin servait à des fins pornographiques.",
    ],
)
def test_those_forms_without_a_child_word_in_the_sentence_or_without_material_stay_clean(builtin, sentence):
    assert loud(builtin, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the second head repeats its linker and article; the first head shares the adjective
        (
            "Le rapport traite de la prostitution et de la pornographie infantiles dans la région.",
            [("prostitution", "error", "fr"), ("pornographie infantiles", "error", "fr")],
        ),
        # any term of the head with a child adjective shares it, not only the main one
        (
            "Le plan vise la prostitution et la pornographie enfantines.",
            [("prostitution", "error", "fr"), ("pornographie enfantines", "error", "fr")],
        ),
        (
            "El informe aborda la prostitución y la pornografía infantiles en la región.",
            [("prostitución", "warning", "es"), ("pornografía infantiles", "error", "es")],
        ),
        # two child words coordinated before the head, two nouns between adjective and child word
        ("The agency tracks child and adolescent pornography online.", [("child and adolescent pornography", "error", "en")]),
        (
            "Police found pornographic photos and videos of children on the server.",
            [("pornographic photos and videos of children", "error", "en")],
        ),
    ],
)
def test_coordinated_heads_and_modifiers_share_the_child_word(builtin, sentence, expected):
    assert loud(builtin, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the first head has its own complement: it does not share the adjective
        ("Le rapport traite de la prostitution des adultes et de la pornographie infantile.", ["pornographie infantile"]),
        ("Police found pornographic photos and videos of adults on the server.", []),
        ("The agency supports child and adolescent victims of abuse.", []),
        # a comma ends the noun phrase
        ("The site sold pornographic photos, and videos of children were also found.", []),
    ],
)
def test_coordination_that_does_not_share_a_child_word_adds_nothing(builtin, sentence, expected):
    assert [m for m, _, _ in loud(builtin, sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a suspended compound names the part it adds to the first part of the one before it
        ("Der Bericht behandelt Kinderprostitution und -pornografie in der Region.", ["Kinderprostitution", "-pornografie"]),
        (
            "Der Bericht behandelt Kinderpornografie, -prostitution und -sextourismus in der Region.",
            ["Kinderpornografie", "-prostitution", "-sextourismus"],
        ),
        # a part that makes no term with the first part, or a first word that is no term
        ("Der Bericht behandelt Kinderprostitution und -schutz in der Region.", ["Kinderprostitution"]),
        ("Der Bericht behandelt Kinderschutz und -rechte in der Region.", []),
    ],
)
def test_suspended_compounds_share_their_first_part(builtin, sentence, expected):
    assert [m for m, _, lang in loud(builtin, sentence) if lang == "de"] == expected


@pytest.mark.parametrize(
    ("sentence", "matched"),
    [
        (
            "Le rapport décrit la diffusion de matériels et vidéos pornographiques impliquant des mineurs.",
            "pornographiques impliquant des mineurs",
        ),
        ("Les enquêteurs ont saisi du matériel pornographique impliquant des enfants.", "pornographique impliquant des enfants"),
    ],
)
def test_a_child_word_after_the_adjective_keeps_the_stronger_analytic_form(builtin, sentence, matched):
    # "... pornographiques impliquant des mineurs" is a form of "pornographie enfantine" (an
    # error in the writer's own voice); the noun + adjective term before it (a warning, found
    # by a nearby child word), alone or coordinated, must not hide it
    assert loud(builtin, sentence) == [(matched, "error", "fr")]


# --- one severity policy -------------------------------------------------------------------


def test_same_concept_and_verdict_give_the_same_severity_in_every_language_and_variant(builtin):
    severities = {
        m: s
        for m, s, _ in loud(
            builtin,
            (
                "The NGO reported child prostitution in the port.\n\n"
                "La ONG signale la prostitution des mineurs dans le port.\n\n"
                "The NGO found teen prostitutes and child prostitutes near the port.\n"
            ),
        )
    }
    assert severities == {
        "child prostitution": "error",
        "prostitution des mineurs": "error",
        "teen prostitutes": "error",
        "child prostitutes": "error",
    }


# --- sentences, quotes, mentions ---------------------------------------------------------------


def test_sentences_do_not_end_at_abbreviations_or_initials():
    source = "The U.S. report cites art. 25 of the law. The next sentence is separate."
    start = source.index("cites")
    lo, hi = sentence_bounds(source, start, start + 5)
    assert source[lo:hi].strip() == "The U.S. report cites art. 25 of the law."


def test_near_word_in_another_sentence_does_not_count(builtin):
    source = "The unit catalogued adult pornographic material. It also trained child protection staff."
    assert loud(builtin, source) == []


def test_adult_material_is_another_sense(builtin):
    assert loud(builtin, "Adult pornographic material is not within the remit of the child protection unit.") == []


def test_scare_quotes_are_the_writers_own_word(builtin):
    assert loud(builtin, 'Officers seized "self-generated" sexual images from the devices.') == [("self-generated", "warning", "en")]
    assert loud(builtin, "The mayor warned about 'child sex tourism' in the province.") == [("child sex tourism", "error", "en")]


def test_a_term_introduced_as_a_term_is_a_mention(builtin):
    found = flagged(builtin, "The report no longer uses the term 'child sex tourism' in its findings.")
    assert [(m, s, c) for m, s, _, c in found] == [("child sex tourism", "info", "metalinguistic")]


@pytest.mark.parametrize(
    "sentence",
    [
        # a naming verb before the term
        "What is still called child prostitution is the sexual exploitation of children.",
        "Ce qu'on appelle la prostitution infantile relève de l'exploitation sexuelle.",
        "Lo que se conoce como prostitución infantil es explotación sexual.",
        # the term named as a word after it
        "'Child pornography' is a misnomer for the record of a crime.",
        "Child prostitution, as it used to be called, is exploitation.",
        "« Pédopornographie » est un terme trompeur pour désigner ces contenus.",
        "«Pornografía infantil» es un término engañoso para ese material.",
        "„Kinderpornografie“ ist ein irreführender Begriff für diese Aufnahmen.",
    ],
)
def test_naming_the_term_before_or_after_it_is_a_mention(builtin, sentence):
    assert [(s, c) for _, s, _, c in flagged(builtin, sentence)] == [("info", "metalinguistic")]


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        # the same verbs and nouns about something else: the writer's own use
        ("Child prostitution is a crime that the police called a priority.", "error"),
        ("Le préfet, que l'on appelle souvent, a dénoncé la prostitution enfantine.", "error"),
        ("Child pornography is an offence in every member state.", "error"),
    ],
)
def test_naming_words_elsewhere_in_the_sentence_are_not_a_mention(builtin, sentence, severity):
    assert [s for _, s, _, _ in flagged(builtin, sentence)] == [severity]


@pytest.mark.parametrize(
    "sentence",
    [
        'Earlier drafts referred to "child sex tourism" and were revised.',
        "Les anciens textes parlaient de « tourisme sexuel impliquant des enfants » avant la révision.",
        "Los textos anteriores se referían a «pornografía infantil» antes de la reforma.",
    ],
)
def test_a_quoted_term_after_refer_to_is_a_mention(builtin, sentence):
    assert loud(builtin, sentence) == []


def test_quoted_heading_being_amended_is_a_mention(builtin):
    source = (
        'In section 48 (headed "Causing or inciting child prostitution or pornography")\u2014\n\n'
        '(a) in the heading, for "child prostitution or pornography" substitute "sexual exploitation of a child".'
    )
    assert loud(builtin, source) == []


def test_statute_title_next_to_its_number_is_a_title(builtin):
    source = "Ley N\u00ba 20.100\n\nSanciona la pornograf\u00eda infantil y su difusi\u00f3n.\n\nEl texto fue aprobado en 2011."
    assert loud(builtin, source) == []


def test_name_of_a_coalition_is_a_title(builtin):
    assert loud(builtin, "Le pays a rejoint l'Alliance mondiale contre la pédopornographie en 2013.") == []


def test_a_heading_that_repeats_the_ending_of_an_official_title_is_a_title(builtin):
    heading = "La venta de niños, la prostitución infantil y la utilización de niños en la pornografía"
    assert loud(builtin, f"Resumen\n\n{heading}\n\nEl resumen describe el protocolo.\n") == []
    # the same words inside a sentence of the text are the writer's own
    assert "prostitución infantil" in [m for m, _, _ in loud(builtin, f"El plan combate la {heading.lower()} en la región.\n")]


def test_a_mandate_named_by_its_title_is_a_title(builtin):
    source = "El mandato relativo a la venta de niños, la prostitución infantil y la utilización de niños en la pornografía fue renovado."
    assert loud(builtin, source) == []


# --- word senses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The platform offers on-demand video for schools and sexual health services.",
        "The victim refused to comply with the extortioner's demands for sexual images.",
        "A bank client reported suspicious transfers linked to prostitution adverts.",
    ],
)
def test_generic_words_in_their_everyday_sense_are_not_flagged(builtin, sentence):
    assert loud(builtin, sentence) == []


def test_demand_for_sex_with_children_is_flagged(builtin):
    assert [m for m, _, _ in loud(builtin, "Tackling the demand for sexual exploitation of children is a priority.")] == ["demand"]


# --- "fine when" conditions --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Police checked the sex offender register before the school trip.",
        "In ICD-11, paedophilia is classified as a disorder of sexual preference.",
        "The survey asked about consensual sexting between peers of the same age.",
    ],
)
def test_glossary_fine_when_conditions_are_applied(builtin, sentence):
    found = flagged(builtin, sentence)
    assert found and all(s == "info" and c == Context.FINE.value for _, s, _, c in found)


def test_fine_when_cue_must_stand_outside_the_term_itself(builtin):
    assert loud(builtin, "The law restricts where registered sex offenders may live.") == [("registered sex offenders", "warning", "en")]


def test_half_of_a_fine_when_condition_is_not_enough(builtin):
    assert loud(builtin, "Consensual sexting by teenagers is still punished in some states.") == [("sexting", "warning", "en")]


def test_word_documents_default_language_is_honoured(builtin, tmp_path):
    import docx
    from docx.oxml.ns import qn

    from lexicon.readers import read_document

    document = docx.Document()
    document.add_paragraph("Le rapport annuel traite du sexting chez les élèves.")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = run_properties.makeelement(qn("w:lang"), {})
        run_properties.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    path = tmp_path / "note.docx"
    document.save(str(path))
    doc = read_document(path, builtin.settings.limits)
    assert doc.lang == "fr-FR"
    result = builtin.check_document(doc)
    assert result.lang == "fr"
    assert [f.lang for f in result.findings if f.rule.value == "care-term"] == ["fr"]


def test_long_documents_find_mentions_and_names_through_the_quick_first_test(builtin):
    # with 50 matches or more, cue words are first located in one pass over the document
    filler = "Reports of child pornography rose again this year.\n\n" * 60
    source = filler + (
        "The report no longer uses the so-called child sex tourism label.\n\n"
        "The country joined the Coalition against child pornography online in 2013.\n"
    )
    found = flagged(builtin, source)
    assert ("child sex tourism", "info", "en", "metalinguistic") in found
    assert found[-1] == ("child pornography", "info", "en", "title")
    assert len([f for f in found if f[1] == "error"]) == 60


def test_a_bilingual_document_is_not_mixing_terms(builtin):
    source = (
        "The report covers child sexual abuse material online.\n\n"
        "El informe trata del material de abuso sexual infantil y de la pornografía infantil en línea.\n"
    )
    result = builtin.check_document(text.from_text(source, "<test>"))
    mixed = [f for f in result.findings if f.rule.value == "mixed-terms"]
    # Spanish names the concept two ways; English and Spanish names are not compared
    assert [f.lang for f in mixed] == ["es"] and all("child sexual abuse material" not in f.message for f in mixed)


# --- contexts in which a term is the accepted wording (glossary `fine_in`) ---------------------


def test_a_false_friend_quoted_from_a_law_is_information_but_flagged_in_own_voice(builtin):
    # "tráfico de niños" is the official wording of the Spanish ILO C182 text, so quoting the
    # law is fine; in the writer's own sentence it is the translator's trap for "trata"
    quoted = (
        "Artículo 3\n\nA los efectos del presente Convenio, la expresión abarca la venta y el "
        "tráfico de niños y la servidumbre por deudas.\n"
    )
    own = "El informe anual describe el tráfico de niños con fines de explotación sexual en la región.\n"
    assert loud(builtin, quoted) == []
    assert [(m, s) for m, s, _ in loud(builtin, own)] == [("tráfico de niños", "warning")]


def test_a_yaml_boolean_in_a_word_list_is_an_error_naming_the_file():
    # a bare `on` or `no` in a YAML list is read as a boolean: taken as the word "True" it
    # would silently never match, so the file is refused with what to quote
    with pytest.raises(GlossaryError) as caught:
        parse_language({"code": "pt", "detect": {"stopwords": ["de", True]}}, "terms/languages/pt.yaml")
    problem = caught.value.problems[0]
    assert "terms/languages/pt.yaml" in str(problem.path)
    assert "quote" in problem.message


def test_no_built_in_word_list_holds_a_yaml_boolean_or_number():
    from lexicon.glossary.load import builtin_dir

    def scalars_in_lists(value: object) -> list[object]:
        if isinstance(value, dict):
            return [bad for v in value.values() for bad in scalars_in_lists(v)]
        if isinstance(value, list):
            return [v for v in value if isinstance(v, (bool, int, float))] + [bad for v in value for bad in scalars_in_lists(v)]
        return []

    files = sorted(builtin_dir().rglob("*.yaml"))
    assert files
    found = {
        str(f.relative_to(builtin_dir())): bad for f in files if (bad := scalars_in_lists(yaml.safe_load(f.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_no_before_a_number_does_not_end_the_sentence():
    text = "The committee cites Resolution No. 5 on child pornography in its follow-up report."
    start = text.index("child pornography")
    s, e = sentence_bounds(text, start, start + len("child pornography"))
    assert text[s:e].startswith("The committee cites Resolution")
