"""OpenDocument text (.odt): paragraphs and headings of content.xml in reading order
(lists, tables and text boxes included), then footnotes and endnotes. Comments
(office:annotation) and deleted tracked changes are left out.

Read with the standard zip module and lxml (entities off, no network; DTDs are refused by
`archive.py` before parsing), so .odt support needs no extra dependency. Locators are those
of Word documents: "paragraph 12 (under '2. Scope')", "footnote 1".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.errors import ReadError
from lexicon.model import PARAGRAPH_BREAK, Document, Segment
from lexicon.readers.archive import open_checked
from lexicon.readers.docx import _short

if TYPE_CHECKING:
    from lexicon.readers import Limits

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
SKIP = frozenset(
    {OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes", TEXT + "note", TEXT + "bookmark", TEXT + "soft-page-break"}
)
PARAGRAPHS = frozenset({TEXT + "p", TEXT + "h"})


def read(path: Path, limits: Limits) -> Document:
    with open_checked(path, limits.max_unpacked, "OpenDocument text") as archive:
        try:
            data = archive.read("content.xml")
        except KeyError as exc:
            raise ReadError("not an OpenDocument text (no content.xml)", path=str(path)) from exc
    root = _parse(data, path)
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise ReadError("not an OpenDocument text (no office:text body)", path=str(path))
    lines: list[str] = []
    segments: list[Segment] = []
    notes: list[Any] = []
    heading: str | None = None
    number = 0
    for element in body.iter(TEXT + "p", TEXT + "h"):
        if _inside(element, SKIP):
            continue
        text = _text(element, notes).strip("\n")
        if not text.strip():
            continue
        number += 1
        is_heading = element.tag == TEXT + "h"
        detail = "heading" if is_heading else (f"under '{heading}'" if heading else None)
        _add(lines, segments, text, f"paragraph {number}" + (f" ({detail})" if detail else ""))
        if is_heading:
            heading = _short(text)
    for count, (kind, note) in enumerate(notes, 1):
        for element in note.iter(TEXT + "p", TEXT + "h"):
            text = _text(element, [])
            if text.strip():
                _add(lines, segments, text, f"{kind} {count}")
    if not lines:
        raise ReadError("no text found in the document (nothing to check)", path=str(path))
    return Document(path=str(path), format="odt", text=PARAGRAPH_BREAK.join(lines), source=None, segments=tuple(segments))


def _parse(data: bytes, path: Path) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"damaged OpenDocument text (content.xml: {exc})", path=str(path)) from exc


def _add(lines: list[str], segments: list[Segment], text: str, locator: str) -> None:
    start = segments[-1].end + len(PARAGRAPH_BREAK) if segments else 0  # the paragraphs so far, each with its break
    lines.append(text)
    segments.append(Segment(start, start + len(text), locator))


def _inside(element: Any, tags: frozenset[str]) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())


def _text(element: Any, notes: list[Any]) -> str:
    """Text of one paragraph: spans, links, spaces and tabs; footnotes set aside."""
    out: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == TEXT + "s":
            out.append(" " * min(_count(child.get(TEXT + "c")), 100))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append(" ")
        elif tag == TEXT + "note":
            body = child.find(TEXT + "note-body")
            if body is not None:
                notes.append(("endnote" if child.get(TEXT + "note-class") == "endnote" else "footnote", body))
        elif tag not in SKIP and tag not in PARAGRAPHS:
            out.append(_text(child, notes))
        out.append(child.tail or "")
    return "".join(out)


def _count(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
