"""Find a concept from what a user types: exact term, acronym or variant first (any
language, case- and accent-insensitive), then fuzzy matching with rapidfuzz."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lexicon.glossary.types import Concept, Glossary, Term

FUZZY_CUTOFF = 80.0


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
    suggestions: tuple[tuple[str, str, float], ...] = ()  # (term, concept id, score)


def _index(glossary: Glossary) -> dict[str, list[Term]]:
    index: dict[str, list[Term]] = {}
    for term in glossary.terms:
        for text in (term.text, *term.variants, *term.plurals):
            for key in {normalise(text), normalise(text, accents=False)}:
                index.setdefault(key, []).append(term)
    return index


def find_concept(glossary: Glossary, query: str, lang: str | None = None) -> LookupResult:
    index = _index(glossary)
    for key in (normalise(query), normalise(query, accents=False), normalise(query).rstrip("s")):
        terms = index.get(key)
        if terms:
            best = sorted(terms, key=lambda t: (t.lang != (lang or t.lang), t.status.value))[0]
            return LookupResult(glossary.concepts[best.concept_id], best, True)
    if query.strip() in glossary.concepts:
        return LookupResult(glossary.concepts[query.strip()], None, True)
    from rapidfuzz import fuzz, process

    keys = list(index)
    scored = process.extract(normalise(query, accents=False), keys, scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    suggestions: list[tuple[str, str, float]] = []
    seen: set[str] = set()
    for key, score, _ in scored:
        term = index[key][0]
        if term.concept_id in seen:
            continue
        seen.add(term.concept_id)
        suggestions.append((term.text, term.concept_id, round(score, 1)))
    if suggestions and suggestions[0][2] >= FUZZY_CUTOFF:
        top = suggestions[0]
        concept = glossary.concepts[top[1]]
        term = next(t for t in concept.terms if t.text == top[0])
        return LookupResult(concept, term, False, tuple(suggestions))
    return LookupResult(None, None, False, tuple(suggestions))
