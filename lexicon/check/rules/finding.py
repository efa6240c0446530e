"""The one place a `Finding` is made. Every rule (avoid-term, care-term, mixed-terms,
acronym and the two translation rules) says what it found and why; where the finding is
(line, column, offset, page or paragraph), the text it quotes and the concept's reference
are worked out here, the same way for all of them."""

from __future__ import annotations

from typing import Protocol

from lexicon.glossary.types import Concept
from lexicon.model import Context, Finding, Position, Provenance, Related, Rule, Severity


class Source(Protocol):
    """What a finding is placed in: a whole `Document`, or the excerpts kept of a file
    checked in parts (`rules.document.Excerpts`)."""

    def position(self, offset: int) -> Position: ...

    def locator(self, offset: int) -> str | None: ...

    def written(self, start: int, end: int) -> str: ...


def finding_at(
    doc: Source,
    start: int,
    end: int,
    *,
    rule: Rule,
    concept: Concept,
    term: str,
    severity: Severity,
    message: str,
    suggestions: tuple[str, ...] = (),
    reference: str | None = None,
    matched: str | None = None,
    context: Context | None = None,
    related: tuple[Related, ...] = (),
    before: str = "",
    after: str = "",
    provenance: Provenance | None = None,
    confirmed: bool | None = None,
    lang: str | None = None,
    locator: str | None = None,
) -> Finding:
    """A finding on `doc[start:end]` about `concept`. Defaults: `reference`, the concept's;
    `matched`, the text as the writer wrote it there; `locator`, the page or paragraph."""
    # by position, in the order of Finding's fields (a test holds each to its name): keywords
    # cost a third more per finding, and a large file has tens of thousands
    return Finding(
        rule,
        concept.id,
        severity,
        doc.written(start, end) if matched is None else matched,
        doc.position(start),
        doc.position(end),
        message,
        suggestions,
        concept.reference() if reference is None else reference,
        confirmed,
        term,
        context,
        doc.locator(start) if locator is None else locator,
        related,
        False,  # suppressed (the field's default)
        before,
        after,
        provenance,
        lang,
    )
