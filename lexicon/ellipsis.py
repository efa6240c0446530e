"""Elliptical coordination: one child modifier shared by two heads.

"child pornography and prostitution" contains an occurrence of "child prostitution";
"prostitución y pornografía infantil" one of "prostitución infantil". Built from the
glossary: two-word care/avoid terms made of a child modifier and a head. Pure.
"""

from __future__ import annotations

import re

from lexicon.glossary.types import Term
from lexicon.matcher import Match
from lexicon.model import Status

CHILD_MODIFIERS = {"en": ("child",), "fr": ("enfantine", "infantile"), "es": ("infantil",)}
MODIFIER_FIRST = {"en": True, "fr": False, "es": False}
# A conjunction, then a head that ends its noun phrase ("child pornography and prostitution,"
# but not "... and pornographic performance"); a comma list is not coordination.
AFTER = re.compile(r"\s+(?:and|or|&)\s+([^\W\d_]+)(?=\s*(?:[^\w\s]|$|and\b|or\b|in\b|of\b|for\b))")
BEFORE = re.compile(r"([^\W\d_]+)\s+(?:y|e|o|u|et|ou)\s+$")


def _singular(word: str) -> str:
    word = word.casefold()
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def heads(terms: list[Term], lang: str) -> dict[str, Term]:
    """Head word -> the two-word term it belongs to (e.g. 'prostitution' -> 'child prostitution')."""
    modifiers = CHILD_MODIFIERS.get(lang, ())
    out: dict[str, Term] = {}
    for term in terms:
        words = term.text.split()
        if term.lang != lang or len(words) != 2 or term.status not in (Status.AVOID, Status.CARE):
            continue
        first, last = words[0].casefold(), words[1].casefold()
        if MODIFIER_FIRST.get(lang) and first in modifiers:
            out.setdefault(_singular(last), term)
        elif not MODIFIER_FIRST.get(lang, True) and last in modifiers:
            out.setdefault(_singular(first), term)
    return out


def elliptical(text: str, matches: list[Match], head_terms: dict[str, Term], lang: str) -> list[Match]:
    """Extra matches for heads that share the child modifier of a neighbouring match."""
    if not head_terms:
        return []
    taken = {(m.start, m.end) for m in matches}
    out: list[Match] = []
    own_terms = set(head_terms.values())
    for m in matches:
        if m.term not in own_terms:
            continue
        if MODIFIER_FIRST.get(lang, True):
            hit = AFTER.match(text, m.end, min(len(text), m.end + 40))
        else:
            hit = BEFORE.search(text, max(0, m.start - 40), m.start)
        if not hit:
            continue
        term = head_terms.get(_singular(hit.group(1)))
        if term is None or term is m.term or (hit.start(1), hit.end(1)) in taken:
            continue
        if any(o.start < hit.end(1) and hit.start(1) < o.end for o in matches):
            continue
        out.append(Match(hit.start(1), hit.end(1), term))
    return out
