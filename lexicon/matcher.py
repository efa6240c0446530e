"""Find glossary terms in text. Knows nothing about files, context or output.

Design: one regular expression (all term patterns, longest first, as named groups) is the
single definition of what matches. Running it over a whole document is slow in Python, so a
literal scanner first finds the ASCII "anchors" every match must contain (Hyperscan when
installed, else a Python regex of the anchors) and the full expression only runs on small
windows around them. Both paths give identical matches (a test checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lexicon.glossary.types import Glossary, Term
from lexicon.variants import TermPattern, term_patterns

try:  # optional accelerator: a compiled multi-pattern scanner
    import hyperscan as _hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    _hyperscan = None


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    term: Term


class Matcher:
    """All terms of one language, compiled once."""

    def __init__(self, glossary: Glossary, lang: str, *, accelerate: bool = True) -> None:
        self.lang = lang
        patterns: list[TermPattern] = []
        for term in glossary.terms:
            if term.lang == lang:
                patterns.extend(term_patterns(term, glossary.spelling))
        # Longest written form first: Python's alternation takes the first that matches.
        patterns.sort(key=lambda p: (-len(p.term.text), p.term.text))
        self.patterns = patterns
        self.terms = [p.term for p in patterns]
        body = "|".join(f"(?P<t{i}>{p.regex})" for i, p in enumerate(patterns)) or r"(?!x)x"
        self.regex = re.compile(body, re.IGNORECASE)
        self.window = max((p.max_len for p in patterns), default=0)
        anchors: set[str] = set()
        self.full_scan = False
        for p in patterns:
            if p.anchors is None:
                self.full_scan = True
            else:
                anchors.update(p.anchors)
        self.anchors = sorted(anchors)
        self._scanner: Any = None
        self.engine = "regex"
        if not self.full_scan and self.anchors:
            if accelerate and _hyperscan is not None:
                self._scanner = _compile_hyperscan(self.anchors)
                self._anchor_lengths = [len(a) for a in self.anchors]
                self.engine = "hyperscan"
            else:
                alternation = "|".join(re.escape(a) for a in sorted(self.anchors, key=len, reverse=True))
                self._anchor_regex = re.compile(alternation, re.IGNORECASE)
                self.engine = "anchors"

    def find(self, text: str) -> list[Match]:
        """Return the non-overlapping matches in `text`, leftmost and longest first."""
        if not self.patterns:
            return []
        if self.full_scan or not self.anchors:
            return self._scan(text, 0, len(text))
        hits = self._anchor_hits(text)
        matches: list[Match] = []
        for start, end in _regions(hits, self.window, len(text)):
            matches.extend(self._scan(text, start, end))
        return matches

    def _scan(self, text: str, start: int, end: int) -> list[Match]:
        out = []
        terms = self.terms
        for m in self.regex.finditer(text, start, end):
            if m.end() == end and end < len(text):
                continue  # the window may have cut a longer form short; the next window has it
            name = m.lastgroup
            assert name is not None
            out.append(Match(m.start(), m.end(), terms[int(name[1:])]))
        return out

    def _anchor_hits(self, text: str) -> list[int]:
        if self._scanner is None:
            return [m.start() for m in self._anchor_regex.finditer(text)]
        data = text.encode("utf-8", "surrogatepass")
        found: list[int] = []
        lengths = self._anchor_lengths

        def on_match(anchor_id: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            found.append(end - lengths[anchor_id])

        self._scanner.scan(data, match_event_handler=on_match)
        if not found or len(data) == len(text):
            return found  # pure ASCII: byte offsets are character offsets
        return _byte_to_char_offsets(data, sorted(found))


def _compile_hyperscan(anchors: list[str]) -> Any:
    db = _hyperscan.Database()
    flags = _hyperscan.HS_FLAG_CASELESS
    db.compile(
        expressions=[re.escape(a).encode() for a in anchors],
        ids=list(range(len(anchors))),
        flags=[flags] * len(anchors),
    )
    return db


def _byte_to_char_offsets(data: bytes, offsets: list[int]) -> list[int]:
    out = []
    chars = 0
    previous = 0
    for offset in offsets:
        chars += len(data[previous:offset].decode("utf-8", "surrogatepass"))
        previous = offset
        out.append(chars)
    return out


def _regions(hits: list[int], window: int, length: int) -> list[tuple[int, int]]:
    """Merge the windows around anchor hits into disjoint (start, end) regions."""
    regions: list[tuple[int, int]] = []
    for hit in sorted(hits):
        start, end = max(0, hit - window), min(length, hit + window)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions
