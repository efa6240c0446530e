"""Large plain-text files, read in parts so that memory stays bounded whatever their size.

A part is a range of the file's bytes (its core) with a margin either side. The engine
reports the matches that start in the core and looks at the margin only for context, so
the margin must be longer than any term, sentence, quotation or line the engine looks at
around a match (the longest reach is about 8,000 characters: the article heading above a
paragraph of a law; a block's language and a quotation followed over paragraphs reach
6,000). A line longer than the margin may be seen differently in a part than whole. Cores are cut just after a line break where one is
near, and always between two characters.

Only UTF-8 text (with or without a byte-order mark) is read in parts; anything else, and
any part that turns out not to decode, is read whole by the ordinary reader, which then
gives its usual result or error. Offsets, lines and columns are those of the whole file.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from lexicon.model import Document
from lexicon.readers import MB, Limits
from lexicon.readers.decode import SNIFF, _controls, check_size, os_errors

STREAM_MIN = 16 * MB  # smaller files are read whole (faster, and memory is no concern)
PART_BYTES = 2 * MB
MARGIN_BYTES = 64 * 1024  # bytes of context read either side of a part's core (at least 16,000 characters)
HEAD_BYTES = 4 * MB  # read once to decide the document's language and whether it is a legal text
LINE_SEARCH = 64 * 1024  # how far past a planned cut a line break is looked for
BLOCK = 8 * MB  # bytes read at a time while counting characters and lines
CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that never start a character
STREAMED_SUFFIXES = frozenset({".txt", ".text"})
OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotStreamable(Exception):
    """The part does not decode as UTF-8: the caller reads the file whole instead."""


@dataclass(frozen=True, slots=True)
class Part:
    """Bytes [lo, hi) of `path` are read; matches starting in [core_lo, core_hi) are reported.
    `chars`, `line` and `line_start` place byte `lo` in the whole file: its character offset,
    its line (1-based) and the character offset where that line starts."""

    path: str
    lo: int
    hi: int
    core_lo: int
    core_hi: int
    chars: int
    line: int
    line_start: int


def streamable(path: Path, fmt: str | None = None) -> bool:
    """Is `path` a file the plain-text reader would read (not Markdown, HTML or a binary format)?"""
    from lexicon.readers import READERS

    key = f".{fmt.lstrip('.')}" if fmt else path.suffix.lower()
    return key in STREAMED_SUFFIXES or key not in READERS


def large_text(path: Path) -> bool:
    """Is `path` a plain-text file large enough to be read in parts? (one stat; `plan` decides)"""
    try:
        return streamable(path) and path.stat().st_size >= STREAM_MIN
    except OSError:
        return False  # the reader reports it


def plan(
    path: Path, limits: Limits, *, part_bytes: int | None = None, margin: int | None = None, at_least: int | None = None
) -> list[Part] | None:
    """The parts of a large UTF-8 text file, or None when it is to be read whole (small,
    another encoding, binary: the ordinary reader decides). Raises ReadError for a file over
    the size limit, as the ordinary reader does. Sizes default to the module's settings."""
    part_bytes = part_bytes or PART_BYTES
    margin = margin or MARGIN_BYTES
    at_least = STREAM_MIN if at_least is None else at_least
    check_size(path, limits.max_bytes)
    with os_errors(path):
        size = path.stat().st_size
        if size < at_least or size == 0:
            return None
        fd = os.open(path, os.O_RDONLY)
    try:
        head = os.pread(fd, SNIFF, 0)
        if head.startswith(OTHER_BOMS):
            return None
        base = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        if b"\x00" in head or _controls(head) > 0.1:
            return None  # the ordinary reader refuses it with its message
        cuts = [base]
        target = base + part_bytes
        while target < size:
            cut = _cut_near(fd, target, size)
            if cut >= size:
                break
            cuts.append(cut)
            target = cut + part_bytes
        cuts.append(size)
        spans = []
        for core_lo, core_hi in zip(cuts, cuts[1:], strict=False):
            lo = _char_start(fd, max(base, core_lo - margin), size)
            hi = _char_start(fd, min(size, core_hi + margin), size)
            spans.append((lo, hi, core_lo, core_hi))
        places = _places(fd, base, sorted({s[0] for s in spans}))
    finally:
        os.close(fd)
    return [Part(str(path), lo, hi, core_lo, core_hi, *places[lo]) for lo, hi, core_lo, core_hi in spans]


def _cut_near(fd: int, target: int, size: int) -> int:
    """Just after the first line break at or after `target` (within LINE_SEARCH), else the
    first character start there."""
    window = os.pread(fd, LINE_SEARCH, target)
    k = window.find(b"\n")
    if k != -1:
        return target + k + 1
    return _char_start(fd, target, size)


def _char_start(fd: int, offset: int, size: int) -> int:
    """The first offset at or after `offset` where a UTF-8 character starts."""
    if offset >= size:
        return size
    for i, byte in enumerate(os.pread(fd, 4, offset)):
        if byte & 0xC0 != 0x80:
            return offset + i
    return min(size, offset + 4)  # not UTF-8 there: the part will fail to decode and the file is read whole


def _places(fd: int, base: int, offsets: list[int]) -> dict[int, tuple[int, int, int]]:
    """For each byte offset: (character offset, line, character offset of its line's start),
    counted in one pass over the bytes before the last offset, a block at a time."""
    out: dict[int, tuple[int, int, int]] = {}
    pos, chars, line, line_start = base, 0, 1, 0
    for offset in offsets:
        while pos < offset:
            block = os.pread(fd, min(BLOCK, offset - pos), pos)
            if not block:
                break
            newlines = block.count(b"\n")
            ascii = block.isascii()  # (most blocks of most texts: a character a byte, nothing to count)
            if newlines:
                last = block.rfind(b"\n") + 1
                line_start = chars + (last if ascii else _chars(block[:last]))
                line += newlines
                # the block's characters: those before its last line break (just counted) and after
                chars = line_start + (len(block) - last if ascii else _chars(block[last:]))
            else:
                chars += len(block) if ascii else _chars(block)
            pos += len(block)
        out[offset] = (chars, line, line_start)
    return out


def _chars(data: bytes) -> int:
    """Characters in UTF-8 `data` that starts and ends between characters."""
    return len(data) - (len(data) - len(data.translate(None, CONTINUATION)))


def read_part(part: Part) -> tuple[Document, int, int]:
    """The part as a plain-text Document (offsets into its own text, positions in the whole
    file), and its core as (start, end) character offsets into that text."""
    from lexicon.readers.text import from_text

    with os_errors(Path(part.path)), open(part.path, "rb") as handle:
        handle.seek(part.lo)
        data = handle.read(part.hi - part.lo)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotStreamable(str(exc)) from exc
    if len(text) == len(data):  # plain ASCII: a character a byte, nothing to count
        before, core = part.core_lo - part.lo, part.core_hi - part.core_lo
    else:
        before, core = _chars(data[: part.core_lo - part.lo]), _chars(data[part.core_lo - part.lo : part.core_hi - part.lo])
    doc = from_text(text, part.path)
    doc.origin = (part.chars, part.line, part.line_start)  # positions in the whole file
    return doc, before, before + core


def head(parts: list[Part]) -> Document:
    """The start of the file (what decides its language and whether it is a legal text)."""
    from lexicon.readers.text import from_text

    first = parts[0]
    with os_errors(Path(first.path)), open(first.path, "rb") as handle:
        handle.seek(first.lo)
        data = handle.read(HEAD_BYTES)
    return from_text(data.decode("utf-8", "ignore"), first.path)
