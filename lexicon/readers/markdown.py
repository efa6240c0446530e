"""Markdown: blank what is not prose with spaces of the same length, so offsets stay those
of the file. Blanked: front matter, fenced code, inline code, HTML comments and tags, URLs,
link targets and reference definitions. Also finds blockquotes and lexicon comments."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.model import Document
from lexicon.readers.decode import read_text_file
from lexicon.readers.text import blank_spans, may_hold

if TYPE_CHECKING:
    from lexicon.readers import Limits

FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.DOTALL | re.MULTILINE)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
BACKTICKS = re.compile(r"`+")
LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
REFERENCE_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]+|<[a-z][a-z0-9+.-]*:[^>\s]*>", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>.*(?:\n(?![ \t]*\n)[^\n]*)*", re.MULTILINE)
# the ids are bounded (1,000 characters): an unclosed directive must not scan to the end of the text
DIRECTIVE = re.compile(r"<!--\s*lexicon-(disable-next-line|disable|enable)\b([^<>]{0,1000}?)-->", re.IGNORECASE)


def read(path: Path, limits: Limits) -> Document:
    text, _encoding = read_text_file(path, limits.max_bytes)
    return from_text(text, str(path))


NOT_NEWLINE = re.compile(r"[^\r\n]")


def _blank(m: re.Match[str]) -> str:
    return NOT_NEWLINE.sub(" ", m.group())


# What each pattern cannot match without (a quick test that spares most notes the search)
NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    FRONT_MATTER: ("---", "+++"),
    FENCE: ("```", "~~~"),
    COMMENT: ("<!--",),
    REFERENCE_DEF: ("]:",),
    LINK_TARGET: ("](",),
    HTML_TAG: ("<",),
}


def mask(source: str) -> str:
    """Return `source` with non-prose regions replaced by spaces (newlines kept)."""
    text = source
    for pattern in (FRONT_MATTER, FENCE, COMMENT, REFERENCE_DEF, LINK_TARGET):
        text = _blank_all(pattern, text)
    text = _blank_code_spans(text)
    text = blank_spans(text, url_matches(text))
    return _blank_all(HTML_TAG, text)


URL_PREFIXES = (("://", (5, 4, 3)), ("<", (0,)))  # a marker, and where a match can start before it
WWW = re.compile(r"[wW]{3}\.")  # what URL's "www\." matches, ignoring case (w and W only)


def url_matches(text: str) -> list[tuple[int, int]]:
    """Where URL matches, as URL.finditer finds them (leftmost first, none overlapping),
    tried only where one can start instead of at every character: 3-5 characters before a
    "://" (https, http, ftp), at "www." in any case, at "<"."""
    # (the expression tries every character: first a plain search for how "www." ends)
    # (only W lowers to w, and nothing else to ".": one search of the lowered text is the four)
    www = "ww." in text.lower()
    starts: set[int] = {m.start() for m in WWW.finditer(text)} if www else set()
    for marker, back in URL_PREFIXES:
        at = text.find(marker) if may_hold(text, marker) else -1
        while at != -1:
            starts.update(at - n for n in back if at >= n)
            at = text.find(marker, at + 1)
    spans: list[tuple[int, int]] = []
    end = 0
    for start in sorted(starts):
        if start >= end and (m := URL.match(text, start)) is not None:
            spans.append(m.span())
            end = m.end()
    return spans


def _blank_all(pattern: re.Pattern[str], text: str) -> str:
    needs = NEEDS.get(pattern)
    if needs is not None:
        for part in needs:
            if may_hold(text, part) and part in text:
                break
        else:
            return text  # (a loop: a generator in any() costs more than the searches)
    return pattern.sub(_blank, text)


def _blank_code_spans(text: str) -> str:
    """Blank inline code: a run of backticks up to the next run of the same length (as in
    CommonMark). One pass over the runs, so many unmatched runs cost linear time."""
    if "`" not in text:
        return text
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(text)]
    following: list[int] = [-1] * len(runs)  # index of the next run of the same length
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length, -1)
        last[length] = i
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        j = following[i]
        if j != -1 and runs[j][0] > runs[i][1]:
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        else:
            i += 1
    if not spans:
        return text
    parts: list[str] = []
    at = 0
    for lo, hi in spans:
        parts.append(text[at:lo])
        parts.append(NOT_NEWLINE.sub(" ", text[lo:hi]))
        at = hi
    parts.append(text[at:])
    return "".join(parts)


def suppressions(source: str) -> tuple[tuple[int, int, frozenset[str] | None], ...]:
    """Ranges switched off by `<!-- lexicon-disable [ids] -->` ... `<!-- lexicon-enable -->`
    and `<!-- lexicon-disable-next-line [ids] -->`."""
    out: list[tuple[int, int, frozenset[str] | None]] = []
    open_at: tuple[int, frozenset[str] | None] | None = None
    for m in DIRECTIVE.finditer(source):
        kind = m.group(1).lower()
        ids = frozenset(m.group(2).split()) or None
        if kind == "disable-next-line":
            line_start = source.find("\n", m.end())
            if line_start == -1:
                continue
            line_end = source.find("\n", line_start + 1)
            out.append((line_start + 1, line_end if line_end != -1 else len(source), ids))
        elif kind == "disable":
            open_at = (m.end(), ids)
        elif open_at is not None:
            out.append((open_at[0], m.start(), open_at[1]))
            open_at = None
    if open_at is not None:
        out.append((open_at[0], len(source), open_at[1]))
    return tuple(out)


def directive_names(source: str) -> tuple[tuple[int, str], ...]:
    """(line, name) for each concept id or rule name a `lexicon-disable` comment names, so
    a misspelt one can be reported instead of switching nothing off."""
    out: list[tuple[int, str]] = []
    line, at = 1, 0
    for m in DIRECTIVE.finditer(source):
        if m.group(1).lower() == "enable":
            continue
        line += source.count("\n", at, m.start())  # counted from the previous comment: linear in the text
        at = m.start()
        out.extend((line, name) for name in m.group(2).split())
    return tuple(out)


LANG_KEY = re.compile(r"^lang[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)[\"']?[ \t]*$", re.MULTILINE)


def declared_language(source: str) -> str | None:
    """The `lang:` key of the front matter (Pandoc, Hugo, Jekyll), if any."""
    front = FRONT_MATTER.match(source)
    found = LANG_KEY.search(front.group()) if front else None
    return found.group(1) if found else None


def from_text(source: str, name: str) -> Document:
    quotes = tuple((m.start(), m.end()) for m in BLOCKQUOTE.finditer(source)) if ">" in source else ()
    commented = "<" in source  # (a lexicon-disable comment starts with "<!--": most notes hold no "<" at all)
    return Document(
        path=name,
        format="markdown",
        text=mask(source),
        source=source,
        quotes=quotes,
        suppressions=suppressions(source) if commented else (),
        directive_names=directive_names(source) if commented else (),
        lang=declared_language(source),
    )
