"""The words official titles start with are looked for only around a document's matches
(issue 15): `title_kind` looks no further than the finder's window before a match, so the
index built from those pieces of the text must give every title word there that a scan of
the whole text gives, and no other hit."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexicon.check.context.finder import ContextFinder, _scanner_of
from lexicon.check.match.scan import hyperscan_available
from lexicon.check.pipeline import Linter, Settings
from tests.conftest import builtin_glossary
from tests.speed_corpus import corpus

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="the pieces are scanned with Hyperscan")


@pytest.fixture(scope="module")
def finder() -> ContextFinder:
    found = ContextFinder.build(builtin_glossary())
    found.load()
    return found


def in_windows(hits: list[tuple[int, str]], starts: list[int], window: int) -> list[tuple[int, str]]:
    """The hits `title_kind` can look at for matches at `starts`, sorted as the index sorts them."""
    return sorted(h for h in hits if any(s - window <= h[0] <= s for s in starts))


def test_titles_around_matches_of_a_report_are_found_as_in_the_whole_text(finder: ContextFinder) -> None:
    text = corpus(40_000, seed=31, markdown=True)
    scanner = _scanner_of(finder)
    whole = scanner(text)
    rng = random.Random(5)
    for count in (1, 2, 5):
        for _ in range(20):
            starts = sorted(rng.sample(range(len(text)), count))
            pieces = scanner.around(text, starts, finder.window)  # type: ignore[attr-defined]
            assert pieces is not None  # a few places in a long text: pieces, not the whole
            assert set(pieces) <= set(whole)  # never a hit the whole text does not give
            assert in_windows(pieces, starts, finder.window) == in_windows(whole, starts, finder.window)


WORDS = [
    "Directive",
    "EU",
    "ue",
    "Convention",
    "concerning",
    "Council",
    "framework",
    "décision",
    "cadre",
    "Congrès",
    "mondial",
    "the",
    "of",
]
GAPS = [" ", "  ", " 2011/93/", "\n", " — ", "___", " \u00a0 ", "-" * 700, "é", "Ω", "\u0301", "1" * 30, "’", "ab " * 600]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=60), st.lists(st.integers(0, 10**6), max_size=4))
def test_any_text_gives_the_same_title_words_near_any_places(pieces: list[str], places: list[int]) -> None:
    """Long runs of non-letters between a title's words (a phrase may span them), letters
    beyond ASCII, places near either end of the text."""
    finder = _finder()
    text = "".join(pieces)
    if not text:
        return
    starts = sorted({p % len(text) for p in places})
    scanner = _scanner_of(finder)
    whole = scanner(text)
    pieces_found = scanner.around(text, starts, finder.window)  # type: ignore[attr-defined]
    if pieces_found is None:
        return  # most of the text: the caller scans it whole
    assert set(pieces_found) <= set(whole)
    assert in_windows(pieces_found, starts, finder.window) == in_windows(whole, starts, finder.window)


_BUILT: list[ContextFinder] = []


def _finder() -> ContextFinder:
    if not _BUILT:
        built = ContextFinder.build(builtin_glossary())
        built.load()
        _BUILT.append(built)
    return _BUILT[0]


@pytest.mark.parametrize("gap", ["-" * 700, " \u2014 " * 300, " 2011/93/ ", "\u00a0" * 50 + "\u0301"])
def test_a_title_whose_words_are_far_apart_is_found_from_a_match_inside_it(finder: ContextFinder, gap: str) -> None:
    """A phrase's words may stand any number of non-letters apart ("Directive ----- EU"):
    the piece scanned runs to the end of the gap and the word after it."""
    prose = "The agency reviewed its annual figures. " * 80
    text = prose + "Directive" + gap + "EU" + prose
    at = len(prose)
    scanner = _scanner_of(finder)
    for start in (at, at + 4, at + 9):
        pieces = scanner.around(text, [start], finder.window)  # type: ignore[attr-defined]
        assert pieces is not None and (at, "directive eu") in pieces
        assert in_windows(pieces, [start], finder.window) == in_windows(scanner(text), [start], finder.window)


def test_a_page_with_a_title_far_from_a_second_match_is_read_as_before() -> None:
    """A title quoted near the start and an ordinary use further on, more than a window
    apart (the text around them is scanned, not the whole): the title is still a title and
    the other use still a finding."""
    filler = "The ministry published its annual figures on prevention work and training. " * 40
    text = (
        "The review cites Directive 2011/93/EU on combating the sexual abuse and sexual exploitation of children and child pornography. "
        + filler
        + "The unit investigated child pornography cases in the region.\n"
    )
    linter = Linter(builtin_glossary(), Settings(lang="en"))
    linter.prepare()
    from lexicon.readers import text as text_reader

    findings = linter.check_document(text_reader.from_text(text, "note.txt")).findings
    assert _scanner_of(linter.context).around(text, [f.start.offset for f in findings], linter.context.window) is not None  # type: ignore[attr-defined]
    title_use = [f for f in findings if f.start.offset < 200]
    later = [f for f in findings if f.start.offset > len(text) - 100]
    assert title_use and all(f.context is not None and f.context.value == "title" for f in title_use)
    assert later and later[0].context is None and later[0].matched == "child pornography"
