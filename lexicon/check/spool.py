"""What a file checked in parts keeps until its report, out of the Python heap (issue 15: a
1 GB file held its half a million findings in memory, 863 MB, until the report).

- `FindingSpool`: the findings of each part, held as they are until there are more than
  `HOLD` of them (about 20 MB: a 100 MB file's findings stay in memory, at no cost; none
  when they come from other processes, where each brings its own copies of the strings it
  shares with others in one process, about 2 KB a finding), then
  written as they come to an anonymous temporary file (unlinked at once, mode 0600, deleted
  when closed) as compact records: plain tuples of strings and numbers in `marshal`'s
  format, which can only ever give back such values (never code or objects of other
  types). Read back a batch at a time, in order.
- `SpooledFindings`: a file's findings as a read-only sequence over the spool (and the few
  findings of the document-level rules, merged in by position): iterating it decodes one
  batch at a time, so a report written finding by finding holds one part's findings.
- `UseStore`: the uses of glossary terms of every part, in arrays of numbers (about 60
  bytes a use instead of about 400 as objects), from which the document-level rules and
  the statistics are worked out concept by concept.
"""

from __future__ import annotations

import bisect
import heapq
import marshal
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any, TypeVar, overload

from lexicon.check.rules.document import Excerpts
from lexicon.check.rules.use import Use
from lexicon.glossary.types import Term
from lexicon.model import Context, Finding, Position, Provenance, Related, Rule, Severity

_RULES = {r.value: r for r in Rule}
_SEVERITIES = {s.value: s for s in Severity}
_CONTEXTS = {c.value: c for c in Context}
_HEADER = 8  # bytes of a batch's length
T = TypeVar("T")


def sort_key(f: Finding) -> tuple[int, int, str]:
    """The order of a file's findings (as `Linter._result` sorts them)."""
    return (f.start.offset, f.end.offset, f.rule)


Record = tuple[Any, ...]
"""A finding as the spool keeps it on disk (plain values, made by `_encode`): rule,
concept, severity, matched, start, end (each (line, column, offset)), message,
suggestions, reference, confirmed, term, context, locator, related, suppressed, before,
after, provenance (its fields, or None), lang; rule, severity and context as their values."""


def decode_record(record: Record, provenances: dict[tuple[Any, ...], Provenance]) -> Finding:
    """The finding a record stands for (`provenances`: those made so far, to share)."""
    return _decode(record, provenances)


def _either_key(item: Finding | Record) -> tuple[int, int, str]:
    return sort_key(item) if isinstance(item, Finding) else (item[4][2], item[5][2], item[0])


def _severity(item: Finding | Record) -> str:
    return item.severity if isinstance(item, Finding) else item[2]


def _position(p: Position) -> tuple[int, int, int]:
    return (p.line, p.column, p.offset)


def _provenance(p: Provenance | None) -> tuple[Any, ...] | None:
    return None if p is None else (p.who, p.how, p.url, p.edition, p.via, p.body, p.note)


def _encode(f: Finding) -> tuple[Any, ...]:
    return (
        str(f.rule.value),
        str(f.concept),
        str(f.severity.value),
        str(f.matched),
        _position(f.start),
        _position(f.end),
        str(f.message),
        tuple(str(s) for s in f.suggestions),
        str(f.reference),
        f.confirmed,
        str(f.term),
        None if f.context is None else str(f.context.value),
        f.locator,
        tuple((str(r.term), r.count, tuple(_position(p) for p in r.positions)) for r in f.related),
        f.suppressed,
        str(f.before),
        str(f.after),
        _provenance(f.provenance),
        f.lang,
    )


def _decode(row: tuple[Any, ...], provenances: dict[tuple[Any, ...], Provenance]) -> Finding:
    (rule, concept, severity, matched, start, end, message, suggestions, reference, confirmed, term, context, locator, related, suppressed,
     before, after, provenance, lang) = row  # fmt: skip
    prov = None
    if provenance is not None:
        prov = provenances.get(provenance)
        if prov is None:
            prov = provenances[provenance] = Provenance(*provenance)
    return Finding(
        rule=_RULES[rule],
        concept=concept,
        severity=_SEVERITIES[severity],
        matched=matched,
        start=Position(*start),
        end=Position(*end),
        message=message,
        suggestions=suggestions,
        reference=reference,
        confirmed=confirmed,
        term=term,
        context=None if context is None else _CONTEXTS[context],
        locator=locator,
        related=tuple(Related(t, count, tuple(Position(*p) for p in places)) for t, count, places in related),
        suppressed=suppressed,
        before=before,
        after=after,
        provenance=prov,
        lang=lang,
    )


class EncodedFindings:
    """One part's findings, in order, encoded as the spool keeps them (a record of plain
    tuples in `marshal`'s format) by the process that found them: sent to the process that
    writes the report as one string of bytes (pickling and unpickling each finding as an
    object cost more than checking a tenth of the part), and written to its spool as they
    are. `severities`: how many of each (by value), for the counts the report gives."""

    __slots__ = ("data", "count", "severities")

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.data = marshal.dumps([_encode(f) for f in findings])
        self.count = len(findings)
        self.severities: dict[str, int] = {}
        for f in findings:
            self.severities[f.severity.value] = self.severities.get(f.severity.value, 0) + 1

    def decode(self) -> list[Finding]:
        provenances: dict[tuple[Any, ...], Provenance] = {}
        return [_decode(row, provenances) for row in marshal.loads(self.data)]


class FindingSpool:
    """Findings appended a batch at a time, read back in order: held in memory up to `HOLD`
    of them, then (all of them, from the first) in an anonymous temporary file."""

    HOLD = 50_000  # findings held as objects (~430 bytes each) before they go to disk

    def __init__(self, hold: int | None = None) -> None:
        self.hold = self.HOLD if hold is None else hold
        self._file: Any = None  # the temporary file, once the findings outgrow HOLD
        self._held: list[Finding] = []
        self._end = 0
        self.count = 0
        self.severities: dict[Severity, int] = dict.fromkeys(Severity, 0)

    def add(self, findings: Sequence[Finding] | EncodedFindings) -> None:
        if isinstance(findings, EncodedFindings):
            self._add_encoded(findings)
            return
        if not findings:
            return
        self.count += len(findings)
        for f in findings:
            self.severities[f.severity] += 1
        if self._file is None and len(self._held) + len(findings) <= self.hold:
            self._held.extend(findings)
            return
        self._spill()
        self._write(findings)

    def _add_encoded(self, batch: EncodedFindings) -> None:
        """A batch encoded where it was found (another process): written as it came, never
        made into objects here, unless the spool still holds its findings in memory."""
        if not batch.count:
            return
        if self._file is None and len(self._held) + batch.count <= self.hold:
            self.add(batch.decode())
            return
        self.count += batch.count
        for value, n in batch.severities.items():
            self.severities[_SEVERITIES[value]] += n
        self._spill()
        self._write_record(batch.data)

    def _spill(self) -> None:
        """From now on the findings are on disk: the temporary file, with those held so far."""
        if self._file is None:
            import tempfile  # only for a file with very many findings (start-up: issue 15)

            self._file = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 - kept open as long as the spool is
            held, self._held = self._held, []
            self._write(held)

    def _write(self, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        self._write_record(marshal.dumps([_encode(f) for f in findings]))

    def _write_record(self, data: bytes) -> None:
        record = len(data).to_bytes(_HEADER, "little") + data
        written = 0
        while written < len(record):
            written += os.pwrite(self._file.fileno(), record[written:], self._end + written)
        self._end += len(record)

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def __iter__(self) -> Iterator[Finding]:
        provenances: dict[tuple[Any, ...], Provenance] = {}
        for item in self.records():
            yield item if isinstance(item, Finding) else _decode(item, provenances)

    def records(self) -> Iterator[Finding | Record]:
        """The findings in order: those on disk as their plain records (see `Record`)."""
        if self._file is None:
            yield from self._held
            return
        fd, offset, end = self._file.fileno(), 0, self._end
        while offset < end:
            size = int.from_bytes(_read(fd, _HEADER, offset), "little")
            rows = marshal.loads(_read(fd, size, offset + _HEADER))
            offset += _HEADER + size
            yield from rows

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._held = []


def _read(fd: int, size: int, offset: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = os.pread(fd, size, offset)
        if not chunk:
            raise OSError("the findings spool ended early")
        chunks.append(chunk)
        size -= len(chunk)
        offset += len(chunk)
    return b"".join(chunks)


class _Stored(Sequence[T]):
    """A read-only sequence kept out of the Python heap, standing for a tuple: equal to the
    tuple of its items, sent to another process as that tuple; `_at(i)` gives item i."""

    __slots__ = ()

    def _at(self, index: int) -> T:
        return next(islice(iter(self), index, None))

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._at(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_Stored, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))  # sent to another process: as the plain tuple it stands for


class SpooledFindings(_Stored[Finding]):
    """A file's findings, sorted: those of its parts from the spool (each part's already in
    order, the parts in file order) merged with `extra` (the document-level rules'), as one
    sorted list of all of them would be (a stable sort: at the same place, a part's first)."""

    def __init__(self, spool: FindingSpool, extra: Iterable[Finding] = (), *, info: bool = True) -> None:
        self._spool = spool
        self._extra = sorted(extra, key=sort_key)
        self._info = info  # False: the info findings are left out (see `without_info`)
        self.counts = dict(spool.severities)  # per severity, without reading the spool
        for f in self._extra:
            self.counts[f.severity] += 1
        if not info:
            self.counts[Severity.INFO] = 0

    def without_info(self) -> SpooledFindings:
        """The same findings without the info ones (the reports' default), still on disk."""
        return SpooledFindings(self._spool, self._extra, info=False)

    def __iter__(self) -> Iterator[Finding]:
        found: Iterator[Finding] = heapq.merge(self._spool, self._extra, key=sort_key) if self._extra else iter(self._spool)
        return found if self._info else (f for f in found if f.severity is not Severity.INFO)

    def records(self) -> Iterator[Finding | Record]:
        """What iterating gives, in the same order, but the findings on disk as their plain
        records, not made into objects (a report can write them as they are)."""
        spooled = self._spool.records()
        found = heapq.merge(spooled, self._extra, key=_either_key) if self._extra else spooled
        return found if self._info else (f for f in found if _severity(f) != Severity.INFO)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __repr__(self) -> str:
        return f"<{len(self)} spooled findings>"


class UseStore:
    """The uses of every part of one file, in order, as arrays of numbers; what the
    document-level rules read of each use in the author's voice (positions, the text as
    written, an acronym's spelling out) is kept beside it."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self._term_ids: dict[Term, int] = {}
        self.contexts: list[Context | None] = [None, *Context]
        self._context_ids = {c: i for i, c in enumerate(self.contexts)}
        self.strings: list[str] = []
        self._string_ids: dict[str, int] = {}
        self.start, self.end = array("q"), array("q")
        self.term, self.context, self.matched = array("i"), array("b"), array("i")
        # positions of start and end (line, column), for uses in the author's voice only
        self.place = array("i")
        self.expansions: dict[int, str | None] = {}

    def __len__(self) -> int:
        return len(self.start)

    def add(self, uses: Sequence[Use], excerpts: Excerpts) -> None:
        """Take in one part's uses. A part checked in another process comes with its own
        copies of the terms: each is kept once, by value (by object within the part)."""
        seen: dict[int, int] = {}
        for use in uses:
            self.start.append(use.start)
            self.end.append(use.end)
            term = seen.get(id(use.term))
            if term is None:
                term = seen[id(use.term)] = self._term_id(use.term)
            self.term.append(term)
            self.context.append(self._context_ids[use.context])
            if use.own_voice:
                begin, finish = excerpts.positions[use.start], excerpts.positions[use.end]
                place = (begin.line, begin.column, finish.line, finish.column)
                try:
                    self.place.extend(place)
                except OverflowError:  # a line or column past 2**31: 8-byte numbers from now on
                    self.place = array("q", self.place)
                    self.place.extend(place)
                self.matched.append(self._string_id(excerpts.matched[use.start]))
                if use.start in excerpts.expansions:
                    self.expansions[use.start] = excerpts.expansions[use.start]
            else:
                self.place.extend((0, 0, 0, 0))
                self.matched.append(-1)

    def add_store(self, other: UseStore) -> None:
        """Take in the uses of another store (one part's, made where it was checked: sent
        as arrays, not as objects), as `add` of its uses would."""
        terms = [self._term_id(t) for t in other.terms]
        strings = [self._string_id(text) for text in other.strings]
        self.start.extend(other.start)
        self.end.extend(other.end)
        self.term.extend([terms[i] for i in other.term])
        self.context.extend(other.context)
        try:
            self.place.fromlist(other.place.tolist())  # (left unchanged when a number does not fit)
        except OverflowError:  # a line or column past 2**31: 8-byte numbers from now on
            self.place = array("q", self.place)
            self.place.fromlist(other.place.tolist())
        self.matched.extend([-1 if i < 0 else strings[i] for i in other.matched])
        self.expansions.update(other.expansions)

    @classmethod
    def of(cls, uses: Sequence[Use], excerpts: Excerpts) -> UseStore:
        store = cls()
        store.add(uses, excerpts)
        return store

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process as its arrays and tables (the terms and strings once each)."""
        return (
            _restore_store,
            (self.terms, self.strings, self.start, self.end, self.term, self.context, self.place, self.matched, self.expansions),
        )

    def _term_id(self, term: Term) -> int:
        found = self._term_ids.get(term)
        if found is None:
            found = self._term_ids[term] = len(self.terms)
            self.terms.append(term)
        return found

    def _string_id(self, text: str) -> int:
        found = self._string_ids.get(text)
        if found is None:
            found = self._string_ids[text] = len(self.strings)
            self.strings.append(text)
        return found

    def use(self, i: int) -> Use:
        return Use(self.start[i], self.end[i], self.terms[self.term[i]], self.contexts[self.context[i]])

    def __iter__(self) -> Iterator[Use]:
        """Every use, in order, made one at a time."""
        return (self.use(i) for i in range(len(self)))

    def excerpts(self, indexes: list[int]) -> Excerpts:
        """An Excerpts for the document-level rules reading these uses (in order)."""
        return _StoredExcerpts(self, [i for i in indexes if self.context[i] == 0])

    def own_voice_by_concept(self, lang: str) -> dict[str, list[int]]:
        """The indexes of the uses in the author's voice of terms in `lang`, per concept,
        the concepts in the order of their first such use."""
        out: dict[str, list[int]] = {}
        wanted = [t.lang == lang for t in self.terms]
        for i in range(len(self)):
            if self.context[i] == 0 and wanted[self.term[i]]:
                out.setdefault(self.terms[self.term[i]].concept_id, []).append(i)
        return out

    def acronym_readings(self) -> list[int]:
        """The uses `rules.document.acronyms` can act on, in order: every acronym in the
        author's voice, and the first use of each concept by a term that is not an acronym
        (the later ones only tell it again that the concept was spelled out)."""
        out: list[int] = []
        spelled: set[str] = set()
        acronym = [t.is_acronym for t in self.terms]
        for i in range(len(self)):
            term = self.terms[self.term[i]]
            if acronym[self.term[i]]:
                if self.context[i] == 0:
                    out.append(i)
            elif term.concept_id not in spelled:
                spelled.add(term.concept_id)
                out.append(i)
        return out

    def languages(self) -> set[str]:
        """The languages of the terms used (the store holds only terms that were used)."""
        return {t.lang for t in self.terms}


def _restore_store(
    terms: list[Term],
    strings: list[str],
    start: array[int],
    end: array[int],
    term: array[int],
    context: array[int],
    place: array[int],
    matched: array[int],
    expansions: dict[int, str | None],
) -> UseStore:
    store = UseStore()
    store.terms, store.strings = terms, strings
    store._term_ids = {t: i for i, t in enumerate(terms)}
    store._string_ids = {text: i for i, text in enumerate(strings)}
    store.start, store.end, store.term, store.context, store.place, store.matched = start, end, term, context, place, matched
    store.expansions = expansions
    return store


class _StoredExcerpts(Excerpts):
    """`Excerpts` read from a `UseStore` as the rules ask (positions are made on request,
    not held for every use): `own` are the indexes of the uses in the author's voice the
    rules are given, by start."""

    __slots__ = ("_store", "_own", "_starts")

    def __init__(self, store: UseStore, own: list[int]) -> None:
        super().__init__({}, {}, {start: store.expansions[start] for start in (store.start[i] for i in own) if start in store.expansions})
        self._store = store
        self._own = array("i", sorted(own, key=lambda i: store.start[i]))
        self._starts = array("q", (store.start[i] for i in self._own))

    def _index(self, offset: int) -> tuple[int, int]:
        """(use, 0) for a use starting at `offset`, (use, 2) for one ending there."""
        k = bisect.bisect_left(self._starts, offset)
        if k < len(self._starts) and self._starts[k] == offset:
            return self._own[k], 0
        for i in self._own:  # an end: asked for only where a finding is made (a few per file)
            if self._store.end[i] == offset:
                return i, 2
        raise KeyError(offset)

    def position(self, offset: int) -> Position:
        i, at = self._index(offset)
        place = self._store.place
        return Position(place[4 * i + at], place[4 * i + at + 1], offset)

    def written(self, start: int, end: int) -> str:
        i, _ = self._index(start)
        return self._store.strings[self._store.matched[i]]


class Positions(_Stored[Position]):
    """Positions kept as numbers (24 bytes each instead of about 110 as objects), read as
    the tuple of Positions they stand for: the places of every use a `mixed-terms` finding
    lists, which in a large file are most of its uses."""

    __slots__ = ("_numbers",)

    def __init__(self, positions: Iterable[Position]) -> None:
        self._numbers = array("q")
        for p in positions:
            self._numbers.extend((p.line, p.column, p.offset))

    def __len__(self) -> int:
        return len(self._numbers) // 3

    def _at(self, index: int) -> Position:
        n = self._numbers
        return Position(n[3 * index], n[3 * index + 1], n[3 * index + 2])

    def __iter__(self) -> Iterator[Position]:
        n = self._numbers
        return (Position(n[k], n[k + 1], n[k + 2]) for k in range(0, len(n), 3))

    def __repr__(self) -> str:
        return f"Positions({list(self)!r})"


def compact(finding: Finding) -> Finding:
    """`finding` with the positions of its related uses kept as numbers."""
    if sum(len(r.positions) for r in finding.related) < 64:
        return finding
    related = tuple(Related(r.term, r.count, Positions(r.positions)) for r in finding.related)  # type: ignore[arg-type]
    return replace(finding, related=related)


_trim: list[Any] = []  # the C library's malloc_trim, looked for once (None where there is none)


def release_free_memory() -> None:
    """Give the pages the C heap holds free back to the system, where the C library can
    (glibc's malloc_trim; elsewhere nothing). Checking a part allocates and frees buffers of
    megabytes (its bytes, its text, their encodings); glibc serves the next ones from the
    heap, whose free pages then stay resident, part after part: a 1 GB file's resident set
    grew by 60 MB that no object held."""
    if not _trim:
        try:
            import ctypes

            _trim.append(getattr(ctypes.CDLL(None), "malloc_trim", None))
        except (ImportError, OSError):
            _trim.append(None)
    if _trim[0] is not None:
        _trim[0](0)
