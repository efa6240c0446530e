"""The pipeline: document -> matches -> context -> findings -> harmonisation -> result.

The only module that chains the stages. Never prints, never exits.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lexicon.context import ContextFinder, DocContext, classify_in
from lexicon.errors import LexiconError
from lexicon.glossary.types import Glossary, Term
from lexicon.harmonise import Use, acronyms, mixed_terms, stats
from lexicon.lang import detect_language
from lexicon.ellipsis import elliptical, heads
from lexicon.matcher import Match, Matcher
from lexicon.model import Document, DocumentStats, FileResult, Finding, Rule, Severity
from lexicon.readers import Limits, read_document
from lexicon.rules import Policy, term_finding

WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes what the engine reports (built by the CLI from flags+config)."""

    lang: str | None = None
    policy: Policy = field(default_factory=Policy)
    ignore: frozenset[str] = frozenset()  # concept ids or exact phrases (case-insensitive)
    severity: tuple[tuple[str, Severity], ...] = ()  # per-concept overrides
    rules: frozenset[Rule] = frozenset(Rule)
    limits: Limits = field(default_factory=Limits)
    accelerate: bool = True


class Linter:
    """A glossary compiled for checking; reuse it for many documents."""

    def __init__(self, glossary: Glossary, settings: Settings | None = None) -> None:
        self.glossary = glossary
        self.settings = settings or Settings()
        self._matchers: dict[str, Matcher] = {}
        self._heads: dict[str, dict[str, Term]] = {}
        self.context = ContextFinder.build(glossary)
        self._ignore = {s.casefold() for s in self.settings.ignore}
        self._ranges: dict[int, tuple[Any, ...]] = {}  # per document: its suppressions, indexed
        self._severity = dict(self.settings.severity)

    def matcher(self, lang: str, *, everything: bool = False) -> Matcher:
        """The compiled terms of `lang`: by default only concepts with a term to avoid or use
        with care; `everything` adds concepts whose terms are all agreed."""
        key = f"{lang}+all" if everything else lang
        if key not in self._matchers:
            self._matchers[key] = Matcher(self.glossary, lang, accelerate=self.settings.accelerate, everything=everything)
        return self._matchers[key]

    def uses(self, doc: Document, lang: str, *, everything: bool = False) -> list[Use]:
        """Every glossary term in `doc` with the context it stands in."""
        matches = self._matches(doc.text, lang, everything)
        where = DocContext.prepare(self.context, doc.text, [m.start for m in matches], doc.quotes)
        out = []
        for match in matches:
            term = match.term
            if term.near and not near_enough(doc.text, match.start, match.end, term):
                continue
            context = classify_in(self.context, where, match.start, match.end)
            out.append(Use(match.start, match.end, term, context))
        return out

    def language_of(self, doc: Document) -> str:
        if self.settings.lang:
            return self.settings.lang
        return detect_language(doc.text, languages=tuple(l for l in ("en", "fr", "es") if l in self.glossary.languages) or ("en",))

    def check_path(self, path: Path) -> FileResult:
        try:
            doc = read_document(path, self.settings.limits)
        except LexiconError as exc:
            return FileResult(path=str(path), lang=None, error=exc.message)
        return self.check_document(doc)

    def check_document(self, doc: Document) -> FileResult:
        self._ranges.clear()  # the suppression index of the previous document
        lang = self.language_of(doc)
        uses: list[Use] = []
        findings: list[Finding] = []
        suppressed = 0
        for use in self.uses(doc, lang):
            uses.append(use)
            term = use.term
            finding = term_finding(doc, use.start, use.end, term, self.glossary.concepts[term.concept_id], use.context, self.settings.policy)
            if finding is None or finding.rule not in self.settings.rules:
                continue
            finding = self._override(finding)
            if self._suppressed(doc, finding, use.start):
                suppressed += 1
                continue
            findings.append(finding)
        for extra in self._harmonise(doc, uses, lang):
            if self._suppressed(doc, extra, extra.start.offset):
                suppressed += 1
            else:
                findings.append(extra)
        findings.sort(key=lambda f: (f.start.offset, f.end.offset, f.rule))
        concepts, agreed, total = stats(uses)
        return FileResult(
            path=doc.path, lang=lang, findings=tuple(findings),
            stats=DocumentStats(concepts=concepts, agreed=agreed, total=total), suppressed=suppressed,
        )

    def _matches(self, text: str, lang: str, everything: bool = False) -> list[Match]:
        matcher = self.matcher(lang, everything=everything)
        found = matcher.find(text)
        if lang not in self._heads:
            self._heads[lang] = heads(matcher.terms, lang)
        extra = elliptical(text, found, self._heads[lang], lang)
        return sorted(found + extra, key=lambda m: m.start) if extra else found

    def _harmonise(self, doc: Document, uses: list[Use], lang: str) -> list[Finding]:
        out: list[Finding] = []
        if Rule.MIXED_TERMS in self.settings.rules:
            out.extend(mixed_terms(doc, uses, self.glossary, lang))
        if Rule.ACRONYM in self.settings.rules:
            out.extend(acronyms(doc, uses, self.glossary))
        return [self._override(f) for f in out]

    def _override(self, finding: Finding) -> Finding:
        severity = self._severity.get(finding.concept)
        if severity is None or (finding.severity is Severity.INFO and finding.context is not None):
            return finding  # a title or a mention stays informational whatever the override
        return replace(finding, severity=severity)

    def _suppressed(self, doc: Document, finding: Finding, offset: int) -> bool:
        if finding.concept in self._ignore or " ".join(finding.matched.split()).casefold() in self._ignore:
            return True
        ranges = self._ranges.get(id(doc))
        if ranges is None or ranges[0] is not doc.suppressions:
            ranges = self._ranges[id(doc)] = (doc.suppressions, *_suppression_index(doc.suppressions))
        _, ordered, starts, reach = ranges
        k = bisect.bisect_right(starts, offset) - 1
        while k >= 0 and reach[k] > offset:  # only ranges that start before and may reach past it
            start, end, concepts = ordered[k]
            if start <= offset < end and (concepts is None or finding.concept in concepts or finding.rule in concepts):
                return True
            k -= 1
        return False


def _suppression_index(ranges: tuple[tuple[int, int, frozenset[str] | None], ...]) -> tuple[list[tuple[int, int, frozenset[str] | None]], list[int], list[int]]:
    """Suppression ranges sorted by start, their starts, and the furthest end reached by any
    range up to each one: a finding then looks only at the ranges that can hold it, so a
    file with thousands of `disable-next-line` comments costs no per-finding scan."""
    ordered = sorted(ranges, key=lambda r: r[0])
    reach: list[int] = []
    furthest = -1
    for _start, end, _concepts in ordered:
        furthest = max(furthest, end)
        reach.append(furthest)
    return ordered, [r[0] for r in ordered], reach


def near_enough(text: str, start: int, end: int, term: Term) -> bool:
    """Is one of the term's `near` words within `near_window` words of the match?"""
    span = term.near_window * 12
    before = WORD.findall(text[max(0, start - span) : start])[-term.near_window :]
    after = WORD.findall(text[end : end + span])[: term.near_window]
    window = " " + " ".join(before + after).casefold() + " "
    return any(f" {w.casefold()} " in window for w in term.near)


def check_text(text: str, glossary: Glossary, settings: Settings | None = None, *, name: str = "<text>", fmt: str = "text") -> FileResult:
    """Check a string as plain text or Markdown (`fmt="markdown"`)."""
    from lexicon.readers import markdown, text as text_reader

    reader = markdown if fmt == "markdown" else text_reader
    return Linter(glossary, settings).check_document(reader.from_text(text, name))
