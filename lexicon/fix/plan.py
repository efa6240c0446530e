"""Decide how each finding can be fixed, and how safe that is.

Applicability (like ruff's):
- SAFE: applied by `lexicon fix`. The finding is an avoid-term in the author's own voice,
  the first suggestion is an agreed (preferred or admitted) term of the same concept in the
  same language, so it names the same thing, and it fits the place: its plural is known
  when the text used a plural, and an article before it can be made to agree.
- UNSAFE: applied only with `--unsafe` (the first suggestion) or when the writer picks it.
  A care-term (whether it is fine depends on what is meant), or a first suggestion that is
  not an agreed term of the concept (a rewording whose meaning the writer must check).
- MANUAL: needs rewording, never applied automatically: a possessive, a plural or an
  article whose form the language data does not give, words split by markup, no suggestion.

Findings in titles, quotations, legal text or discussing a term (any `context`), and
suppressed ones (not in the results at all), get no fix.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from enum import StrEnum

from lexicon.check.match.forms import APOSTROPHES
from lexicon.fix import inflect
from lexicon.fix.language import FixLanguage, fix_language
from lexicon.glossary.types import Glossary, Term
from lexicon.languages import registry
from lexicon.model import Document, FileResult, Finding, Rule


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `source[start:end]` with `text` (offsets into the decoded file)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Choice:
    suggestion: str
    edit: Edit | None  # None: this suggestion needs rewording here
    problem: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    finding: Finding
    applicability: Applicability
    choices: tuple[Choice, ...]
    reason: str = ""  # why it is not safe

    @property
    def edit(self) -> Edit | None:
        return self.choices[0].edit if self.choices else None


def fixable(f: Finding) -> bool:
    return f.rule in (Rule.AVOID_TERM, Rule.CARE_TERM) and f.context is None


def plan_fixes(doc: Document, result: FileResult, glossary: Glossary) -> list[Fix]:
    lang = fix_language(result.lang or "en")
    source = doc.source if doc.source is not None else doc.text
    fixes = []
    for f in result.findings:
        if fixable(f):
            fixes.append(plan_one(f, doc, source, glossary, result.lang or "en", lang))
    return fixes


def _term(glossary: Glossary, f: Finding, lang: str) -> Term | None:
    concept = glossary.concepts.get(f.concept)
    if concept is None:
        return None
    return next((t for t in concept.terms_in(lang) if t.text == f.term), None)


def _alternatives(term: Term) -> tuple[str, ...]:
    """What to write instead, in the glossary's order: `suggest`, then (in glossaries that
    have it) the free rewordings of `rephrase`, which are never agreed terms, so never safe."""
    return tuple(getattr(term, "alternatives", term.suggest))


def _agreed(glossary: Glossary, concept_id: str, lang: str, text: str) -> Term | None:
    concept = glossary.concepts.get(concept_id)
    if concept is None:
        return None
    return next((t for t in concept.terms_in(lang) if t.status.agreed and t.text.casefold() == text.casefold()), None)


def plan_one(f: Finding, doc: Document, source: str, glossary: Glossary, code: str, lang: FixLanguage) -> Fix:
    term = _term(glossary, f, code)
    start, end = f.start.offset, f.end.offset
    suggestions = _alternatives(term) if term is not None else ()
    if term is None or not suggestions:
        return Fix(f, Applicability.MANUAL, (), "no suggestion to write instead")
    if doc.text[start:end] != source[start:end]:
        return Fix(f, Applicability.MANUAL, tuple(Choice(s, None) for s in suggestions), "the words are split by markup")
    if doc.segments and _segment(doc, start) != _segment(doc, max(start, end - 1)):
        return Fix(f, Applicability.MANUAL, tuple(Choice(s, None) for s in suggestions), "the words run across two paragraphs")
    if _coordinated(f.matched, term, code):
        return Fix(
            f,
            Applicability.MANUAL,
            tuple(Choice(s, None) for s in suggestions),
            "the term is shared by coordinated words: reword the phrase",
        )
    problem = ""
    if inflect.is_possessive(f.matched, term):
        problem = "a possessive: reword the phrase"
    plural = not problem and inflect.is_plural(f.matched, term, glossary.spelling)
    choices = []
    for suggestion in suggestions:
        agreed = _agreed(glossary, f.concept, code, suggestion)
        edit, why = (None, problem) if problem else _edit(doc, source, start, end, f.matched, suggestion, agreed, plural, lang, glossary)
        choices.append(Choice(suggestion, edit, why))
    first = choices[0]
    if first.edit is None:
        return Fix(f, Applicability.MANUAL, tuple(choices), first.problem)
    if f.rule is Rule.CARE_TERM:
        return Fix(f, Applicability.UNSAFE, tuple(choices), "a term to use with care: the right wording depends on what is meant")
    if _agreed(glossary, f.concept, code, first.suggestion) is None:
        return Fix(f, Applicability.UNSAFE, tuple(choices), "the suggestion is a rewording, not an agreed term: check the meaning")
    return Fix(f, Applicability.SAFE, tuple(choices))


def _coordinated(matched: str, term: Term, code: str) -> bool:
    """Does the match join other words to the term with a conjunction that none of the
    term's written forms has ("pornographic performances and materials")? Replacing it
    whole would drop the other words."""
    conjunctions = {c.casefold() for c in registry().get(code).conjunctions}
    listed = {w.casefold() for surface in (term.text, *term.variants) for w in surface.split()}
    return any(w in conjunctions and w not in listed for w in matched.casefold().split())


def _segment(doc: Document, offset: int) -> int:
    return bisect.bisect_right([s.start for s in doc.segments], offset)


def _edit(
    doc: Document,
    source: str,
    start: int,
    end: int,
    matched: str,
    suggestion: str,
    agreed: Term | None,
    plural: bool,
    lang: FixLanguage,
    glossary: Glossary,
) -> tuple[Edit | None, str]:
    words = suggestion
    if plural:
        irregular = glossary.spelling.irregular.get(lang.code, {})
        words = inflect.plural(suggestion, agreed, lang, irregular)  # type: ignore[assignment]
        if words is None:
            return None, f"no plural of {suggestion!r} in the language data"
    words = inflect.follow_case(words, matched, lang)
    if doc.format == "html":
        words = html.escape(words, quote=False)
    found = inflect.preceding_article(source, start, lang)
    if found is None:
        return Edit(start, end, words), ""
    at, article, group = found
    gender = lang.gender.get(suggestion)
    new = inflect.article_for(group, suggestion, lang, gender)
    if new is None:
        return None, f"the gender of {suggestion!r} is not in the language data"
    new = inflect.written_like(new, article)
    if new.endswith("'") and article[-1:] in APOSTROPHES:
        new = new[:-1] + article[-1]  # keep the writer's apostrophe
    if new == article:
        return Edit(start, end, words), ""
    gap = source[at + len(article) : start]
    if new[-1:] in APOSTROPHES:
        gap = ""
    elif not gap:
        gap = " "
    return Edit(at, end, new + gap + words), ""
