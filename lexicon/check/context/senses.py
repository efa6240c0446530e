"""Word senses and "fine when" conditions, from cue words in the sentence (registry data).

A generic word ("demand", "client") is a Guidelines term in one sense only: `other_sense`
says when the sentence shows the other sense (no finding at all). A care/avoid term's
`fine_when` condition ("sex offender register", "paedophilia ... classified as a
disorder") is met when one of its cue words stands in the same sentence. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lexicon.glossary.types import Term
from lexicon.languages import alternation, registry


@lru_cache(maxsize=512)
def _sense_cues(lang: str, concept: str, term: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    senses = registry().get(lang).senses
    entries = [e for e in (senses.get(f"{concept}/{term}"), senses.get(concept)) if e]
    if not entries:
        return None, None, None
    before = tuple(p for e in entries for p in e.get("other_sense_before", ()))
    after = tuple(p for e in entries for p in e.get("other_sense_after", ()))
    sentence = tuple(p for e in entries for p in e.get("other_sense_sentence", ()))
    return (
        re.compile(alternation(before) + r"$", re.IGNORECASE) if before else None,
        re.compile(alternation(after), re.IGNORECASE) if after else None,
        re.compile(alternation(sentence), re.IGNORECASE) if sentence else None,
    )


def other_sense(text: str, start: int, end: int, term: Term, sentence: tuple[int, int]) -> bool:
    """Does the sentence show that a generic word has its everyday sense here?"""
    before, after, anywhere = _sense_cues(term.lang, term.concept_id, term.text)
    if before is not None and before.search(text, max(sentence[0], start - 60), start):
        return True
    if after is not None and after.match(text, end, min(sentence[1], end + 60) if sentence[1] > end else end + 60):
        return True
    return anywhere is not None and anywhere.search(text, sentence[0], sentence[1]) is not None


@lru_cache(maxsize=512)
def _fine_cues(lang: str, concept: str, term: str) -> re.Pattern[str] | None:
    fine = registry().get(lang).fine_when
    patterns = fine.get(f"{concept}/{term}", ()) + fine.get(concept, ())
    return re.compile(alternation(patterns), re.IGNORECASE) if patterns else None


def fine_here(text: str, start: int, end: int, term: Term, sentence: tuple[int, int]) -> bool:
    """Is the term's "fine when" condition met by a cue word in its sentence (outside the
    match itself: "registered sex offenders" is no cue for its own registration)?"""
    cue = _fine_cues(term.lang, term.concept_id, term.text)
    if cue is None:
        return False
    lo, hi = sentence
    return cue.search(text[lo:start] + " " * (end - start) + text[end:hi]) is not None


def has_cues(term: Term) -> bool:
    """Does the registry have sense or "fine when" cues for this term?"""
    return (
        _sense_cues(term.lang, term.concept_id, term.text) != (None, None, None)
        or _fine_cues(term.lang, term.concept_id, term.text) is not None
    )
