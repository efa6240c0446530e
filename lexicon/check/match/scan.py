"""Compiled multi-pattern scanners (Hyperscan) shared by the matcher and the context:
compiled once, cached on disk, each with a pure-Python fallback or a None that tells the
caller to search per match. Offsets returned are character offsets, never bytes.

Lazily: a database is loaded (or compiled) only when a text needs it. A short text, while
the process has seen little text (`PythonBudget`), is scanned in Python instead, with the
same results: compiling the built-in glossary's databases takes seconds, loading them from
the cache tens of milliseconds, and a 2 KB page needs neither. Where Python scans many
expressions, `required_literals` and `fold` let it try only those whose fixed words all
occur in the text."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

_hyperscan: Any = None  # the optional accelerator, imported when a database is first needed
_imported = False


def hyperscan_module() -> Any:
    """The hyperscan module, or None where it is not installed."""
    global _hyperscan, _imported
    if not _imported:
        _imported = True
        try:
            import hyperscan

            _hyperscan = hyperscan
        except ImportError:  # pragma: no cover - depends on the platform
            _hyperscan = None
    return _hyperscan


def hyperscan_available() -> bool:
    """Whether Hyperscan is installed, without importing it (a short check never needs it)."""
    if _imported:
        return _hyperscan is not None
    import importlib.util

    return importlib.util.find_spec("hyperscan") is not None


PYTHON_TEXT = 20_000  # characters: a text this short may be scanned without Hyperscan ...
PYTHON_BUDGET = 200_000  # ... until one scanner has seen this much text in the process


class PythonBudget:
    """Decides, text by text, whether a scanner whose database is not loaded yet scans in
    Python: only short texts, and only until the scanner has seen PYTHON_BUDGET characters
    (a run over many files then loads the database once and uses it for the rest)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = 0

    def python(self, size: int) -> bool:
        if size > PYTHON_TEXT or self.seen + size > PYTHON_BUDGET:
            return False
        self.seen += size
        return True


def fold(text: str) -> str:
    """Text folded so that a literal Python's re matches case-insensitively (IGNORECASE) is
    always a substring of the folded text: full case folding, with the dotted capital I
    first mapped as re maps it ("İ" -> "i")."""
    return text.replace("\u0130", "i").casefold()


Gate = tuple[tuple[str, ...], ...]  # every group needs one of its strings in the folded text


def required_literals(regex: str) -> Gate | None:
    """What every match of `regex` (compiled with IGNORECASE) contains: groups of fixed
    strings, folded (see `fold`), of which each group needs one ("child" and one of
    "paedo", "pedo"); None when the expression cannot be read. An empty tuple means nothing
    is required: the expression must always be tried."""
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(regex, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - another Python's internals: no gate, try it always
        return None
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

    def walk(items: Any) -> list[tuple[str, ...]]:
        groups: list[tuple[str, ...]] = []
        run: list[str] = []
        for op, av in items:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                groups.append((fold("".join(run)),))
                run = []
            if op is sre.SUBPATTERN:
                groups += walk(av[-1])
            elif op in repeats and av[0] >= 1:
                groups += walk(av[2])
            elif op is getattr(sre, "ATOMIC_GROUP", None):
                groups += walk(av)
            elif op is sre.BRANCH:
                # one of the alternatives matches, so for any choice of one group required by
                # each alternative, one of the chosen groups' strings is there. Choosing each
                # alternative's strongest group, then its second strongest, and so on, keeps
                # "pornograph" AND a child word from "(child|teen) pornography | pornography
                # of (children|minors)" instead of only "one of them"
                owns = [sorted(walk(alternative), key=_strength, reverse=True) for alternative in av[1]]
                if owns and all(owns):
                    for rank in range(min(len(own) for own in owns)):
                        groups.append(tuple(dict.fromkeys(w for own in owns for w in own[rank])))
            # anything else (classes, look-arounds, anchors) requires no fixed text
        if run:
            groups.append((fold("".join(run)),))
        return groups

    return tuple(dict.fromkeys(walk(parsed)))


def _strength(group: tuple[str, ...]) -> tuple[int, int]:
    """How much a group narrows the texts an expression can match: long strings, few of them."""
    return min(len(w) for w in group), -len(group)


def gate_open(gate: Gate | None, folded: str, seen: dict[str, bool]) -> bool:
    """Can an expression with this gate match the text folded to `folded`? (`seen`
    remembers each string's answer for the other expressions of the same text.)"""
    if gate is None:
        return True
    for group in gate:
        for word in group:
            found = seen.get(word)
            if found is None:
                found = seen[word] = word in folded
            if found:
                break
        else:
            return False
    return True


def all_starts(rx: re.Pattern[str], text: str) -> list[int]:
    """Every offset at which `rx` matches (overlapping matches too, like Hyperscan's)."""
    out: list[int] = []
    m = rx.search(text)
    while m is not None:
        out.append(m.start())
        m = rx.search(text, m.start() + 1)
    return out


def phrase_scanner(phrases: list[str]) -> Callable[[str], list[tuple[int, str]]]:
    """A function returning (character offset, phrase) for every case-insensitive
    occurrence of the one- or two-word `phrases` at a word start (words may be separated by
    any non-letters: "Directive 2011/93/EU")."""
    keys = sorted(phrases, key=len, reverse=True)
    exprs = [r"[\W\d_]+".join(re.escape(w) for w in key.split()) for key in keys]
    if not hyperscan_available():
        regex = re.compile(r"\b(?:" + "|".join(f"(?P<k{i}>{e})" for i, e in enumerate(exprs)) + ")", re.IGNORECASE)
        return lambda text: [(m.start(), keys[int(str(m.lastgroup)[1:])]) for m in regex.finditer(text)]
    return PhraseScanner(keys, exprs)


NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]*")


class PhraseScanner:
    """`phrase_scanner` with Hyperscan: the database is loaded (or compiled) when a text
    first needs it (see PythonBudget); before that, Python finds the same hits."""

    def __init__(self, keys: list[str], exprs: list[str]) -> None:
        self.keys, self.exprs = keys, exprs
        self.longest_word = max((len(word) for key in keys for word in key.split()), default=0)
        self.gates = [tuple((fold(w),) for w in key.split()) for key in keys]
        self.compiled: dict[int, re.Pattern[str]] = {}
        self.budget = PythonBudget()
        self.db: Any = None
        self.refused = False

    def load(self) -> bool:
        """Load or compile the database now if it is not yet; False when Hyperscan refuses it."""
        if self.db is None and not self.refused:
            try:
                hs = hyperscan_module()
                flags = hs.HS_FLAG_CASELESS | hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_SOM_LEFTMOST
                self.db = compile_cached("titles", [e.encode() for e in self.exprs], [flags] * len(self.exprs))
            except Exception:  # noqa: BLE001 - Hyperscan missing after all, or refusing: Python from now on
                self.refused = True
        return self.db is not None

    def __call__(self, text: str) -> list[tuple[int, str]]:
        if self.db is None and (self.budget.python(len(text)) or not self.load()):
            return self._python(text)
        data = text.encode("utf-8", "surrogatepass")
        hits: list[tuple[int, int]] = []
        self.db.scan(data, match_event_handler=lambda i, s, _e, _f, _c: hits.append((s, i)))
        if len(data) != len(text) and hits:
            starts = sorted({s for s, _ in hits})
            table = dict(zip(starts, byte_to_char_offsets(data, starts), strict=True))
            hits = [(table[s], i) for s, i in hits]
        return self._at_word_start(text, hits)

    def around(self, text: str, starts: list[int], before: int) -> list[tuple[int, str]] | None:
        """Every hit of `self(text)` that starts within `before` characters before one of
        `starts` or at it (and maybe others of its hits, never one it does not give), from
        scans of the text around them only; None when the database is not loaded or the
        places cover most of the text (the caller scans it whole).

        Exact: a phrase's expression has no anchor and, from a given end, one start (its
        words are letters, the gaps between them are not), so a hit found in a piece of the
        text is a hit of the whole text. Each piece ends where every phrase that starts in
        it ends: its first word within the longest word, then its gap of non-letters, taken
        to run over anything but an ASCII letter (as Hyperscan's letters may be more than
        Python's), then its last word within the longest word again."""
        if self.db is None or not starts:
            return None
        pieces: list[list[int]] = []
        longest = self.longest_word
        for start in sorted(starts):
            lo = max(0, start - before)
            gap = NOT_ASCII_LETTERS.match(text, min(len(text), start + longest))
            hi = min(len(text), (gap.end() if gap else start + longest) + longest)
            if pieces and lo <= pieces[-1][1]:
                pieces[-1][1] = max(pieces[-1][1], hi)
            else:
                pieces.append([lo, hi])
        if 2 * sum(hi - lo for lo, hi in pieces) > len(text):
            return None
        hits: list[tuple[int, int]] = []
        found: list[tuple[int, int]] = []
        for lo, hi in pieces:
            piece = text[lo:hi]
            data = piece.encode("utf-8", "surrogatepass")
            found.clear()
            self.db.scan(data, match_event_handler=lambda i, s, _e, _f, _c: found.append((s, i)))
            if len(data) != len(piece) and found:
                at = sorted({s for s, _ in found})
                table = dict(zip(at, byte_to_char_offsets(data, at), strict=True))
                hits += [(lo + table[s], i) for s, i in found]
            else:
                hits += [(lo + s, i) for s, i in found]
        return self._at_word_start(text, hits)

    def _python(self, text: str) -> list[tuple[int, str]]:
        """The same hits as the database's: every start of every phrase, overlapping."""
        folded = fold(text)
        seen: dict[str, bool] = {}
        hits = []
        for i, gate in enumerate(self.gates):
            if gate_open(gate, folded, seen):
                rx = self.compiled.get(i) or self.compiled.setdefault(i, re.compile(self.exprs[i], re.IGNORECASE))
                hits += [(s, i) for s in all_starts(rx, text)]
        return self._at_word_start(text, hits)

    def _at_word_start(self, text: str, hits: list[tuple[int, int]]) -> list[tuple[int, str]]:
        # in the order found, nearly the text's (a set's order sent the look at the character
        # before each hit all over a long text, and left the caller a shuffled list to sort).
        # Each hit comes once: a phrase's words are letters and the gaps between them are
        # not, so from a given start a phrase ends in one place only
        keys = self.keys
        return [(s, keys[i]) for s, i in hits if s == 0 or not text[s - 1].isalnum()]


_EXPRESSION_SCANNERS: dict[str, Callable[[str], list[list[int]] | None] | None] = {}
_SPENT: set[str] = set()  # scanners that use their database from the next text on (see `spend`)


def spend(*names: str) -> None:
    """The scanners of these names use their database from the next text on, whatever its
    size, as after scanning a long text themselves: another scanner has just scanned one
    in their place (see `expressions_scanner`), and short texts then take the same path as
    they would have."""
    _SPENT.update(names)


def expression_scanner(name: str, pattern: str) -> Callable[[str], list[int] | None] | None:
    """A function giving the sorted start offsets of every case-insensitive match of one
    regular expression (written in the common subset of Python and Hyperscan syntax), or
    None when Hyperscan is not available. The function itself gives None, as if Hyperscan
    were missing, for a short text while the database is not loaded (see PythonBudget) or
    when Hyperscan refuses the expression: the caller then searches per match."""
    scanner = expressions_scanner(name, (pattern,))
    if scanner is None:
        return None
    found = scanner

    def scan(text: str) -> list[int] | None:
        starts = found(text)
        return None if starts is None else starts[0]

    return scan


def expressions_scanner(name: str, patterns: tuple[str, ...]) -> Callable[[str], list[list[int]] | None] | None:
    """`expression_scanner` for several expressions in one database: one pass over a text
    gives the starts of each (a list per expression, in order). None, or None for a text,
    as there."""
    if name in _EXPRESSION_SCANNERS:
        return _EXPRESSION_SCANNERS[name]
    scanner = None
    if hyperscan_available():
        budget = PythonBudget()
        state: dict[str, Any] = {}

        def scan(text: str) -> list[list[int]] | None:
            db = state.get("db")
            if db is None:
                if "db" in state or (name not in _SPENT and budget.python(len(text))):
                    return None
                try:
                    hs = hyperscan_module()
                    # no UCP: Hyperscan refuses \b with it; word boundaries are then ASCII ones
                    flags = hs.HS_FLAG_CASELESS | hs.HS_FLAG_UTF8 | hs.HS_FLAG_SOM_LEFTMOST
                    db = state["db"] = compile_cached(name, [p.encode("utf-8") for p in patterns], [flags] * len(patterns))
                except Exception:  # noqa: BLE001
                    state["db"] = None
                    return None
            data = text.encode("utf-8", "surrogatepass")
            hits: list[list[int]] = [[] for _ in patterns]
            db.scan(data, match_event_handler=lambda i, s, _e, _f, _c: hits[i].append(s))
            out = [sorted(set(starts)) for starts in hits]
            if len(data) == len(text):
                return out
            every = sorted({s for starts in out for s in starts})
            chars = dict(zip(every, byte_to_char_offsets(data, every), strict=True))
            return [[chars[s] for s in starts] for starts in out]

        scanner = scan
    _EXPRESSION_SCANNERS[name] = scanner
    return scanner


def spans_scanner(name: str, patterns: tuple[str, ...]) -> Callable[[str], list[tuple[int, int, int]] | None] | None:
    """`expressions_scanner` for an ASCII text, giving where each match stands: the sorted
    (start, end, expression's index) of every match (None for another text, and as there).
    Every end at which a match of an expression ends is given, with the leftmost start of
    its matches that end there. ^ matches after each newline too (MULTILINE)."""
    if not hyperscan_available():
        return None
    budget = PythonBudget()
    state: dict[str, Any] = {}

    def scan(text: str) -> list[tuple[int, int, int]] | None:
        db = state.get("db")
        if db is None:
            if "db" in state or budget.python(len(text)):
                return None
            try:
                hs = hyperscan_module()
                flags = hs.HS_FLAG_CASELESS | hs.HS_FLAG_UTF8 | hs.HS_FLAG_SOM_LEFTMOST | hs.HS_FLAG_MULTILINE
                db = state["db"] = compile_cached(name, [p.encode("utf-8") for p in patterns], [flags] * len(patterns))
            except Exception:  # noqa: BLE001 - Hyperscan refusing: the caller searches per match
                state["db"] = None
                return None
        if not text.isascii():
            return None
        hits: list[tuple[int, int, int]] = []
        db.scan(text.encode("ascii"), match_event_handler=lambda i, s, e, _f, _c: hits.append((s, e, i)))
        hits.sort()
        return hits

    return scan


_DATABASES: OrderedDict[tuple[str, str], Any] = OrderedDict()
DATABASES_KEPT = 32  # databases kept in memory per process, least recently used dropped first


def compile_cached(name: str, expressions: list[bytes], flags: list[int]) -> Any:
    """Compile a Hyperscan block-mode database, or load it from the on-disk cache. A process
    that builds several Linters on the same patterns (a test run, a tool embedding lexicon)
    gets the database it already loaded: same patterns, same key, same database."""
    from lexicon.cache import key_for

    key = key_for(
        getattr(hyperscan_module(), "__version__", "hs"), *(e.decode("utf-8") + f"/{f}" for e, f in zip(expressions, flags, strict=True))
    )
    db = _DATABASES.get((name, key))
    if db is None:
        db = _DATABASES[(name, key)] = _load_database(name, key, expressions, flags)
        while len(_DATABASES) > DATABASES_KEPT:
            _DATABASES.popitem(last=False)
    _DATABASES.move_to_end((name, key))
    return db


def _load_database(name: str, key: str, expressions: list[bytes], flags: list[int]) -> Any:
    from lexicon.cache import cached_bytes

    hs = hyperscan_module()

    def build() -> bytes:
        db = hs.Database()
        db.compile(expressions=expressions, ids=list(range(len(expressions))), flags=flags)
        data: bytes = hs.dumpb(db)
        return data

    try:  # the entry is authenticated (see lexicon.cache); a database Hyperscan refuses is rebuilt
        db = hs.loadb(cached_bytes(f"hyperscan-{name}", key, build), hs.HS_MODE_BLOCK)
    except Exception:  # noqa: BLE001
        db = hs.loadb(build(), hs.HS_MODE_BLOCK)
    db.scratch = hs.Scratch(db)  # a deserialised database has no scratch space yet
    return db


def byte_to_char_offsets(data: bytes, offsets: list[int]) -> list[int]:
    out = []
    chars = 0
    previous = 0
    for offset in offsets:
        chars += len(data[previous:offset].decode("utf-8", "replace"))
        previous = offset
        out.append(chars)
    return out
