"""HTML: the visible text, at its place in the source (same-length masking, as for Markdown).

Tags, comments and the content of script, style, code, pre, textarea, template, noscript and
svg elements are replaced by spaces of the same length (newlines kept), so offsets into
`Document.text` are offsets into the file and line/column are those of the source. Block
elements (p, div, li, td, h1...) are blanked with a leading "¶" so that a term is never found
across two paragraphs or table cells. Character references stay in place: a whitespace
reference (`&nbsp;`) becomes spaces, any other becomes its character followed by spaces,
which keeps punctuation such as `&rsquo;` right but breaks a word spelled with a letter
reference in the middle (`p&eacute;do...`); such words are not matched.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.errors import ReadError
from lexicon.model import Document
from lexicon.readers.decode import read_text_file
from lexicon.readers.markdown import directive_names, suppressions

if TYPE_CHECKING:
    from lexicon.readers import Limits

HIDDEN = frozenset({"script", "style", "code", "pre", "textarea", "template", "noscript", "svg", "math"})
QUOTES = frozenset({"blockquote", "q"})
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    }
)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
BREAK = "\u00b6"
NOT_NEWLINE = re.compile(r"[^\r\n]")


def read(path: Path, limits: Limits) -> Document:
    source, _encoding = read_text_file(path, limits.max_bytes)
    return from_text(source, str(path))


MARKED_END = re.compile(r"\]\s*>")


def defuse(source: str) -> str:
    """`source` with each `<` that can never be closed replaced by a space (same length).

    html.parser looks for the end of every construct from its start to the end of the text,
    and treats an unclosed one as text: thousands of unclosed `<a b`, `<!--` or `<![`
    made that quadratic (20,000 of them took minutes). A `<` after the last `>`, a `<!--`
    after the last `-->` and a `<![` after the last `]>` can never close, so they are text
    from the start, and the parse stays linear."""
    last_gt = source.rfind(">")
    if "<" in source[last_gt + 1 :]:
        source = source[: last_gt + 1] + source[last_gt + 1 :].replace("<", " ")
    last_marked = -1
    for m in MARKED_END.finditer(source):
        last_marked = m.start()
    for opener, after in (("<!--", source.rfind("-->")), ("<![", last_marked)):
        at = source.find(opener, after + 1)
        if at != -1:
            head, tail = source[:at], source[at:]
            source = head + tail.replace(opener, " " + opener[1:])
    return source


def from_text(source: str, name: str) -> Document:
    parsed = defuse(source)
    parser = _Visible(parsed)
    try:
        parser.feed(parsed)
        parser.close()
    except AssertionError as exc:  # html.parser signals some malformed declarations this way
        raise ReadError(f"malformed HTML the parser cannot read ({exc})", path=name) from exc
    return Document(
        path=name,
        format="html",
        text=parser.text(),
        source=source,
        quotes=tuple(sorted(parser.quotes)),
        suppressions=suppressions(source),
        directive_names=directive_names(source),
        lang=parser.lang,
        lang_spans=tuple(sorted(parser.lang_spans)),
    )


class _Visible(HTMLParser):
    """Collects (offset, text) pieces of visible text; everything else is blanked."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.pieces: list[tuple[int, str]] = []
        self.quotes: list[tuple[int, int]] = []
        self._hidden: list[str] = []
        self._open_quotes: list[tuple[str, int]] = []
        self.lang: str | None = None  # <html lang="..">
        self.lang_spans: list[tuple[int, int, str]] = []  # elements with their own lang
        self._open_langs: list[tuple[str, int, str]] = []
        self._open_count = dict.fromkeys(QUOTES, 0)  # so an unmatched end tag costs no search
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        if tag in BLOCKS:
            self.pieces.append((start, BREAK))
        if tag in VOID:
            return
        lang = next((v for k, v in attrs if k in ("lang", "xml:lang") and v), None)
        if lang and tag == "html":
            self.lang = lang.strip()
        elif lang:
            self._open_langs.append((tag, start, lang.strip()))
        if tag in HIDDEN:
            self._hidden.append(tag)
        elif tag in QUOTES:
            self._open_quotes.append((tag, start))
            self._open_count[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.pieces.append((self._offset(), BREAK))

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        if tag in BLOCKS:
            self.pieces.append((start, BREAK))
        for i in range(len(self._open_langs) - 1, -1, -1):
            if self._open_langs[i][0] == tag:
                self.lang_spans.append((self._open_langs[i][1], start, self._open_langs[i][2]))
                del self._open_langs[i:]
                break
        if tag in HIDDEN and tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
        elif tag in QUOTES and self._open_count[tag]:
            for i in range(len(self._open_quotes) - 1, -1, -1):
                if self._open_quotes[i][0] == tag:
                    end = self.source.find(">", start)
                    self.quotes.append((self._open_quotes[i][1], len(self.source) if end == -1 else end + 1))
                    for closed, _start in self._open_quotes[i:]:
                        self._open_count[closed] -= 1
                    del self._open_quotes[i:]
                    break

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![name[ ... ]]>`: an unknown name ("<![a[") is skipped to the next ">" instead
        of raising AssertionError out of html.parser."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end == -1 else end + 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.pieces.append((self._offset(), data))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, prefix: str) -> None:
        if self._hidden:
            return
        start = self._offset()
        raw = prefix + (";" if self.source.startswith(";", start + len(prefix)) else "")
        char = html.unescape(raw if raw.endswith(";") else raw + ";")[:1]
        if not char or char == "&" and raw != "&amp;" or char.isspace():
            char = " "
        self.pieces.append((start, char + " " * (len(raw) - 1)))

    def close(self) -> None:
        super().close()
        for _tag, start in self._open_quotes:
            self.quotes.append((start, len(self.source)))
        for _tag, start, lang in self._open_langs:
            self.lang_spans.append((start, len(self.source), lang))

    def text(self) -> str:
        """The source with everything outside the visible pieces blanked."""
        out: list[str] = []
        at = 0
        for start, piece in sorted(self.pieces, key=lambda p: p[0]):
            if start < at:
                continue
            out.append(NOT_NEWLINE.sub(" ", self.source[at:start]))
            if piece == BREAK:
                out.append(BREAK if self.source[start] == "<" else " ")
                at = start + 1
            else:
                out.append(piece)
                at = start + len(piece)
        out.append(NOT_NEWLINE.sub(" ", self.source[at:]))
        return "".join(out)
