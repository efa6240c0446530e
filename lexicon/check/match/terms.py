"""Find glossary terms in text. Knows nothing about files, context or output.

Semantics: every written form of every term is a small regular expression (see
`variants.py`); a match is kept when no other match starts earlier, and among matches at the
same start the longest wins ("leftmost, then longest").

Speed: candidates come from Hyperscan, a compiled multi-pattern scanner, when it is
installed (hundreds of MB/s); each candidate is then confirmed with the exact Python
expression at its start. Without Hyperscan, one Python alternation of all patterns finds the
candidate starts instead (slower, same results; a test checks both paths agree). A short
text, while the process has seen little text (`scanners.PythonBudget`), is scanned before
the database is loaded or compiled: only the expressions whose fixed words all occur in it
are searched (a 2 KB page needs two or three of hundreds; same results again).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lexicon.check.match.compiled import compiled_rows, from_row, kept
from lexicon.check.match.forms import TermPattern, term_patterns
from lexicon.check.match.scan import (
    PYTHON_BUDGET,
    Gate,
    PythonBudget,
    all_starts,
    byte_to_char_offsets,
    compile_cached,
    fold,
    gate_open,
    hyperscan_available,
    hyperscan_module,
    required_literals,
)
from lexicon.glossary.load import content_digest
from lexicon.glossary.types import Glossary, Spelling, Term
from lexicon.model import Status


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    term: Term


PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")  # a blank line: where a paragraph ends


class Matcher:
    """All terms of one language, compiled once."""

    def __init__(self, glossary: Glossary, lang: str | tuple[str, ...], *, accelerate: bool = True, everything: bool = False) -> None:
        """`lang` is one language or several: with several, one scan finds the terms of
        all of them, and "leftmost, then longest" is applied within each language."""
        langs = (lang,) if isinstance(lang, str) else tuple(lang)
        self.lang = "+".join(langs)
        terms: list[Term] = []
        for code in langs:
            terms.extend([t for t in glossary.terms if t.lang == code] if everything else contested_terms(glossary, code))
        digest = content_digest(glossary)
        patterns = cached_patterns(terms, glossary.spelling, f"{digest}:{self.lang}:{everything}" if digest else None)
        # where two forms match the same text: the stronger verdict first (an analytic form
        # of an avoided term beats a listed care form of it), then a listed form before one
        # derived by rule
        patterns.sort(key=lambda p: (p.term.status is not Status.AVOID, p.derived, -len(p.term.text), p.term.text, p.term.lang))
        self.patterns = patterns
        self.terms = [p.term for p in patterns]
        self._exact: dict[int, re.Pattern[str]] = {}
        self._rows: list[Any] | None = None  # what `re` compiles each exact expression to (see compiled.py)
        self._regex: re.Pattern[str] | None = None
        self._scanner: Any = None
        self._budget = PythonBudget()
        self._gates: list[Gate | None] | None = None
        # "hyperscan": its database is compiled (or loaded) when a text first needs it
        self.engine = "hyperscan" if accelerate and hyperscan_available() and patterns else "regex"

    def exact(self, index: int) -> re.Pattern[str]:
        """The exact expression of pattern `index`, compiled on first use."""
        rx = self._exact.get(index)
        if rx is None:
            regex = self.patterns[index].regex
            if self._rows is None:  # a short text: the few expressions it needs, each kept on its own
                rx = kept(regex, re.IGNORECASE)
            else:
                rx = from_row(regex, self._rows[index]) or re.compile(regex, re.IGNORECASE)
            self._exact[index] = rx
        return rx

    @property
    def regex(self) -> re.Pattern[str]:
        """All patterns as one alternation (the path without Hyperscan)."""
        if self._regex is None:
            body = "|".join(f"(?:{p.regex})" for p in self.patterns) or r"(?!x)x"
            self._regex = re.compile(body, re.IGNORECASE)
        return self._regex

    def find(self, text: str) -> list[Match]:
        """Return the non-overlapping matches in `text`: leftmost, then longest."""
        if not self.patterns:
            return []
        candidates = None
        if self.engine == "hyperscan":
            if self._scanner is None and self._budget.python(len(text)):
                return self._resolve(text, self._gated_candidates(text))
            candidates = self._hyperscan_candidates(text) if self.load() else None
        if candidates is None:
            candidates = self._regex_candidates(text)
        return self._resolve(text, candidates)

    def spend(self) -> None:
        """Scan with the database from the next text on, whatever its size (loaded then, if
        it is not yet): a run over much text pays for it anyway, and should not scan its
        first short texts in Python first, once in every worker process."""
        self._budget.seen = max(self._budget.seen, PYTHON_BUDGET)

    def load(self) -> bool:
        """Compile the Hyperscan database now (or load it from the cache) if it is not
        yet; False when there is none (not installed, or it refused a pattern)."""
        if self._scanner is None and self.engine == "hyperscan":
            try:
                self._scanner = _compile_hyperscan(self.patterns)
            except Exception:  # noqa: BLE001 - any pattern the scanner refuses: fall back
                self.engine = "regex"
            else:  # a long text: most exact expressions will be needed, kept compiled between runs
                self._rows = compiled_rows([p.regex for p in self.patterns], re.IGNORECASE)
        return self._scanner is not None

    def _gated_candidates(self, text: str) -> dict[int, set[int]]:
        """The candidates of `_regex_candidates`, searching only the expressions whose fixed
        words all occur in `text` (every start of each, overlapping)."""
        if self._gates is None:
            self._gates = pattern_gates(self.patterns)
        folded = fold(text)
        seen: dict[str, bool] = {}
        found: dict[int, set[int]] = defaultdict(set)
        for index, gate in enumerate(self._gates):
            if not gate_open(gate, folded, seen):
                continue
            for start in all_starts(self.exact(index), text):
                found[start].add(index)
        return found

    def _resolve(self, text: str, candidates: dict[int, set[int]]) -> list[Match]:
        out: list[Match] = []
        covered: dict[str, int] = {}
        starts = sorted(candidates)
        # a term never runs on past the end of its paragraph (a blank line)
        for start, stop in zip(starts, paragraph_ends(text, starts), strict=True):
            indexes = candidates[start]
            if len(indexes) == 1:  # the usual case: one pattern starts here
                index = next(iter(indexes))
                lang = self.terms[index].lang
                if start >= covered.get(lang, 0):
                    m = self.exact(index).match(text, start, stop)
                    if m is not None:
                        out.append(Match(start, m.end(), self.terms[index]))
                        covered[lang] = m.end()
                continue
            best: dict[str, tuple[int, int]] = {}
            for index in sorted(indexes):
                lang = self.terms[index].lang
                if start < covered.get(lang, 0):
                    continue
                m = self.exact(index).match(text, start, stop)
                if m is not None and m.end() > best.get(lang, (-1, -1))[0]:
                    best[lang] = (m.end(), index)
            for lang, (end, index) in best.items():
                out.append(Match(start, end, self.terms[index]))
                covered[lang] = end
        return out

    def _regex_candidates(self, text: str) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        pos = 0
        search = self.regex.search
        while True:
            m = search(text, pos)
            if m is None:
                return found
            start = m.start()
            # every pattern that matches here competes for "longest"
            found[start].update(i for i in range(len(self.patterns)) if self.exact(i).match(text, start))
            pos = start + 1

    def _hyperscan_candidates(self, text: str) -> dict[int, set[int]] | None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None  # lone surrogates: let the Python path handle it
        hits: list[tuple[int, int]] = []

        def on_match(index: int, start: int, _end: int, _flags: int, _ctx: object) -> None:
            hits.append((start, index))

        self._scanner.scan(data, match_event_handler=on_match)
        found: dict[int, set[int]] = defaultdict(set)
        if len(data) == len(text):  # ASCII: byte offsets are character offsets
            for start, index in hits:
                found[start].add(index)
            return found
        starts = sorted({s for s, _ in hits})
        chars = dict(zip(starts, byte_to_char_offsets(data, starts), strict=True))
        for start, index in hits:
            found[chars[start]].add(index)
        return found


def paragraph_ends(text: str, starts: list[int]) -> list[int]:
    """For each of the sorted `starts`, where the next blank line (PARAGRAPH_BREAK, as its
    `finditer` finds them) begins after it, or the end of the text. A few starts look for
    the next break each (a break is white space only, so none spans a start that is not);
    many, or one at white space, find every break once."""
    if len(starts) <= 8 and not any(text[s : s + 1].isspace() for s in starts):
        return [found.start() if (found := PARAGRAPH_BREAK.search(text, s)) is not None else len(text) for s in starts]
    breaks = [m.start() for m in PARAGRAPH_BREAK.finditer(text)] if "\n" in text else []
    out = []
    for start in starts:
        k = bisect.bisect_right(breaks, start)
        out.append(breaks[k] if k < len(breaks) else len(text))
    return out


def cached_patterns(terms: list[Term], spelling: Spelling, source: str | None = None) -> list[TermPattern]:
    """`term_patterns` of every term, kept in the on-disk cache as JSON (data only, never
    code): building hundreds of expressions for four languages costs more than a short
    check. The key is `source` when the caller knows what the terms were built from (the
    glossary files' digest, the languages, the selection), else a canonical digest of the
    terms (not where they were read) and spellings (sets sorted): the same in every process."""
    import json

    from lexicon import __version__, languages
    from lexicon.cache import cached_bytes, canonical_json, key_for
    from lexicon.check.match import forms as variants
    from lexicon.languages import registry_dir

    def build() -> bytes:
        rows = [[i, p.regex, p.scan_regex, p.derived] for i, term in enumerate(terms) for p in term_patterns(term, spelling)]
        return json.dumps(rows).encode("utf-8")

    try:
        # the code and language tables the patterns are built with, by content (not by
        # date: an installed wheel's files are dated at install, and its prebuilt entries
        # must still be found; see lexicon.cache)
        sources = [Path(m.__file__) for m in (variants, languages)] + sorted(registry_dir().glob("*.yaml"))  # type: ignore[arg-type]
        code = [f"{f.name}:{hashlib.sha256(f.read_bytes()).hexdigest()}" for f in sources]
        # where a term was read (file, line) does not change its patterns: a house glossary
        # copied or moved keeps its entry
        data = source.encode("utf-8") if source else canonical_json([replace(t, path="", line=None) for t in terms], spelling)
    except (OSError, TypeError, ValueError):
        return [p for term in terms for p in term_patterns(term, spelling)]
    key = key_for(__version__, *code, hashlib.sha256(data).hexdigest())
    try:
        rows = json.loads(cached_bytes("patterns", key, build))
        return [TermPattern(term=terms[i], regex=regex, scan_regex=scan, derived=bool(derived)) for i, regex, scan, derived in rows]
    except Exception:  # noqa: BLE001 - a stale or damaged entry: build afresh
        return [p for term in terms for p in term_patterns(term, spelling)]


_SHARED: OrderedDict[tuple[int, str, bool, bool], tuple[Glossary, Matcher]] = OrderedDict()
MATCHERS_KEPT = 16  # matchers kept in memory per process, least recently used dropped first


def shared_matcher(glossary: Glossary, lang: str | tuple[str, ...], *, accelerate: bool = True, everything: bool = False) -> Matcher:
    """`Matcher(glossary, lang, ...)`, the one this process already built for this very
    glossary object if there is one: Linters on one glossary (each run of the CLI in a test
    session or in a tool embedding lexicon, where `load_glossary` gives the same object)
    compile its terms once. A Matcher holds no state of the documents it reads."""
    key = (id(glossary), "+".join(lang) if isinstance(lang, tuple) else lang, accelerate, everything)
    held = _SHARED.get(key)
    if held is None or held[0] is not glossary:  # the glossary is held too, so its id is not reused
        held = _SHARED[key] = (glossary, Matcher(glossary, lang, accelerate=accelerate, everything=everything))
        while len(_SHARED) > MATCHERS_KEPT:
            _SHARED.popitem(last=False)
    _SHARED.move_to_end(key)
    return held[1]


GATES_FORMAT = "gates-3"  # in the cache key: a new layout of the entries gets new keys


def pattern_gates(patterns: list[TermPattern]) -> list[Gate | None]:
    """The fixed words each pattern requires, cached on disk by the patterns' expressions.
    Read from the scan expression (`scanners.required_literals`): it is the exact one
    without look-arounds or inline flags, so whatever the exact one matches it matches too
    (the Hyperscan path rests on that as well), and it is shorter to read."""
    import json

    from lexicon.cache import cached_bytes, key_for

    def gates() -> list[Gate | None]:
        return [required_literals(p.scan_regex) for p in patterns]

    def valid(row: object) -> bool:
        return row is None or (isinstance(row, list) and all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in row))

    try:
        key = key_for(GATES_FORMAT, *(p.scan_regex for p in patterns))
        rows = json.loads(cached_bytes("gates", key, lambda: json.dumps(gates()).encode("utf-8")))
        if isinstance(rows, list) and len(rows) == len(patterns) and all(valid(row) for row in rows):
            return [None if row is None else tuple(tuple(group) for group in row) for row in rows]
    except ValueError:
        pass
    return gates()


def contested_terms(glossary: Glossary, lang: str) -> list[Term]:
    """The terms worth finding: those of concepts that have a term to avoid or to use with
    care in this language. A concept with nothing to avoid ("child", "victim") offers no
    choice to harmonise, and matching it everywhere would only cost time."""
    out: list[Term] = []
    for concept in glossary.concepts.values():
        terms = concept.terms_in(lang)
        if any(not t.status.agreed for t in terms):
            out.extend(terms)
    return out


def _compile_hyperscan(patterns: list[TermPattern]) -> Any:
    """One Hyperscan database for all term patterns (case-insensitive unless the term is)."""
    hs = hyperscan_module()
    base = hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_SOM_LEFTMOST
    expressions = [p.scan_regex.encode("utf-8") for p in patterns]
    flags = [base if p.term.case_sensitive else base | hs.HS_FLAG_CASELESS for p in patterns]
    return compile_cached("terms", expressions, flags)
