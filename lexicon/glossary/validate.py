"""Cross-concept checks of a loaded glossary, and its examples run through the engine.

Structural problems (unknown keys, missing fields) are caught while loading; this module
finds what only the whole glossary shows. Every problem names file, line and concept.
"""

from __future__ import annotations

from collections import defaultdict

from lexicon.errors import GlossaryProblem
from lexicon.glossary.types import Glossary, Term
from lexicon.model import Rule, Severity, Status


def _key(term: Term, text: str | None = None) -> tuple[str, str]:
    return term.lang, " ".join((text or term.text).casefold().replace("-", " ").split())


def cross_check(glossary: Glossary) -> list[GlossaryProblem]:
    problems: list[GlossaryProblem] = []
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
            problems.append(GlossaryProblem(t.path, t.line, t.concept_id,
                f"'{text}' ({lang}) is avoided in one concept and preferred in another: {', '.join(sorted(concepts))}"))
        elif len(concepts) > 1:
            t = terms[-1]
            problems.append(GlossaryProblem(t.path, t.line, t.concept_id,
                f"'{text}' ({lang}) appears in several concepts: {', '.join(sorted(concepts))}"))
        elif len(terms) > 1:
            t = terms[-1]
            problems.append(GlossaryProblem(t.path, t.line, t.concept_id, f"'{text}' ({lang}) is listed twice"))
    for term in glossary.terms:
        for suggestion in term.suggest:
            for other in by_text.get(_key(term, suggestion), []):
                if other.status is Status.AVOID:
                    problems.append(GlossaryProblem(term.path, term.line, term.concept_id,
                        f"'{term.text}' suggests '{suggestion}', which is itself avoided in '{other.concept_id}'"))
        if term.status in (Status.CARE, Status.AVOID) and term.evidence is None:
            problems.append(GlossaryProblem(term.path, term.line, term.concept_id, f"'{term.text}' has no evidence"))
    for concept in glossary.concepts.values():
        if not concept.examples:
            problems.append(GlossaryProblem(concept.path, concept.line, concept.id, "concept has no examples"))
        if not concept.sources:
            problems.append(GlossaryProblem(concept.path, concept.line, concept.id, "concept has no source"))
    return problems


def check_examples(glossary: Glossary) -> list[GlossaryProblem]:
    """Every `flag` example must give an error or warning for its concept; no `ok` example may."""
    from lexicon.engine import Linter, Settings

    problems: list[GlossaryProblem] = []
    linters: dict[str, Linter] = {}
    rules = frozenset({Rule.AVOID_TERM, Rule.CARE_TERM})
    for concept in glossary.concepts.values():
        for lang, block in concept.examples.items():
            linter = linters.setdefault(lang, Linter(glossary, Settings(lang=lang, rules=rules)))
            for kind in ("flag", "ok"):
                for sentence in block.get(kind, ()):
                    hit = fired(linter, sentence, concept.id)
                    if kind == "flag" and not hit:
                        problems.append(GlossaryProblem(concept.path, concept.line, concept.id,
                            f"example ({lang}) should be flagged but is not: {sentence!r}"))
                    if kind == "ok" and hit:
                        problems.append(GlossaryProblem(concept.path, concept.line, concept.id,
                            f"example ({lang}) should not be flagged but is: {sentence!r}"))
    return problems


def fired(linter: object, sentence: str, concept_id: str) -> bool:
    from lexicon.readers.markdown import from_text

    result = linter.check_document(from_text(sentence, "<example>"))  # type: ignore[attr-defined]
    return any(f.concept == concept_id and f.severity in (Severity.ERROR, Severity.WARNING) for f in result.findings)
