"""Word (.docx): body paragraphs and tables in reading order, text boxes, then footnotes,
endnotes, headers and footers. Comments and deleted (tracked) text are left out.

`Document.text` is the extracted text, one line per paragraph; a term split across runs
(bold part, tracked insertion, hyperlink, field result) is one string, so it is one term.
Each paragraph is a segment whose locator reads "paragraph 42 on page 3 (under '3. Definitions')".
Paragraphs are counted in the main text, empty ones skipped. The page is known when Word
saved its rendered page breaks (`w:lastRenderedPageBreak`), or else from explicit page
breaks; otherwise it is left out. The archive is checked first (see `archive.py`);
python-docx parses with entities off, and DTDs are refused before that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.errors import ReadError
from lexicon.model import PARAGRAPH_BREAK, Document, Segment
from lexicon.readers.archive import open_checked

if TYPE_CHECKING:
    from lexicon.readers import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIP = frozenset(
    {
        W + "del",
        W + "moveFrom",
        W + "instrText",
        W + "delText",
        W + "delInstrText",
        W + "pPr",
        W + "rPr",
        MC + "Fallback",
        W + "commentReference",
        W + "footnoteReference",
        W + "endnoteReference",
    }
)
CONTAINERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"})
RENDERED = object()  # markers in a paragraph's pieces: a page starts here (as Word laid it out)
EXPLICIT = object()  # ... or at a hard page break
NOTES = (("footnotes", "footnote"), ("endnotes", "endnote"))


@dataclass
class _State:
    rendered: bool  # Word saved rendered page breaks: count those only
    page: int = 1
    known: bool = False
    styles: dict[str, str] = field(default_factory=dict)
    heading: str | None = None
    number: int = 0
    lines: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    offset: int = 0
    repeated: set[str] = field(default_factory=set)  # header/footer lines already taken

    elements: list[Any] = field(default_factory=list)  # the w:p of each segment (None outside the main document)

    def add(self, text: str, locator: str, quote: bool = False, element: Any = None) -> None:
        start = self.offset
        self.lines.append(text)
        self.elements.append(element)
        self.segments.append(Segment(start, start + len(text), locator))
        if quote:
            self.quotes.append((start, start + len(text)))
        self.offset = start + len(text) + len(PARAGRAPH_BREAK)


class Text(str):
    """A piece of paragraph text that remembers its w:t element (for the review copy)."""

    __slots__ = ("element",)
    element: Any

    def __new__(cls, text: str, element: Any) -> Text:
        piece = super().__new__(cls, text)
        piece.element = element
        return piece


def read(path: Path, limits: Limits) -> Document:
    return load(path, limits)[0]


def load(path: Path, limits: Limits) -> tuple[Document, Any, list[Any]]:
    """The document, the python-docx object it came from, and the w:p element of each
    segment (None for footnotes, endnotes, headers and footers, which live in other parts)."""
    open_checked(path, limits.max_unpacked, "Word document").close()
    word = _open(path)
    try:
        state = _extract(word)
    except (ReadError, RecursionError):
        raise
    except Exception as exc:  # a part python-docx opened but cannot make sense of
        raise ReadError(f"damaged Word document ({type(exc).__name__}: {exc})", path=str(path)) from exc
    if not any(line.strip() for line in state.lines):
        raise ReadError("no text found in the Word document (nothing to check)", path=str(path))
    doc = Document(
        path=str(path),
        format="docx",
        text=PARAGRAPH_BREAK.join(state.lines),
        source=None,
        segments=tuple(state.segments),
        quotes=tuple(state.quotes),
        lang=_language(word),
    )
    return doc, word, state.elements


def _language(word: Any) -> str | None:
    """The document's default language (styles: w:docDefaults, else the Normal style)."""
    try:
        styles = word.styles.element
        for path in (f"{W}docDefaults//{W}lang", f"{W}style[@{W}styleId='Normal']//{W}lang"):
            node = styles.find(f".//{path}")
            value = node.get(f"{W}val") if node is not None else None
            if value:
                return str(value)
    except Exception:  # noqa: BLE001 - a missing or odd styles part: no declared language
        return None
    return None


def _extract(word: Any) -> _State:
    body = word.element.body
    state = _State(rendered=body.find(f".//{W}lastRenderedPageBreak") is not None)
    state.known = state.rendered or body.find(f".//{W}br[@{W}type='page']") is not None or body.find(f".//{W}pageBreakBefore") is not None
    state.styles = {s.style_id: (s.name or "") for s in word.styles}
    for paragraph, where in _blocks(body, None):
        _paragraph(paragraph, where, state)
    for element, label in _extra_parts(word):
        _story(element, label, state)
    return state


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ReadError("not a valid Word document (not a zip archive)", path=str(path)) from exc
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on damaged files
        raise ReadError(f"not a readable Word document ({type(exc).__name__}: {exc})", path=str(path)) from exc


def _blocks(container: Any, table: str | None) -> Any:
    """Yield (w:p, table description) in reading order, entering tables and content controls."""
    for child in container:
        if child.tag == W + "p":
            yield child, table
        elif child.tag == W + "tbl":
            for r, row in enumerate(child.findall(W + "tr"), 1):
                for c, cell in enumerate(row.findall(W + "tc"), 1):
                    yield from _blocks(cell, f"table row {r}, cell {c}" if table is None else table)
        elif child.tag in CONTAINERS:
            yield from _blocks(child, table)


def _pieces(element: Any, out: list[Any], boxes: list[Any]) -> None:
    """Text of a paragraph in order, with page markers; text boxes set aside."""
    for child in element:
        tag = child.tag
        if tag == W + "t":
            out.append(Text(child.text or "", child))
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append(EXPLICIT if child.get(W + "type") == "page" else " ")
        elif tag == W + "lastRenderedPageBreak":
            out.append(RENDERED)
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag not in SKIP:
            _pieces(child, out, boxes)


def _text(paragraph: Any, state: _State, boxes: list[Any]) -> tuple[str, int]:
    """The paragraph's text and the page its text starts on (page breaks advance `state`)."""
    pieces: list[Any] = []
    if paragraph.find(f"{W}pPr/{W}pageBreakBefore") is not None:
        pieces.append(EXPLICIT)
    _pieces(paragraph, pieces, boxes)
    counted = RENDERED if state.rendered else EXPLICIT
    text: list[str] = []
    page = 0
    for piece in pieces:
        if piece is counted:
            state.page += 1
        elif isinstance(piece, str):
            if piece.strip() and not page:
                page = state.page
            text.append(piece)
    return "".join(text), page or state.page


def _style(paragraph: Any, state: _State) -> tuple[bool, bool]:
    """(is a heading, is a quotation) from the paragraph style or its outline level."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = state.styles.get(style.get(W + "val"), style.get(W + "val")) if style is not None else ""
    name = (name or "").casefold()
    heading = name.startswith(("heading", "title")) or paragraph.find(f"{W}pPr/{W}outlineLvl") is not None
    return heading, "quote" in name


def _paragraph(paragraph: Any, where: str | None, state: _State) -> None:
    boxes: list[Any] = []
    text, page = _text(paragraph, state, boxes)
    if text.strip():
        state.number += 1
        heading, quote = _style(paragraph, state)
        details = [
            d for d in (where, "heading" if heading else None, f"under '{state.heading}'" if state.heading and not heading else None) if d
        ]
        locator = f"paragraph {state.number}" + (f" on page {page}" if state.known else "")
        state.add(text, locator + (f" ({', '.join(details)})" if details else ""), quote, paragraph)
        if heading:
            state.heading = _short(text)
    for box in boxes:
        anchor = state.number
        for inner, _ in _blocks(box, None):
            inner_text, _page = _text(inner, state, [])
            if inner_text.strip():
                state.add(inner_text, f"text box at paragraph {anchor}" + (f" on page {page}" if state.known else ""), element=inner)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _extra_parts(word: Any) -> list[tuple[Any, str]]:
    """Footnotes, endnotes, headers and footers, as (root element, label)."""
    out: list[tuple[Any, str]] = []
    seen: set[str] = set()
    for rel in list(word.part.rels.values()):
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in ("footnotes", "endnotes", "header", "footer"):
            continue
        part = rel.target_part
        if str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        out.append((_element(part), kind))
    order = {"footnotes": 0, "endnotes": 1, "header": 2, "footer": 3}
    return sorted(out, key=lambda item: order[item[1]])


def _element(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml  # lxml with resolve_entities=False

    return parse_xml(part.blob)


def _story(root: Any, label: str, state: _State) -> None:
    singular = dict(NOTES).get(label)
    notes = (
        [n for n in root.findall(W + label[:-1]) if n.get(W + "type") not in ("separator", "continuationSeparator", "continuationNotice")]
        if singular
        else [root]
    )
    for count, note in enumerate(notes, 1):
        for paragraph, _ in _blocks(note, None):
            text, _page = _text(paragraph, _State(rendered=True), [])
            if not text.strip():
                continue
            if singular:
                state.add(text, f"{singular} {count}")
            elif text not in state.repeated:  # the same header in several sections: once
                state.repeated.add(text)
                state.add(text, label)
