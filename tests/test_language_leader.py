"""The language of many small files (issue 15): on an ASCII text, once Hyperscan is in use,
`guess` counts the other languages' common words first and the likely leader's own words
only until it clearly leads. Its verdict must be the one the full counts give, whatever
language the previous text was in."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexicon.check.language import guess as guessing
from lexicon.check.language.guess import guess, hints
from lexicon.check.match.scan import hyperscan_available
from lexicon.languages import registry

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="the shortcut needs Hyperscan")

LANGS = ("en", "fr", "es", "de")
COMMON = sorted({w for code in LANGS for w in registry().get(code).stopwords if w.isascii()})


def full_count_verdict(text: str, languages: tuple[str, ...], min_hits: int) -> str | None:
    """The definition: the leader of the full counts, when it has `min_hits` and twice the runner-up's."""
    ranked = hints(text[: guessing.SAMPLE], languages).most_common(2)
    if not ranked:
        return None
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if hits >= min_hits and hits >= 2 * runner_up else None


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a run over many files: the Python budget spent, Hyperscan counts from the first text."""
    monkeypatch.setattr(guessing._BUDGET, "seen", 10**12)
    monkeypatch.setattr(guessing, "_LEADS", {})


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.sampled_from(COMMON), st.sampled_from(["Report", "THE", "Les", "agency", "x", "2024", "d'", "_", "y-o"])),
            max_size=40,
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([" ", ", ", "\n", "'", "  "]),
    st.sampled_from([LANGS, ("fr", "en"), ("es", "de", "en")]),
    st.sampled_from([3, 5]),
)
def test_the_verdict_is_the_full_counts_one_whatever_came_before(
    texts: list[list[str]], sep: str, languages: tuple[str, ...], min_hits: int
) -> None:
    guessing._BUDGET.seen = 10**12  # (hypothesis runs this many times in one test: no fixture per example)
    for words in texts:  # in a row: each text's verdict sets the leader tried on the next
        text = sep.join(words)
        assert guess(text, languages, min_hits=min_hits, detector=False) == full_count_verdict(text, languages, min_hits)


def test_a_folder_in_english_then_french_and_spanish_notes_gets_each_language_right(scanned: None) -> None:
    english = "The agency published the report of the committee and the review of its work in the region. " * 3
    french = "Le rapport de la commission est publié et les recommandations sont adoptées par le conseil. " * 3
    spanish = "El informe de la comisión se publicó y las recomendaciones son para los ministerios del país. " * 3
    spanish = spanish.replace("ó", "o").replace("í", "i")  # ASCII, as the shortcut needs
    verdicts = [guess(t, LANGS, detector=False) for t in (english, english, french, french, english, spanish, english)]
    assert verdicts == ["en", "en", "fr", "fr", "en", "es", "en"]


def test_a_clear_leader_stops_counting_early_and_still_leads(scanned: None) -> None:
    text = "the report of the agency and the plan " * 50 + "le rapport et la commission " * 3
    counts = guessing._leader_hints(text, LANGS, 5)
    assert counts is not None
    full = hints(text, LANGS)
    assert counts["fr"] == full["fr"] and counts["es"] == full["es"]  # the rivals' counts are exact
    assert 2 * full["fr"] <= counts["en"] <= full["en"]  # the leader's only as far as it takes
    assert counts.most_common(1)[0][0] == full.most_common(1)[0][0] == "en"


def test_text_with_any_character_above_ascii_is_counted_as_before(scanned: None) -> None:
    assert guessing._leader_hints("L’enfant est là et les élèves sont partis.", LANGS, 5) is None
    assert guess("L’enfant est là et les élèves sont partis avec la classe.", LANGS, detector=False) == "fr"


def test_a_short_run_counts_in_python_without_loading_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guessing, "_BUDGET", guessing.PythonBudget())
    assert guessing._leader_hints("the report of the agency and the plan", LANGS, 5) is None
    assert guess("the report of the agency and the plan", LANGS, detector=False) == "en"
    assert Counter(hints("the report of the agency and the plan", LANGS)) == Counter({"en": 5})


def test_listed_words_that_no_ascii_word_can_be_are_never_counted(scanned: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A language's list may hold a phrase, a capitalised or accented word: an ASCII text's
    words are lower-case letters only, so none of them is counted, as `hints` counts."""
    odd = (frozenset({b"de la", b"Der", b"f\xc3\xbcr", b"the"}), frozenset({b"la", b"de", b"le"}))
    monkeypatch.setattr(guessing, "_stopwords_of", lambda _reg, _langs: (odd, odd[0] | odd[1]))
    monkeypatch.setattr(guessing, "_SCANS", {})
    for text in ("de la de la de la de la der Der the", "the the the the the de la", "the the the the the the de la de la de la"):
        for languages in (("en", "fr"), ("fr", "en")):
            for min_hits in (0, 1, 5):
                assert guess(text, languages, min_hits=min_hits, detector=False) == full_count_verdict(text, languages, min_hits)
