"""Cross-concept checks of a loaded glossary, and its examples run through the engine.

Structural problems (unknown keys, missing fields) are caught while loading; this module
finds what only the whole glossary shows. Every problem names file, line and concept.
"""

from __future__ import annotations

from collections import defaultdict

from lexicon.errors import GlossaryProblem
from lexicon.glossary.types import Glossary, Term
from lexicon.model import Severity, Status


def _key(term: Term, text: str | None = None) -> tuple[str, str]:
    return term.lang, " ".join((text or term.text).casefold().replace("-", " ").split())


def cross_check(glossary: Glossary) -> list[GlossaryProblem]:
    problems: list[GlossaryProblem] = []
    builtin_paths = {c.path for c in glossary.concepts.values() if c.builtin}
    by_text: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in glossary.terms:
        by_text[_key(term)].append(term)
        for variant in term.variants:
            by_text[_key(term, variant)].append(term)
    for (lang, text), terms in by_text.items():
        concepts = {t.concept_id for t in terms}
        statuses = {t.status for t in terms}
        if len(concepts) > 1 and Status.AVOID in statuses and statuses & {Status.PREFERRED, Status.ADMITTED}:
            t = terms[-1]
            problems.append(
                GlossaryProblem(
                    t.path,
                    t.line,
                    t.concept_id,
                    f"'{text}' ({lang}) is avoided in one concept and preferred in another: {', '.join(sorted(concepts))}",
                )
            )
        elif len(concepts) > 1:
            t = terms[-1]
            problems.append(
                GlossaryProblem(
                    t.path, t.line, t.concept_id, f"'{text}' ({lang}) appears in several concepts: {', '.join(sorted(concepts))}"
                )
            )
        elif len(terms) > 1:
            t = terms[-1]
            problems.append(GlossaryProblem(t.path, t.line, t.concept_id, f"'{text}' ({lang}) is listed twice"))
    by_term: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in glossary.terms:
        by_term[_key(term)].append(term)
    for term in glossary.terms:
        problems.extend(_suggestion_problems(term, by_term, by_text))
        if term.severity is Severity.ERROR and term.path in builtin_paths and not (term.provenance and term.provenance.from_guidelines):
            problems.append(
                GlossaryProblem(
                    term.path,
                    term.line,
                    term.concept_id,
                    f"'{term.text}' is an error although no source shows the Guidelines giving the verdict "
                    f"({term.provenance_label() or 'no provenance'}); only a house glossary may raise it",
                )
            )
    for concept in glossary.concepts.values():
        if not concept.examples and concept.builtin:  # a house or imported glossary may have none
            problems.append(GlossaryProblem(concept.path, concept.line, concept.id, "concept has no examples"))
        if not concept.sources:
            problems.append(GlossaryProblem(concept.path, concept.line, concept.id, "concept has no source"))
    return problems


def _suggestion_problems(
    term: Term, by_term: dict[tuple[str, str], list[Term]], by_text: dict[tuple[str, str], list[Term]]
) -> list[GlossaryProblem]:
    """`suggest` must name agreed terms of the glossary (a term's own text, not a variant) in
    the term's language; `rephrase` (free wording) must not be a form the glossary discourages."""
    problems: list[GlossaryProblem] = []

    def problem(message: str) -> None:
        problems.append(GlossaryProblem(term.path, term.line, term.concept_id, message))

    for suggestion in term.suggest:
        found = by_term.get(_key(term, suggestion), [])
        if not found:
            problem(
                f"'{term.text}' suggests '{suggestion}', which is not a {term.lang} term of the glossary "
                "(add it to a concept, or move it to 'rephrase')"
            )
        for other in found:
            if not other.status.agreed:
                problem(f"'{term.text}' suggests '{suggestion}', which is itself '{other.status.value}' in '{other.concept_id}'")
    for wording in term.rephrase:
        for other in by_text.get(_key(term, wording), []):
            if not other.status.agreed:
                problem(f"'{term.text}' offers '{wording}', which is itself '{other.status.value}' in '{other.concept_id}'")
    return problems
