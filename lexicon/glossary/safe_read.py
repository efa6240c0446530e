"""Read a YAML file that configuration names, safely, and cache its parse as data.

- Only regular files are read (a FIFO, `/dev/zero` or a socket is refused at once, never
  opened for a blocking read), with a size bound.
- YAML aliases (`*name`) are refused: they are what a "billion laughs" file is made of, and
  a glossary never needs them.
- The parse (data and line numbers) is kept in the cache (`lexicon.cache`) as JSON, keyed by
  the SHA-256 of the file's bytes and lexicon's version; a file whose data
  JSON cannot hold exactly (dates, sets, non-string keys) is simply not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lexicon.errors import GlossaryError, GlossaryProblem

MAX_YAML_BYTES = 8 * 1024 * 1024
Lines = dict[tuple[Any, ...], int]


def _problem(path: Path, message: str, line: int | None = None) -> GlossaryError:
    return GlossaryError([GlossaryProblem(str(path), line, None, message)])


def read_regular(path: Path, limit: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes, else a
    GlossaryError naming the file. Never blocks on a FIFO, never reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _problem(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _problem(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise _problem(path, "not a regular file (devices, FIFOs and sockets are never read)")
        if info.st_size > limit:
            raise _problem(path, f"file too large ({info.st_size} bytes > {limit} bytes)")
        data = os.read(fd, limit + 1)
        while len(data) <= limit:
            more = os.read(fd, limit + 1 - len(data))
            if not more:
                break
            data += more
    except OSError as exc:
        raise _problem(path, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _problem(path, f"file too large (> {limit} bytes)")
    return data


def refuse_aliases(text: str, path: Path, loader: type) -> None:
    """GlossaryError at the first YAML alias (a cheap test first: aliases need a '*')."""
    if "*" not in text:
        return
    import yaml

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                raise _problem(
                    path, "YAML aliases (*name) are not allowed here", event.start_mark.line + 1 if event.start_mark is not None else None
                )
    except yaml.YAMLError:
        return  # the parse proper reports it, with its line


def cached_parse(path: Path, parse: Callable[[str, Path], tuple[Any, Lines]], loader: Callable[[], type]) -> tuple[Any, Lines]:
    """(data, lines) of the YAML file `path`, from the cache when its bytes were seen before."""
    data, lines, _digest = parse_with_digest(path, parse, loader)
    return data, lines


def parse_with_digest(path: Path, parse: Callable[[str, Path], tuple[Any, Lines]], loader: Callable[[], type]) -> tuple[Any, Lines, str]:
    """`cached_parse`, and the SHA-256 (hex) of the very bytes parsed: a key for what is
    derived from this parse alone (its schema verdict)."""
    from lexicon.cache import cached_bytes, key_for

    raw = read_regular(path)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _problem(path, f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
    result: list[tuple[Any, Lines]] = []

    def build() -> bytes:
        refuse_aliases(text, path, loader())
        data, lines = parse(text, path)
        result.append((data, lines))
        encoded = _encode(data, lines)
        if encoded is None:
            raise _NotCacheable
        return encoded

    key = key_for("yaml", digest)
    try:
        payload = cached_bytes("yaml", key, build)
    except _NotCacheable:
        return (*result[0], digest)
    if result:
        return (*result[0], digest)
    decoded = _decode(payload)
    return (*(decoded if decoded is not None else parse(text, path)), digest)


class _NotCacheable(Exception):
    pass


def _encode(data: Any, lines: Lines) -> bytes | None:
    """JSON for (data, lines), or None when JSON would not give back exactly the same (dates,
    sets, bytes, non-string keys): tested by a round trip, in C, rather than by walking the
    data (JSON keeps bool, int and float apart, so equal means identical here)."""
    doc = {"data": data, "lines": [[list(k), v] for k, v in lines.items()]}
    try:
        text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
        same = json.loads(text) == doc
    except (TypeError, ValueError, RecursionError):
        return None
    return text.encode("utf-8") if same else None


def _decode(payload: bytes) -> tuple[Any, Lines] | None:
    try:
        doc = json.loads(payload)
        return doc["data"], {tuple(k): int(v) for k, v in doc["lines"]}
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
