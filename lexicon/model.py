"""Value types shared by every stage: documents, positions, findings, results.

Imports nothing from lexicon and does no I/O. Offsets are 0-based, half-open, in Unicode
code points of the decoded text (Python `str` indices); lines and columns are 1-based.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate, repeat
from operator import add

# Word and OpenDocument paragraphs (and table cells) are joined as a blank line, as in text
# formats: a term never runs from the end of one paragraph into the next, and a paragraph
# ends a sentence.
PARAGRAPH_BREAK = "\n\n"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    CARE = "care"
    AVOID = "avoid"

    @property
    def agreed(self) -> bool:
        return self in (Status.PREFERRED, Status.ADMITTED)


class Rule(StrEnum):
    AVOID_TERM = "avoid-term"
    CARE_TERM = "care-term"
    MIXED_TERMS = "mixed-terms"
    ACRONYM = "acronym"
    TRANSLATION_CONSISTENCY = "translation-consistency"
    TRANSLATION_OMISSION = "translation-omission"


class Context(StrEnum):
    """Why a finding's severity was changed by where it stands."""

    TITLE = "title"
    LEGAL = "legal"
    QUOTED = "quoted"
    METALINGUISTIC = "metalinguistic"
    FINE = "fine"  # the sentence meets the term's "fine when" condition (registry cue words)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who gives a verdict and how it is known (terms/README.md, "Provenance").

    `who` is "guidelines" (the Luxembourg Guidelines, `edition` 2016 or 2025, usually as
    quoted or summarised by `via`), "body" (another organisation, named in `body`) or "team"
    (the lexicon team's own reading). `how` is "quoted", "summarised" or "inferred"."""

    who: str
    how: str
    url: str = ""
    edition: int | None = None
    via: str | None = None
    body: str | None = None
    note: str | None = None

    @property
    def from_guidelines(self) -> bool:
        """True when a source shows the Guidelines themselves giving this verdict."""
        return self.who == "guidelines" and self.how in ("quoted", "summarised")

    def as_dict(self) -> dict[str, object]:
        """The provenance as JSON data, with its label."""
        out: dict[str, object] = {
            "who": self.who,
            "edition": self.edition,
            "via": self.via,
            "body": self.body,
            "how": self.how,
            "url": self.url,
            "label": self.label(),
        }
        if self.note:
            out["note"] = self.note
        return out

    def label(self) -> str:
        """A few words for users: 'Luxembourg Guidelines 2016 (quoted by INTERPOL)',
        'NSPCC guidance — not in the Guidelines'."""
        guidelines = f"Luxembourg Guidelines {self.edition or 2016}"
        if self.who == "guidelines" and self.how == "inferred":
            via = f", reasoning reported by {self.via}" if self.via else ""
            return f"inferred from the {guidelines}{via} — verdict unconfirmed"
        if self.who == "guidelines":
            return f"{guidelines} ({self.how} by {self.via})" if self.via else f"{guidelines} ({self.how})"
        if self.who == "body":
            how = "" if self.how == "quoted" else f", {self.how}"
            return f"{self.body} guidance{how} — not in the Guidelines"
        return "lexicon team's reading — not in the Guidelines"


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int
    offset: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of `Document.text` with a human locator (Word paragraph, PDF page)."""

    start: int
    end: int
    locator: str
    line_base: int = 0  # for PDF: the text line at which the page starts


@dataclass(slots=True)
class Document:
    """What the matcher sees. For text formats `text` has the length of the source and
    non-prose regions (code, markup, URLs) are blanked with spaces, so offsets into `text`
    are offsets into the file. For Word/PDF, offsets point into the extracted text and
    `segments` carry the paragraph/page locators."""

    path: str
    format: str
    text: str
    source: str | None = None
    segments: tuple[Segment, ...] = ()
    quotes: tuple[tuple[int, int], ...] = ()  # blockquote ranges found by the reader
    suppressions: tuple[tuple[int, int, frozenset[str] | None], ...] = ()  # (start, end, concepts|None=all)
    directive_names: tuple[tuple[int, str], ...] = ()  # (line, name) for each id a lexicon-disable comment names
    lang: str | None = None  # language declared by the file (HTML lang, front matter, Word)
    lang_spans: tuple[tuple[int, int, str], ...] = ()  # parts declared in another language
    # a part of a larger file (readers/stream.py): where its text starts in the file, as
    # (character offset, line, character offset of that line's start); positions are then
    # given in the whole file
    origin: tuple[int, int, int] | None = None
    _line_starts: list[int] | None = field(default=None, repr=False)
    _segment_starts: list[int] | None = field(default=None, repr=False)

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            # the lengths of the lines, summed up, in C: no Python step per line
            lengths = map(len, self.text.split("\n"))
            self._line_starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))[:-1]
        return self._line_starts

    def position(self, offset: int) -> Position:
        starts = self.line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        # (line, column, offset) by position: keywords cost a third more per finding
        if self.origin is None:
            return Position(index + 1, offset - starts[index] + 1, offset)
        chars, line, line_start = self.origin
        if index == 0:  # the part's first line began before the part
            return Position(line, offset + chars - line_start + 1, offset + chars)
        return Position(line + index, offset - starts[index] + 1, offset + chars)

    def written(self, start: int, end: int) -> str:
        """`text[start:end]` as the writer wrote it (the source, where markup was blanked)."""
        return (self.source or self.text)[start:end]

    def locator(self, offset: int) -> str | None:
        if not self.segments:
            return None
        if self._segment_starts is None:  # once per document, not once per finding
            self._segment_starts = [s.start for s in self.segments]
        index = bisect.bisect_right(self._segment_starts, offset) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        if segment.line_base:
            line = self.text.count("\n", segment.start, offset) + 1
            return f"{segment.locator}, line {line}"
        return segment.locator


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that belongs to a finding (mixed-terms variants, acronym uses)."""

    term: str
    count: int
    positions: tuple[Position, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to tell the writer. Every output format renders this same type."""

    rule: Rule
    concept: str
    severity: Severity
    matched: str
    start: Position
    end: Position
    message: str
    suggestions: tuple[str, ...] = ()
    reference: str = ""
    confirmed: bool | None = None  # True when the Guidelines are shown to give the verdict
    term: str = ""
    context: Context | None = None
    locator: str | None = None
    related: tuple[Related, ...] = ()
    suppressed: bool = False
    before: str = ""  # up to ~40 characters of the same paragraph before the match
    after: str = ""  # and after it, white space folded
    provenance: Provenance | None = None  # who gives the verdict (term findings)
    lang: str | None = None  # language of the matched term


@dataclass(frozen=True, slots=True)
class DocumentStats:
    """Per-document harmonisation summary."""

    concepts: tuple[str, ...]
    agreed: int
    total: int
    per_concept: tuple[tuple[str, int, int], ...] = ()  # (concept, agreed, total) in the author's own voice

    @property
    def agreed_share(self) -> float | None:
        return round(self.agreed / self.total, 4) if self.total else None


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    lang: str | None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    stats: DocumentStats | None = None
    suppressed: int = 0
    languages: tuple[str, ...] = ()  # languages the text was checked in (assumed or declared)
    unknown_names: tuple[tuple[int, str], ...] = ()  # (line, name): a lexicon-disable comment names no concept or rule

    def count(self, severity: Severity) -> int:
        counted: dict[Severity, int] | None = getattr(self.findings, "counts", None)  # findings kept on disk count as they are kept
        return counted.get(severity, 0) if counted is not None else sum(1 for f in self.findings if f.severity is severity)
