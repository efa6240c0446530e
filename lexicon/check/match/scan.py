"""Compiled multi-pattern scanners (Hyperscan) shared by the matcher and the context:
compiled once, cached on disk, each with a pure-Python fallback or a None that tells the
caller to search per match. Offsets returned are character offsets, never bytes."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

_hyperscan: Any
try:  # optional accelerator
    import hyperscan as _hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    _hyperscan = None


def hyperscan_module() -> Any:
    """The hyperscan module, or None where it is not installed."""
    return _hyperscan


def phrase_scanner(phrases: list[str]) -> Callable[[str], list[tuple[int, str]]]:
    """A function returning (character offset, phrase) for every case-insensitive
    occurrence of the one- or two-word `phrases` at a word start (words may be separated by
    any non-letters: "Directive 2011/93/EU")."""
    keys = sorted(phrases, key=len, reverse=True)
    exprs = [r"[\W\d_]+".join(re.escape(w) for w in key.split()) for key in keys]
    if _hyperscan is not None:
        try:
            flags = _hyperscan.HS_FLAG_CASELESS | _hyperscan.HS_FLAG_UTF8 | _hyperscan.HS_FLAG_UCP | _hyperscan.HS_FLAG_SOM_LEFTMOST
            db = compile_cached("titles", [e.encode() for e in exprs], [flags] * len(exprs))
        except Exception:  # noqa: BLE001 - fall back to Python below
            db = None
        if db is not None:

            def scan(text: str) -> list[tuple[int, str]]:
                data = text.encode("utf-8", "surrogatepass")
                hits: list[tuple[int, int]] = []
                db.scan(data, match_event_handler=lambda i, s, _e, _f, _c: hits.append((s, i)))
                if len(data) != len(text) and hits:
                    starts = sorted({s for s, _ in hits})
                    table = dict(zip(starts, byte_to_char_offsets(data, starts), strict=True))
                    hits = [(table[s], i) for s, i in hits]
                return [(s, keys[i]) for s, i in set(hits) if s == 0 or not text[s - 1].isalnum()]

            return scan
    regex = re.compile(r"\b(?:" + "|".join(f"(?P<k{i}>{e})" for i, e in enumerate(exprs)) + ")", re.IGNORECASE)
    return lambda text: [(m.start(), keys[int(str(m.lastgroup)[1:])]) for m in regex.finditer(text)]


_EXPRESSION_SCANNERS: dict[str, Callable[[str], list[int]] | None] = {}


def expression_scanner(name: str, pattern: str) -> Callable[[str], list[int]] | None:
    """A function giving the sorted start offsets of every case-insensitive match of one
    regular expression (written in the common subset of Python and Hyperscan syntax), or
    None when Hyperscan is not available or refuses the expression."""
    if name in _EXPRESSION_SCANNERS:
        return _EXPRESSION_SCANNERS[name]
    scanner = None
    if _hyperscan is not None:
        hs = _hyperscan
        try:
            # no UCP: Hyperscan refuses \b with it; word boundaries are then ASCII ones
            flags = hs.HS_FLAG_CASELESS | hs.HS_FLAG_UTF8 | hs.HS_FLAG_SOM_LEFTMOST
            db = compile_cached(name, [pattern.encode("utf-8")], [flags])
        except Exception:  # noqa: BLE001
            db = None
        if db is not None:

            def scan(text: str) -> list[int]:
                data = text.encode("utf-8", "surrogatepass")
                starts: list[int] = []
                db.scan(data, match_event_handler=lambda _i, s, _e, _f, _c: starts.append(s))
                starts = sorted(set(starts))
                return byte_to_char_offsets(data, starts) if len(data) != len(text) else starts

            scanner = scan
    _EXPRESSION_SCANNERS[name] = scanner
    return scanner


_DATABASES: OrderedDict[tuple[str, str], Any] = OrderedDict()
DATABASES_KEPT = 32  # databases kept in memory per process, least recently used dropped first


def compile_cached(name: str, expressions: list[bytes], flags: list[int]) -> Any:
    """Compile a Hyperscan block-mode database, or load it from the on-disk cache. A process
    that builds several Linters on the same patterns (a test run, a tool embedding lexicon)
    gets the database it already loaded: same patterns, same key, same database."""
    from lexicon.cache import key_for

    key = key_for(getattr(_hyperscan, "__version__", "hs"), *(e.decode("utf-8") + f"/{f}" for e, f in zip(expressions, flags, strict=True)))
    db = _DATABASES.get((name, key))
    if db is None:
        db = _DATABASES[(name, key)] = _load_database(name, key, expressions, flags)
        while len(_DATABASES) > DATABASES_KEPT:
            _DATABASES.popitem(last=False)
    _DATABASES.move_to_end((name, key))
    return db


def _load_database(name: str, key: str, expressions: list[bytes], flags: list[int]) -> Any:
    from lexicon.cache import cached_bytes

    hs = _hyperscan

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
