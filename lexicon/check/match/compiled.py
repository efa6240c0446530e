"""The term expressions compiled by Python's `re`, kept between runs.

Confirming the scanner's candidates needs each term's exact expression compiled by `re`;
with word forms that is hundreds of long expressions, about 0.2 s of pure Python on every
run over a long text (the scan itself takes less). What `re` compiles an expression to is a
list of integers handed to its C engine (`_sre.compile`); that list is kept in the on-disk
cache (data, authenticated like every entry, see `lexicon.cache`), and later runs hand it
to the engine directly. The engine checks every list it is given before it uses it.

This leans on the internals of the running Python's `re` (keyed by its version and the
engine's MAGIC): anything unexpected, and the expression is compiled the ordinary way.
Long texts (`Matcher.load`) take the lists of all term expressions as one entry. A short
page needs only the few expressions its words can match, and a few context cues: `kept`
keeps each of those as an entry of its own ("rx"), so a warm run over one page compiles
nothing (issue 15: those compiles were a tenth of a one-page check).
"""

from __future__ import annotations

import binascii  # base64 itself: its module costs a millisecond of start-up (issue 15)
import json
import re
import sys
from array import array
from typing import Any

FORMAT = "sre-1"  # in the cache key: a new layout of the entries gets new keys
Row = list[Any]  # [flags, groups, groupindex, indexgroup, code as base64 of 32-bit words]


def engine_key() -> str | None:
    """What the kept lists depend on besides the expressions (None: not this Python's `re`)."""
    try:
        import _sre  # type: ignore[import-not-found]

        return f"{FORMAT}:{sys.implementation.name}:{sys.version}:{_sre.MAGIC}:{_sre.CODESIZE}"
    except (ImportError, AttributeError):
        return None


_ENGINE: list[str | None] = []  # engine_key(), worked out once per process


def kept(expression: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(expression, flags)`, its compiled list kept in the cache between runs
    (one entry per expression: a page needs a few of many). Without a cache, or where this
    Python's `re` does not allow it, or the entry does not give the expression back, it is
    compiled the ordinary way."""
    from lexicon.cache import cached_bytes, key_for, usable_folder

    if not _ENGINE:
        _ENGINE.append(engine_key())
    if _ENGINE[0] is None or usable_folder() is None:
        return re.compile(expression, flags)
    try:
        row = json.loads(
            cached_bytes("rx", key_for(_ENGINE[0], str(flags), expression), lambda: json.dumps(_row(expression, flags)).encode("utf-8"))
        )
    except (ValueError, OSError):
        row = None
    return (from_row(expression, row) if isinstance(row, list) else None) or re.compile(expression, flags)


def compiled_rows(expressions: list[str], flags: int) -> list[Row | None] | None:
    """For each expression, what `re` compiles it to (None for one that does not compile
    that way), from the cache or made now; None when this Python's `re` does not allow it."""
    from lexicon.cache import cached_bytes, key_for, usable_folder

    engine = engine_key()
    if engine is None or usable_folder() is None:
        return None  # without a cache, making every list would cost more than compiling those needed

    def build() -> bytes:
        return json.dumps([_row(e, flags) for e in expressions]).encode("utf-8")

    try:
        rows = json.loads(cached_bytes("sre", key_for(engine, str(flags), *expressions), build))
    except (ValueError, OSError):
        return None
    return rows if isinstance(rows, list) and len(rows) == len(expressions) else None


def from_row(expression: str, row: Row | None) -> re.Pattern[str] | None:
    """The compiled expression, or None when the row cannot give it (then compile it)."""
    if row is None:
        return None
    try:
        import _sre

        flags, groups, groupindex, indexgroup, code = row
        words = array("I")
        words.frombytes(binascii.a2b_base64(code))
        compiled: re.Pattern[str] = _sre.compile(expression, flags, words.tolist(), groups, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another layout, a list the engine refuses: compile it
        return None
    return compiled if compiled.pattern == expression and compiled.flags == flags else None


def _row(expression: str, flags: int) -> Row | None:
    """What `re.compile(expression, flags)` hands to the engine (as `re._compiler.compile`
    does), or None where that is not what it does here."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        words = array("I")
        if words.itemsize != 4:
            return None
        parsed = _parser.parse(expression, flags)
        words.extend(_compiler._code(parsed, flags))
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        row: Row = [
            flags | state.flags,
            state.groups - 1,
            dict(state.groupdict),
            indexgroup,
            binascii.b2a_base64(words.tobytes(), newline=False).decode("ascii"),
        ]
    except Exception:  # noqa: BLE001 - another Python's internals
        return None
    return row if from_row(expression, row) is not None else None  # kept only if the engine takes it
