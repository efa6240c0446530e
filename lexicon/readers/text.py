"""Plain text: the text is the decoded file, with URLs blanked (same length, so offsets hold)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.model import Document
from lexicon.readers.decode import read_text_file

if TYPE_CHECKING:
    from lexicon.readers import Limits


def read(path: Path, limits: Limits) -> Document:
    text, _encoding = read_text_file(path, limits.max_bytes)
    return from_text(text, str(path))


URL_END = re.compile(r"[^\s<>()\[\]\"]*")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*$")
# a bare domain with a path ("missingkids.org/netsmartz/..."): found from its ".tld/" part
BARE_DOMAIN = re.compile(r"\.(?:org|com|net|int|gov|edu|eu|info|io|uk|fr|es|de|lu|pe)/[^\s<>()\[\]\"]*", re.IGNORECASE)
URL_CHARS = re.compile(r"[A-Za-z0-9.\-]*$")


PROSE = frozenset(".,:;!?'\" \n")  # characters too common in prose to screen a search on


def may_hold(text: str, needle: str) -> bool:
    """False when `text` cannot hold `needle`: it lacks the needle's first character that
    is neither a letter nor a digit nor common in prose (true when the needle has none). A
    search for one character runs about 25 times faster than a search for several, and most
    texts hold none of markup's characters ("/", "<", "]", "`")."""
    gate = _GATES.get(needle)
    if gate is None:
        gate = _GATES[needle] = next((c for c in needle if not c.isalnum() and c not in PROSE), "")
    return not gate or gate in text


_GATES: dict[str, str] = {}


def url_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for marker in ("://", "www.", "WWW."):  # str.find is far faster than a regex scan
        pos = text.find(marker) if may_hold(text, marker) else -1
        while pos != -1:
            start = pos
            if marker == "://":
                scheme = SCHEME.search(text, max(0, pos - 12), pos)
                start = scheme.start() if scheme else pos
            found = URL_END.match(text, pos)
            end = found.end() if found else pos + len(marker)
            spans.append((start, end))
            pos = text.find(marker, max(end, pos + 1))
    for start, end in _bare_domains(text):
        head = URL_CHARS.search(text, max(0, start - 80), start)
        spans.append((head.start() if head else start, end))
    return sorted(spans)


TLD = re.compile(BARE_DOMAIN.pattern.split("/", 1)[0], re.IGNORECASE)  # the ".tld" of BARE_DOMAIN
URL_PATH = re.compile("/" + BARE_DOMAIN.pattern.split("/", 1)[1])
TLD_LENGTHS = (4, 3, 2)  # characters of the top-level domains BARE_DOMAIN lists, longest (earliest start) first


def _bare_domains(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each BARE_DOMAIN match, as finditer gives them, found from the
    slashes (rare in prose) instead of trying the expression at every full stop."""
    out: list[tuple[int, int]] = []
    allowed = 0  # finditer looks for the next match after the end of the last one
    slash = text.find("/")
    while slash != -1:
        start = next((s for s in (slash - n - 1 for n in TLD_LENGTHS) if s >= allowed and TLD.fullmatch(text, s, slash)), None)
        if start is None:
            slash = text.find("/", slash + 1)
            continue
        path = URL_PATH.match(text, slash)
        end = path.end() if path else slash + 1
        out.append((start, end))
        allowed = end
        slash = text.find("/", max(end, slash + 1))
    return out


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by spaces of the same length (newlines kept)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if start >= end:
            continue
        parts.append(text[pos:start])
        parts.append("".join(c if c in "\r\n" else " " for c in text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def from_text(text: str, name: str) -> Document:
    """URLs are blanked with spaces (same length): a term inside a link target is not prose."""
    return Document(path=name, format="text", text=blank_spans(text, url_spans(text)), source=text)
