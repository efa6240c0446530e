"""Official titles and proper names around a match (the glossary's exceptions).

Pure functions over the document text; `context.py` decides what a title means for a
finding."""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from lexicon.check.match.compiled import kept
from lexicon.check.match.forms import FUNCTION_WORDS, head_tail_regex, phrase_regex
from lexicon.glossary.types import Glossary, TitleException

TITLE_WINDOW = 400  # characters around a match, beyond the longest title, to look for its start
LINE_WINDOW = 2000  # characters either side of a match within which its line is examined
FIRST_WORD = re.compile(r"[^\W\d_]+")  # the word a match starts with (a title may start with it)
Spec = tuple[str, str]  # ("phrase" or "head-tail", the title): its expression, made when needed
FINDERS_KEPT = 8  # finders kept per process (one per distinct glossary), least recently used dropped
_FINDERS: OrderedDict[tuple[tuple[TitleException, ...], frozenset[str]], ContextFinder] = OrderedDict()
_OF_GLOSSARY: OrderedDict[int, tuple[Glossary, ContextFinder]] = OrderedDict()  # by glossary object: no key to compute


class ContextFinder:
    """Finds official titles and proper names (glossary exceptions) around a match.

    Each title becomes one or two expressions (the phrase; its first word ... last words),
    tried only where the title's first word ("Optional", "Directive", "Special") stands
    shortly before the match: the positions of those words are found once per document, so
    checking a term costs a few anchored matches, not a search for a hundred titles.
    """

    def __init__(self, rules: dict[str, list[Spec]], window: int, headings: frozenset[Spec] = frozenset()) -> None:
        self._sources = rules  # anchor -> the titles tried there, as expressions made on first use
        self._headings = headings  # those of exceptions of kind "heading" (article headings of laws)
        self._compiled: dict[str, list[re.Pattern[str]]] = {}
        self._expressions: dict[str, list[tuple[str, Spec]]] = {}
        self._heading_sources: set[str | None] | None = None
        self.window = window
        self.words = sorted((k for k in rules if not k.startswith("@")), key=lambda k: (-len(k), k))  # same order in every process
        self._scanner: Callable[[str], list[tuple[int, str]]] | None = None

    @classmethod
    def build(cls, glossary: Glossary) -> ContextFinder:
        """The finder for the glossary's exceptions. It depends on nothing else than the
        exceptions and the words of the terms, so a process that builds several Linters on
        the same glossary (a test run, a tool embedding lexicon) builds it once."""
        held = _OF_GLOSSARY.get(id(glossary))
        if held is not None and held[0] is glossary:  # the glossary is held too, so its id is not reused
            _OF_GLOSSARY.move_to_end(id(glossary))
            return held[1]
        exceptions = glossary.exceptions
        term_words = frozenset(w.casefold() for t in glossary.terms for w in re.findall(r"[^\W\d_]+", t.text))
        finder = _FINDERS.get((exceptions, term_words))
        if finder is None:
            finder = _FINDERS[(exceptions, term_words)] = cls._build(exceptions, term_words)
            while len(_FINDERS) > FINDERS_KEPT:
                _FINDERS.popitem(last=False)
        _FINDERS.move_to_end((exceptions, term_words))
        _OF_GLOSSARY[id(glossary)] = (glossary, finder)
        while len(_OF_GLOSSARY) > FINDERS_KEPT:
            _OF_GLOSSARY.popitem(last=False)
        return finder

    @classmethod
    def _build(cls, exceptions: tuple[TitleException, ...], term_words: frozenset[str]) -> ContextFinder:
        phrases: set[str] = set()
        for exc in exceptions:
            phrases.add(exc.text)
            phrases.update(exc.short)
            phrases.update(exc.misprints)
        heading_phrases = {p for e in exceptions if e.kind == "heading" for p in (e.text, *e.short, *e.misprints)}
        headings: set[Spec] = set()
        rules: dict[str, list[Spec]] = {}
        # longest first, ties alphabetically: a set's order changes with each process's hash
        # seed, and the order decides the scanner's cache key (a new seed meant a new compile)
        for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
            words = [w.casefold() for w in re.findall(r"[^\W\d_]+", phrase)]
            content = [w for w in words if w not in FUNCTION_WORDS] or words
            if not content:
                continue
            if content[0] in term_words:
                key = "@" + content[0]  # starts with a glossary term: tried where a match starts
            else:
                # the two first content words when they stand together ("Optional Protocol"),
                # else the first alone ("Offences of ..."): the scanner finds adjacent words only
                at = words.index(content[0])
                together = len(content) > 1 and at + 1 < len(words) and words[at + 1] == content[1]
                key = " ".join(content[:2]) if together else content[0]
            rules.setdefault(key, []).append(("phrase", phrase))
            if len(words[0]) >= 5 and words[0] not in term_words:
                rules.setdefault(words[0], []).append(("head-tail", phrase))  # none when too short
            if phrase in heading_phrases:
                headings.update({("phrase", phrase), ("head-tail", phrase)})
        window = max((len(p) for p in phrases), default=0) + TITLE_WINDOW
        return cls(rules, window, frozenset(headings))

    def load(self) -> None:
        """Load (or compile) the title words' Hyperscan database now rather than when a long
        text first needs it (see `scanners.PythonBudget`)."""
        from lexicon.check.match.scan import PhraseScanner

        scanner = _scanner_of(self) if self.words else None
        if isinstance(scanner, PhraseScanner):
            scanner.load()

    def _expressions_at(self, anchor: str) -> list[tuple[str, Spec]]:
        """(expression, spec) of the titles that start with `anchor`, longest expression
        first, made the first time a document has this anchor (making every title's
        expression up front cost more than checking a page)."""
        made = self._expressions.get(anchor)
        if made is None:
            pairs = []
            for spec in dict.fromkeys(self._sources.get(anchor, ())):
                source = _expression(spec)
                if source:
                    pairs.append((source, spec))
            made = self._expressions[anchor] = sorted(pairs, key=lambda p: len(p[0]), reverse=True)
        return made

    def _regexes(self, anchor: str) -> list[re.Pattern[str]]:
        """The titles that start with `anchor`, as one alternation, longest first (a title
        that covers a match is found before a shorter one that does not)."""
        compiled = self._compiled.get(anchor)
        if compiled is None:
            sources = [source for source, _ in self._expressions_at(anchor)]
            joined = "|".join(f"(?:{s})" for s in sources)
            compiled = self._compiled[anchor] = [kept(joined, re.IGNORECASE)] if sources else []
        return compiled

    def index(self, text: str, match_starts: list[int] = ()) -> TitleIndex:  # type: ignore[assignment]
        """Where titles may start in `text`: their first words (one pass per document) and
        the starts of matches (titles that begin with a glossary term)."""
        hits = _word_hits(self, text, match_starts) if self.words else []
        sources = self._sources
        for start in match_starts:
            word = FIRST_WORD.match(text, start, start + 40)
            if word and "@" + word.group().casefold() in sources:
                hits.append((start, "@" + word.group().casefold()))
        hits.sort()
        return TitleIndex([h[0] for h in hits], [h[1] for h in hits])

    def title_kind(self, text: str, start: int, end: int, index: TitleIndex | None = None) -> str | None:
        """ "title" inside an official title or proper name, "heading" inside an article
        heading of a law (an exception of kind heading), else None."""
        if self._sources:
            index = index if index is not None else self.index(text, [start])
            lo = max(0, start - self.window)
            left = bisect.bisect_left(index.positions, lo)
            right = bisect.bisect_right(index.positions, start)
            ends = index.ends  # (the ends already worked out, looked up here: a call per anchor added up)
            for k in range(left, right):
                title_end = ends.get(k)
                if title_end is None:
                    title_end = self._title_end(text, index, k)
                if title_end >= end:
                    return "heading" if self._is_heading(text, index.positions[k], end, index.anchors[k]) else "title"
        return "title" if _proper_name(text, start, end) else None

    def _is_heading(self, text: str, at: int, end: int, anchor: str) -> bool:
        """Whether the exception that covers the match at `at` is a heading, not a title
        (tried only once a title is known to cover the match)."""
        if not self._headings:
            return False
        hi = min(len(text), at + 2 * self.window)
        for source, _ in self._expressions_at(anchor):
            m = re.compile(source, re.IGNORECASE).match(text, at, hi)
            if m is not None and m.end() >= end:
                if self._heading_sources is None:
                    self._heading_sources = {_expression(spec) for spec in self._headings}
                return source in self._heading_sources
        return False

    def _title_end(self, text: str, index: TitleIndex, k: int) -> int:
        """Where the title starting at anchor `k` ends (-1 if none starts there), worked out
        once per anchor and document: a dense run of matches does not retry the same titles."""
        end = index.ends.get(k)
        if end is None:
            at = index.positions[k]
            hi = min(len(text), at + 2 * self.window)
            end = -1
            for regex in self._regexes(index.anchors[k]):
                m = regex.match(text, at, hi)
                if m is not None:
                    end = m.end()
                    break
            index.ends[k] = end
        return end


def _expression(spec: Spec) -> str | None:
    return phrase_regex(spec[1]) if spec[0] == "phrase" else head_tail_regex(spec[1])


@dataclass(frozen=True, slots=True)
class TitleIndex:
    positions: list[int]
    anchors: list[str]
    ends: dict[int, int] = field(default_factory=dict)  # anchor index -> end of its title, -1 for none


def _word_hits(finder: ContextFinder, text: str, match_starts: list[int] | None = None) -> list[tuple[int, str]]:
    """(position, anchor) of every title word in `text`: Hyperscan when present, else re.
    With `match_starts`, those a title of a match at one of them may start with: the words
    within the finder's window before each (`title_kind` looks no further), found in the
    text around them only when that is much less than the whole text."""
    scanner = _scanner_of(finder)
    around = getattr(scanner, "around", None)
    if match_starts and around is not None:
        hits: list[tuple[int, str]] | None = around(text, match_starts, finder.window)
        if hits is not None:
            return hits
    return scanner(text)


def _scanner_of(finder: ContextFinder) -> Callable[[str], list[tuple[int, str]]]:
    from lexicon.check.match.scan import phrase_scanner

    if finder._scanner is None:
        finder._scanner = phrase_scanner(finder.words)
    return finder._scanner


def _proper_name(text: str, start: int, end: int) -> bool:
    """A match written in Title Case inside a run of capitalised words ("Child Pornography
    Victims Reserve", "Amy, Vicky, and Andy Child Pornography Victim Assistance Act")."""
    if text[start:end].islower():
        return False
    words = re.findall(r"[^\W\d_]+", text[start:end])
    if not words or any(not w[0].isupper() or w.isupper() for w in words if len(w) > 3):
        return False
    line_start = text.rfind("\n", max(0, start - LINE_WINDOW), start) + 1 or max(0, start - LINE_WINDOW)
    line_end = text.find("\n", end, end + LINE_WINDOW)
    line = text[line_start : line_end if line_end != -1 else min(len(text), end + LINE_WINDOW)]
    if not any(w[0].islower() for w in re.findall(r"[^\W\d_]{4,}", line)):
        return False  # a heading in Title Case, not a name inside a sentence
    after = re.match(r"[ \t,]+([^\W\d_]+)", text[end : end + 40])
    if after and after.group(1)[0].isupper() and not after.group(1).isupper():
        return True
    before = re.search(r"([^\W\d_]+)[ \t,]+$", text[max(line_start, start - 40) : start])
    if before and before.group(1)[0].isupper() and not before.group(1).isupper():
        return before.start(1) + max(line_start, start - 40) > line_start  # not just a sentence start
    return False
