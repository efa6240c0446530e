"""Context: titles, mentions, legal text and quotations change severity; suppressions."""

from __future__ import annotations

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.check.rules.term import Policy
from lexicon.model import Context, Severity
from tests.conftest import check

OPSC = "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography"


def severities(result):
    return [
        (f.matched, f.severity.value, f.context.value if f.context else None)
        for f in result.findings
        if f.rule.value in ("avoid-term", "care-term")
    ]


def test_full_title_of_the_optional_protocol_is_not_an_error(linter):
    result = check(linter, f"The State ratified the {OPSC} in 2002.")
    assert all(f.severity is Severity.INFO and f.context is Context.TITLE for f in result.findings)
    assert len(result.findings) == 2


def test_title_wrapped_across_lines_and_in_other_capitalisation(linter):
    wrapped = OPSC.upper().replace(" child pornography", "\nchild pornography")
    result = check(linter, f"Ratification of the {wrapped}.")
    assert {f.severity for f in result.findings} == {Severity.INFO}


def test_title_cut_short_is_recognised(linter):
    result = check(linter, "See the Optional Protocol on the sale of children, child prostitution and child pornography.")
    assert {f.context for f in result.findings} == {Context.TITLE}


def test_proper_name_in_title_case_is_not_flagged(linter):
    result = check(linter, "Payments come from the Child Pornography Victims Reserve each year.")
    assert severities(result) == [("Child Pornography", "info", "title")]


def test_term_discussed_as_a_term_is_info(linter):
    for sentence in (
        'The term "child pornography" is discouraged by the Guidelines.',
        "Practices once called so-called child sex tourism are now prosecuted.",
        "CSAM is preferable to child pornography because it names the abuse.",
    ):
        result = check(linter, sentence)
        assert [s for _, s, _ in severities(result)] == ["info"], sentence


def test_statutory_definition_is_a_warning_not_an_error(linter):
    result = check(linter, '(8) "child pornography" means any visual depiction of a minor.')
    assert severities(result) == [("child pornography", "warning", "legal")]


def test_article_heading_is_legal_context(linter):
    result = check(linter, "Article 19 - Offences concerning child prostitution\n\nEach Party shall take measures.")
    assert severities(result) == [("child prostitution", "warning", "legal")]


def test_operative_provision_is_legal_context(linter):
    result = check(linter, "Any person who knowingly distributes child pornography shall be fined.")
    assert severities(result)[0][1:] == ("warning", "legal")


def test_own_voice_in_a_policy_report_stays_an_error(linter):
    result = check(linter, "Our hotline saw more child pornography this year than last.")
    assert severities(result) == [("child pornography", "error", None)]


def test_quotation_of_a_person_is_at_most_a_warning(linter):
    result = check(linter, "The minister said: \u201cwe will stamp out child pornography on every platform\u201d.")
    assert severities(result) == [("child pornography", "warning", "quoted")]
    assert "quoted" in result.findings[0].message


def test_markdown_blockquote_is_a_quotation(linter):
    source = "The witness statement reads:\n\n> Officers seized child pornography from the office.\n"
    result = check(linter, source, fmt="markdown")
    assert severities(result) == [("child pornography", "warning", "quoted")]


def test_guillemets_are_quotation_marks(glossary):
    linter = Linter(glossary, Settings(lang="fr"))
    from lexicon.readers.text import from_text

    result = linter.check_document(from_text("Le ministre a déclaré : « la pédopornographie recule selon nos chiffres ».", "fr"))
    assert [f.severity for f in result.findings] == [Severity.WARNING]


def test_legal_profile_treats_the_whole_document_as_legal(glossary):
    linter = Linter(glossary, Settings(lang="en", policy=Policy(legal_profile=True)))
    result = check(linter, "Our hotline saw more child pornography this year.")
    assert severities(result) == [("child pornography", "warning", "legal")]


def test_quotation_severity_is_configurable(glossary):
    linter = Linter(glossary, Settings(lang="en", policy=Policy(quoted=Severity.INFO)))
    result = check(linter, "She wrote \u201cchild pornography is everywhere online\u201d in 2019.")
    assert [f.severity for f in result.findings] == [Severity.INFO]


def test_disable_next_line_and_ranges_suppress_and_are_counted(linter):
    source = (
        "<!-- lexicon-disable-next-line -->\nThe old form said child pornography.\n"
        "<!-- lexicon-disable sexual-extortion -->\nSextortion and child porn.\n<!-- lexicon-enable -->\n"
        "Sextortion again.\n"
    )
    result = check(linter, source, fmt="markdown")
    visible = [(f.rule.value, f.matched) for f in result.findings]
    assert ("avoid-term", "child porn") in visible
    assert ("avoid-term", "Sextortion") in visible  # after lexicon-enable
    assert all(m != "child pornography" for _, m in visible)
    assert result.suppressed >= 2


def test_ignore_list_suppresses_concepts_and_phrases(glossary):
    linter = Linter(glossary, Settings(lang="en", ignore=frozenset({"sexual-extortion", "Child Porn"})))
    result = check(linter, "Sextortion, child porn and child pornography.")
    assert [f.matched for f in result.findings if f.rule.value == "avoid-term"] == ["child pornography"]
    assert result.suppressed == 2


STATUTE = (
    "\n".join([f"Article {n}\n\n(a) Each Party shall take the necessary measures.\n(b) Each Party shall report.\n" for n in range(1, 8)])
    + "\n(c) offering or making available child pornography;\n"
)


def test_a_statute_is_recognised_as_legal_text_throughout(linter):
    result = check(linter, STATUTE)
    assert severities(result) == [("child pornography", "warning", "legal")]


def test_a_policy_report_quoting_one_article_is_not_a_statute(linter):
    report = (
        "The agency published its annual report. " * 40 + "\n\nArticle 3 of the law is cited once.\n\n"
        "Our hotline saw more child pornography this year.\n"
    )
    assert severities(check(linter, report)) == [("child pornography", "error", None)]


def test_label_reproduced_in_a_data_table_is_a_quotation(linter):
    table = "Incident type            2021        2022\n  Child pornography     21,669,264   29,000,123\n"
    assert severities(check(linter, table)) == [("Child pornography", "warning", "quoted")]


def test_title_cited_with_words_left_out_is_still_a_title(linter):
    source = (
        "Ratification of the Optional Protocols to the Convention, relating to the sale of children, "
        "child prostitution and child pornography."
    )
    assert {s for _, s, _ in severities(check(linter, source))} == {"info"}


def test_title_head_and_tail_do_not_join_across_sentences(linter):
    source = (
        "The Optional Protocol entered into force in 2002. Our own review covers the sale of children, "
        "child prostitution and child pornography."
    )
    assert "error" in {s for _, s, _ in severities(check(linter, source))}


def test_url_in_plain_text_is_not_prose(linter):
    assert severities(check(linter, "See https://example.org/child-porn-report and example.org/child-pornography.")) == []


def test_per_document_cue_index_agrees_with_per_match_search(glossary):
    from lexicon.check.context.classify import ContextFinder, DocContext, classify_in, legal_cue_positions

    sentence_own = "Our hotline saw more child pornography this year. "
    sentence_law = "Any person who distributes child pornography shall be fined. "
    text = (sentence_own * 30 + sentence_law * 30) * 2
    finder = ContextFinder.build(glossary)
    starts = [i for i in range(len(text)) if text.startswith("child pornography", i)]
    indexed = DocContext.prepare(finder, text, starts)
    searched = DocContext(text, (), indexed.legal_doc, indexed.titles, None)
    if legal_cue_positions(text) is None:
        pytest.skip("Hyperscan is not installed: only the per-match search exists")
    assert indexed.cues is not None
    got = [classify_in(finder, indexed, s, s + 17) for s in starts]
    assert got == [classify_in(finder, searched, s, s + 17) for s in starts]
    assert got.count(Context.LEGAL) == 60 and got.count(None) == 60


HOUSE_TITLE = """\
section: {id: house, title: House}
concepts:
  - id: house-material
    definition: {en: A test concept.}
    sources: [{title: Test source}]
    terms:
      fr:
        - term: matériel d'abus sexuels d'enfants
          status: preferred
        - term: pornographie enfantine
          status: avoid
          suggest: [matériel d'abus sexuels d'enfants]
          reason: Ancien terme.
          provenance: {who: team, how: inferred, url: https://example.org}
    exceptions:
      fr:
        - text: loi du 13 avril 1995 contenant des dispositions en vue de la répression de la traite des êtres humains et de la pornographie enfantine
"""


def test_title_whose_first_words_are_joined_by_a_function_word_is_found(tmp_path):
    """French titles often start "Loi du ...", "Code de ...": the title index must not need the
    first two content words side by side."""
    from lexicon.glossary import load_glossary

    (tmp_path / "house.yaml").write_text(HOUSE_TITLE, encoding="utf-8")
    fr = Linter(load_glossary([tmp_path], builtin=False), Settings(lang="fr"))
    result = check(
        fr,
        "La Belgique a adopté la loi du 13 avril 1995 contenant des dispositions en vue de la "
        "répression de la traite des êtres humains et de la pornographie enfantine.",
    )
    assert severities(result) == [("pornographie enfantine", "info", "title")]
    own_voice = check(fr, "Le rapport de 2021 traite de la pornographie enfantine en ligne.")
    assert [s for _, s, _ in severities(own_voice)] == ["warning"]


def test_the_paragraphs_under_a_short_article_heading_are_legal_text():
    from lexicon.check.context.classify import is_legal

    law = (
        "Article 4. Protection of the child\n\nEvery child has the right to respect for physical integrity.\n\n"
        "Forced labour, the sale of children and child prostitution are extreme forms of exploitation.\n"
    )
    at = law.index("child prostitution")
    assert is_legal(law, at, at + len("child prostitution"))


def test_prose_that_starts_with_an_article_number_does_not_make_the_next_paragraph_legal():
    from lexicon.check.context.classify import is_legal

    report = (
        "Article 34 of the Convention on the Rights of the Child protects children from all forms of "
        "sexual exploitation, and the committee recalled it in 2023.\n\n"
        "The hotline still receives reports that describe child prostitution in the region.\n"
    )
    at = report.index("child prostitution")
    assert not is_legal(report, at, at + len("child prostitution"))


def test_a_heading_word_followed_by_an_ordinary_word_is_not_an_article_heading():
    from lexicon.check.context.classify import is_legal

    # "Título iniciativa:" starts with a heading word, but "i…" is a word, not a roman numeral
    form = "Título iniciativa:\n\nConsumo y distribución\n\nLa pornografía infantil es un problema que el colegio aborda.\n"
    at = form.index("pornografía infantil")
    assert not is_legal(form, at, at + len("pornografía infantil"))
    assert is_legal("Título IV\n\nLa pornografía infantil se castiga.\n", 11, 31)


def test_a_quoted_list_of_clauses_over_several_paragraphs_is_a_quotation():
    from lexicon.check.context.classify import is_quoted

    law = (
        "The convention defines the worst forms of child labour as:\n\n"
        "“(a) all forms of slavery, such as the sale of children and child prostitution;\n\n"
        "(b) the use of a child for illicit activities.”\n\nThe ministry reported progress.\n"
    )
    at = law.index("child prostitution")
    assert is_quoted(law, at, at + len("child prostitution"))


def test_a_quotation_mark_left_open_does_not_make_later_paragraphs_quoted():
    from lexicon.check.context.classify import is_quoted

    report = "The minister said “we will act on child prostitution this year.\n\nThe ministry then published «its» plan and the figures.”\n"
    at = report.index("child prostitution")
    assert not is_quoted(report, at, at + len("child prostitution"))


def test_a_verdict_right_after_the_term_makes_it_a_mention(linter):
    """The cue after the match alone ("... is misleading") decides, with no "term" word or
    quote mark before it."""
    result = check(linter, "Many agencies now agree that child pornography is misleading as a description of the material.")
    assert severities(result) == [("child pornography", "info", "metalinguistic")]


def test_a_term_named_after_namely_is_a_mention(linter):
    """ "the terms ..., namely X": X is named as a term, even far into a long sentence, and
    in capitals ("TERMS"); without a "term" word before it, "namely" alone changes nothing."""
    filler = "used in national statistics, court records and the annual reports of several agencies " * 3
    mention = check(linter, f"The report lists the TERMS {filler}that it no longer uses, namely child pornography.")
    assert severities(mention) == [("child pornography", "info", "metalinguistic")]
    own = check(linter, f"The report counts the files {filler}that were seized, namely child pornography.")
    assert severities(own)[0][1:] == ("error", None)
