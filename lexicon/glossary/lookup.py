"""Find a concept from what a user types (`lexicon define`).

Exact matches first, in this order: the term as written (case-insensitive), its other
spelling (British/American pairs from `spellings.yaml`), then the same without accents; at
each level a term in the asked language (or English when none is asked) wins. A near-miss
(a typing slip, by character similarity) opens its card but says so; anything further is
"unknown": no card, and the closest terms (each with its language) are offered instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lexicon.glossary.types import Concept, Glossary, Spelling, Term

TYPO_CUTOFF = 88.0  # rapidfuzz ratio (character edits) at or above which a card opens
SUGGEST_CUTOFF = 50.0  # WRatio below which a term is not offered as "did you mean"
EXACT, SPELLING, NO_ACCENTS = 0, 1, 2


def normalise(text: str, *, accents: bool = True) -> str:
    text = " ".join(text.casefold().replace("-", " ").replace("’", "'").split())
    if not accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text


@dataclass(frozen=True, slots=True)
class LookupResult:
    concept: Concept | None
    term: Term | None
    exact: bool
    suggestions: tuple[tuple[str, str, float, str], ...] = ()  # (term, concept id, score, language)


def _respelt(text: str, lang: str, spelling: Spelling) -> str:
    """`text` with every word in its other spelling (paedophile -> pedophile)."""
    pairs = {a.casefold(): b.casefold() for a, b in spelling.pairs.get(lang, {}).items()}
    pairs.update({b: a for a, b in list(pairs.items())})
    return " ".join(pairs.get(word, word) for word in text.split())


def _index(glossary: Glossary) -> dict[str, list[tuple[int, Term]]]:
    index: dict[str, list[tuple[int, Term]]] = {}
    for term in glossary.terms:
        for text in (term.text, *term.variants, *term.plurals):
            exact = normalise(text)
            forms = {exact: EXACT}
            forms.setdefault(_respelt(exact, term.lang, glossary.spelling), SPELLING)
            for form, level in list(forms.items()):
                forms.setdefault(normalise(form, accents=False), max(level, NO_ACCENTS))
            for key, level in forms.items():
                index.setdefault(key, []).append((level, term))
    return index


def find_concept(glossary: Glossary, query: str, lang: str | None = None) -> LookupResult:
    index = _index(glossary)
    asked = lang or "en"
    candidates: list[tuple[bool, int, bool, bool, Term]] = []
    plain = normalise(query, accents=False)
    stripped = NO_ACCENTS if plain != normalise(query) else 0  # the user's accents were dropped to find it
    for key, floor, extra in ((normalise(query), 0, 0), (plain, stripped, 0), (normalise(query).rstrip("s"), 0, 1)):
        for level, term in index.get(key, ()):
            level = max(level + extra, floor)
            in_asked = term.lang == asked and level <= SPELLING  # exact or other spelling, in the asked language
            candidates.append((not in_asked, level, term.lang != asked, not term.status.agreed, term))
    if candidates:
        best = min(candidates, key=lambda c: c[:4])[4]
        return LookupResult(glossary.concepts[best.concept_id], best, True)
    if query.strip() in glossary.concepts:
        return LookupResult(glossary.concepts[query.strip()], None, True)
    return _fuzzy(glossary, index, query, asked)


def _fuzzy(glossary: Glossary, index: dict[str, list[tuple[int, Term]]], query: str, asked: str) -> LookupResult:
    from rapidfuzz import fuzz, process

    wanted = normalise(query, accents=False)
    keys = list(index)
    typo = process.extractOne(wanted, keys, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
    scored = process.extract(wanted, keys, scorer=fuzz.WRatio, limit=20, score_cutoff=SUGGEST_CUTOFF)
    if typo is not None:
        scored = [(typo[0], 100.0, typo[2]), *scored]
    suggestions: list[tuple[str, str, float, str]] = []
    seen: set[str] = set()
    for key, score, _ in sorted(scored, key=lambda s: (-s[1], min(t.lang != asked for _, t in index[s[0]]))):
        term = min(index[key], key=lambda e: (e[0], e[1].lang != asked))[1]
        if term.concept_id in seen:
            continue
        seen.add(term.concept_id)
        suggestions.append((term.text, term.concept_id, round(score, 1), term.lang))
    if typo is not None:
        top = suggestions[0]
        concept = glossary.concepts[top[1]]
        term = next(t for t in concept.terms if t.text == top[0] and t.lang == top[3])
        return LookupResult(concept, term, False, tuple(suggestions))
    return LookupResult(None, None, False, tuple(suggestions[:3]))
