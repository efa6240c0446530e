"""Matching: every way of writing a term is found, with exact offsets; nothing else is."""

from __future__ import annotations

import pytest

from lexicon.check.match.terms import Matcher
from tests.conftest import check, spans


@pytest.mark.parametrize(
    "sentence, matched",
    [
        ("Reports of child pornography rose.", "child pornography"),
        ("Reports of Child Pornography rose.", "Child Pornography"),
        ("Reports of CHILD PORNOGRAPHY rose.", "CHILD PORNOGRAPHY"),
        ("The child-pornography unit was renamed.", "child-pornography"),
        ("The childpornography keyword list was retired.", "childpornography"),
        ("Reports of child\npornography rose.", "child\npornography"),
        ("Reports of child   pornography rose.", "child   pornography"),
        ("Reports of child \u2013 pornography rose.", "child \u2013 pornography"),
        ("Police located two child prostitutes.", "child prostitutes"),
        ("A child prostitute's testimony was cited.", "child prostitute's"),
        ("A child prostitute\u2019s testimony was cited.", "child prostitute\u2019s"),
        ("The prostituted children were referred to services.", "prostituted children"),
        ("The pedophiles were convicted.", "pedophiles"),
        ("The paedophiles were convicted.", "paedophiles"),
    ],
)
def test_every_written_form_is_found_with_its_exact_text(linter, sentence, matched):
    result = check(linter, sentence)
    found = [f.matched for f in result.findings if f.rule.value in ("avoid-term", "care-term")]
    assert found == [matched]
    f = result.findings[0]
    assert sentence[f.start.offset : f.end.offset] == matched


@pytest.mark.parametrize(
    "sentence",
    [
        "The anti-child-pornography taskforce met.",  # inside a longer hyphenated word
        "The child pornographyish wording.",  # inside a longer word
        "Reports of child sexual abuse material rose.",  # the preferred term
        "Sex tourism statistics for adults were published.",  # generic, no child word near
    ],
)
def test_no_match_inside_longer_words_or_for_agreed_terms(linter, sentence):
    assert spans(check(linter, sentence)) == []


def test_longest_term_wins_where_terms_overlap(linter):
    result = check(linter, "Child sex tourism is a crime involving children.")
    assert spans(result) == [("avoid-term", "sexual-exploitation-in-travel-and-tourism", "Child sex tourism")]
    assert result.findings[0].term == "child sex tourism"


def test_generic_term_is_flagged_only_near_a_child_word(linter):
    result = check(linter, "Sex tourism involving children was the subject of the inquiry.")
    assert spans(result) == [("care-term", "sexual-exploitation-in-travel-and-tourism", "Sex tourism")]


def test_acronyms_are_case_sensitive(linter):
    result = check(linter, "Child sexual abuse material (CSAM) is reported; csam in lower case is a file name.")
    uses = [f for f in result.findings if f.matched == "csam"]
    assert uses == []


def test_line_and_column_are_one_based_and_offsets_zero_based(linter):
    source = "First line.\nSecond line mentions child porn here.\n"
    f = check(linter, source).findings[0]
    assert (f.start.line, f.start.column, f.start.offset) == (2, 22, 33)
    assert (f.end.line, f.end.column) == (2, 32)
    assert source[f.start.offset : f.end.offset] == "child porn"


def test_offsets_count_code_points_not_bytes(linter):
    source = "Le rapport évoque « child pornography » à la page 3."
    f = check(linter, source).findings[0]
    assert source[f.start.offset : f.end.offset] == "child pornography"
    assert f.start.column == source.index("child") + 1


def test_french_and_spanish_terms_come_from_the_same_glossary(glossary):
    from lexicon.check.pipeline import Linter, Settings
    from lexicon.readers.text import from_text

    fr = Linter(glossary, Settings(lang="fr")).check_document(from_text("La pédopornographie en ligne progresse.", "fr"))
    es = Linter(glossary, Settings(lang="es")).check_document(from_text("Las pornografías infantiles circulan.", "es"))
    assert [f.matched for f in fr.findings] == ["pédopornographie"]
    assert [f.matched for f in es.findings] == ["pornografías infantiles"]


def test_fast_scanner_and_pure_regex_find_the_same_matches(glossary, monkeypatch):
    from lexicon.check.match import scan as scanners

    monkeypatch.setattr(scanners, "PYTHON_TEXT", 0)  # the Hyperscan database, however short the text
    text = "Intro. Child pornography, child-prostitutes and child sex\ntourism; CSAM (child sexual abuse material); sextortion é à ü. " * 50
    fast = Matcher(glossary, "en", accelerate=True)
    slow = Matcher(glossary, "en", accelerate=False)
    assert slow.engine == "regex"
    assert fast.find(text) == slow.find(text)
    assert len(fast.find(text)) == 50 * 6


def test_matching_is_deterministic(glossary):
    text = "Child pornography and child prostitution and child sex tourism."
    first = Matcher(glossary, "en").find(text)
    assert all(Matcher(glossary, "en").find(text) == first for _ in range(20))


def test_shared_child_modifier_counts_for_both_heads(linter):
    result = check(linter, "The inquiry covered child pornography and prostitution in the region.")
    assert spans(result) == [
        ("avoid-term", "child-sexual-abuse-material", "child pornography"),
        ("avoid-term", "sexual-exploitation-in-prostitution", "prostitution"),
    ]


def test_coordination_without_a_child_head_adds_nothing(linter):
    result = check(linter, "The inquiry covered child pornography and trafficking in the region.")
    assert [m for _, _, m in spans(result)] == ["child pornography"]


def test_cache_keeps_a_bounded_number_of_entries(tmp_path, monkeypatch):
    from lexicon import cache

    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    for n in range(cache.KEEP + 5):
        assert cache.cached_bytes("thing", f"key{n}", lambda n=n: str(n).encode()) == str(n).encode()
    assert len(list(tmp_path.glob("thing-*.bin"))) == cache.KEEP
    assert cache.cached_bytes("thing", f"key{cache.KEEP + 4}", lambda: b"rebuilt") == str(cache.KEEP + 4).encode()


def test_a_term_never_runs_across_a_blank_line(linter):
    from tests.conftest import check, spans

    assert spans(check(linter, "The unit protects every child\n\npornography laws for adults are not in its remit.\n")) == []
    assert spans(check(linter, "The unit seized child\npornography in 2023.\n")) == [
        ("avoid-term", "child-sexual-abuse-material", "child\npornography")
    ]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "The inquiry covered child pornography and prostitution in the region."),
        ("fr", "Le rapport traite de la prostitution et de la pornographie enfantines dans la région."),
        ("es", "El informe trata de la prostitución y la pornografía infantil en la región."),
    ],
)
def test_the_heads_worked_out_once_per_matcher_give_the_same_elliptical_matches(lang, sentence):
    """The Linter works out once which terms share a child modifier (`modified_heads`);
    per document, `elliptical` then finds what it finds when it works that out itself."""
    from lexicon.check.match.ellipsis import elliptical, heads, modified_heads
    from lexicon.check.pipeline import Linter
    from lexicon.glossary import load_glossary

    matcher = Linter(load_glossary()).matcher(lang)
    head_terms = heads(matcher.terms, lang)
    found = matcher.find(sentence)
    alone = elliptical(sentence, found, head_terms, lang)
    assert elliptical(sentence, found, head_terms, lang, modified_heads(matcher.terms, head_terms, lang)) == alone
    assert alone  # each sentence names a second term by ellipsis ("child prostitution", "prostitution enfantine", ...)
