"""A loaded glossary kept between runs as plain data, so a warm start rebuilds no YAML parse,
schema check or merge (issue 15: loading the built-in glossary was about 15 ms of a
one-page check; reading this back takes about a fifth of that).

The entry holds every concept as nested tuples of its fields, in the order the dataclasses
declare them (enums by value), in `marshal`'s format: plain values only (strings, numbers,
tuples, dicts, frozensets), never code, and read only from an authenticated cache entry
(`lexicon.cache`). Reading it back checks its shape (each dataclass takes exactly its
fields, each concept its own id); anything unexpected and the glossary is loaded from its
files as before. Its key is what the files hold (the caller's content
key: each file by path and SHA-256) and the code that builds a glossary from them (these
modules' bytes), so a changed file or a changed loader is never answered from an old entry.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from lexicon.glossary.types import Concept, Glossary, Section, Source, Spelling, Term, TitleException
from lexicon.model import Provenance, Severity, Status

FORMAT = "glossary-1"  # in the key: a new layout of the entries gets new keys


class _Changed(Exception):
    """The files changed while the glossary was built from them: keep nothing."""


def kept_glossary(content_key: tuple[Any, ...], build: Callable[[], Glossary], current: Callable[[], Any]) -> tuple[Glossary, bool]:
    """The glossary `build` makes from the files `content_key` names, from the cache when a
    run has built it from the same bytes before, and whether it is known to be theirs (read
    from the entry, or built while they stayed the same). Errors of `build` (a
    GlossaryError) pass through: only a glossary that loaded is kept, and only when
    `current()` (the content key again, once built) shows the files did not change meanwhile."""
    from lexicon.cache import cached_bytes, key_for

    try:
        key = key_for(FORMAT, *_code(), repr(content_key))
    except OSError:
        return build(), False
    made: list[Glossary] = []

    def make() -> bytes:
        made.append(build())
        if current() != content_key:
            raise _Changed
        return marshal.dumps(plain(made[0]))

    try:
        data = cached_bytes("glossary", key, make)
    except _Changed:
        return made[0], False
    if made:
        return made[0], True
    try:
        return from_plain(marshal.loads(data)), True
    except Exception:  # noqa: BLE001 - a layout this code does not read: load the files
        return build(), False


def _code() -> list[str]:
    """The loader's modules by content (an installed wheel's files are dated at install)."""
    from lexicon import model
    from lexicon.glossary import load, safe_read, schema, types

    files = [str(m.__file__) for m in (load, safe_read, schema, types, model)] + [__file__]
    return [hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in files]


def plain(value: Any) -> Any:
    """`value` with every dataclass as the tuple of its fields and every enum as its value."""
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(plain(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _at(cls: type, name: str) -> int:
    return [f.name for f in fields(cls)].index(name)


_STATUS, _PROVENANCE, _SEVERITY = (_at(Term, name) for name in ("status", "provenance", "severity"))
_SECTION, _TERMS, _SOURCES, _EXCEPTIONS = (_at(Concept, name) for name in ("section", "terms", "sources", "exceptions"))


def _term(row: tuple[Any, ...]) -> Term:
    values = list(row)
    values[_STATUS] = Status(values[_STATUS])
    if values[_PROVENANCE] is not None:
        values[_PROVENANCE] = Provenance(*values[_PROVENANCE])
    if values[_SEVERITY] is not None:
        values[_SEVERITY] = Severity(values[_SEVERITY])
    return Term(*values)


def _concept(row: tuple[Any, ...]) -> Concept:
    values = list(row)
    values[_SECTION] = Section(*values[_SECTION])
    values[_TERMS] = tuple(_term(t) for t in values[_TERMS])
    values[_SOURCES] = tuple(Source(*s) for s in values[_SOURCES])
    values[_EXCEPTIONS] = tuple(TitleException(*e) for e in values[_EXCEPTIONS])
    return Concept(*values)


def from_plain(data: Any) -> Glossary:
    """The glossary `plain` made `data` of; TypeError or ValueError for any other shape."""
    concepts, spelling, paths = data
    if not isinstance(concepts, dict) or not isinstance(paths, tuple):
        raise TypeError("not a kept glossary")
    built = {cid: _concept(row) for cid, row in concepts.items()}
    if any(not isinstance(cid, str) or cid != concept.id for cid, concept in built.items()):
        raise ValueError("concept ids do not match")
    return Glossary(concepts=built, spelling=Spelling(*spelling), paths=paths)
