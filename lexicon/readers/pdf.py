"""PDF: the text layer of each page, extracted with pypdf.

`Document.text` is the pages' text joined with "\n"; each page is a segment ("page 3", with
`line_base=1` so findings read "page 3, line 12"). Two repairs make the text read as written:

- a word hyphenated at a line end is rejoined ("child por-\\nnography" -> "child pornography"),
  the rest of the next line staying on its own line so line numbers still match the page;
- a line repeated at the top or bottom of pages (running header or footer, numbers
  ignored) is blanked on every page but the first that has it, so it is reported once;
  the line stays (empty) so line numbers still count from the top of the page.

Encrypted PDFs are opened only when the user password is empty; damaged or truncated files
that pypdf cannot recover are reported as one error.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.errors import ReadError
from lexicon.model import Document, Segment
from lexicon.readers.decode import check_size, os_errors

if TYPE_CHECKING:
    from lexicon.readers import Limits

HYPHENATED = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*([^\W\d_][^\W_]*)([ \t]*)")
DIGITS = re.compile(r"\d+")
EDGE = 2  # lines at the top and at the bottom of a page that may be a running header/footer
MIN_PAGES = 2  # a line repeated at the edge of two pages is a running header (or a duplicate anyway)

logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


def read(path: Path, limits: Limits) -> Document:
    pages = _pages(path, limits)
    pages = _drop_repeated([_rejoin(p) for p in pages])
    text_parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for number, page in enumerate(pages, 1):
        segments.append(Segment(offset, offset + len(page), f"page {number}", line_base=1))
        text_parts.append(page)
        offset += len(page) + 1
    text = "\n".join(text_parts)
    if not text.strip():
        raise ReadError("no text layer in the PDF (scanned images?); nothing to check", path=str(path))
    return Document(path=str(path), format="pdf", text=text, source=None, segments=tuple(segments))


def _pages(path: Path, limits: Limits) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    _check_file(path, limits)
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, path)
        if len(reader.pages) > limits.max_pages:
            raise ReadError(f"refused: {len(reader.pages)} pages (> {limits.max_pages} page limit)", path=str(path))
        return [_page_text(page) for page in reader.pages]
    except ReadError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ReadError(f"encrypted PDF, cannot be read ({exc})", path=str(path)) from exc
    except PdfReadError as exc:
        raise ReadError(f"damaged or truncated PDF ({exc})", path=str(path)) from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files; none may stop the run
        raise ReadError(f"damaged PDF ({type(exc).__name__}: {exc})", path=str(path)) from exc


def _check_file(path: Path, limits: Limits) -> None:
    check_size(path, limits.max_bytes)
    with os_errors(path), path.open("rb") as handle:
        head = handle.read(1024)
    if not head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF"):
        raise ReadError("not a PDF file (no %PDF header)", path=str(path))


def _decrypt(reader: Any, path: Path) -> None:
    try:
        ok = reader.decrypt("")
    except Exception as exc:
        raise ReadError(f"encrypted PDF, cannot be read ({type(exc).__name__}: {exc})", path=str(path)) from exc
    if not ok:
        raise ReadError("encrypted PDF (password required); not checked", path=str(path))


def _page_text(page: Any) -> str:
    text = page.extract_text() or ""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _rejoin(page: str) -> str:
    """'por-\\nnography is' -> 'pornography\\nis': the word is whole, lines keep their count."""
    return HYPHENATED.sub(lambda m: m.group(1) + "\n", page)


def _key(line: str) -> str:
    return DIGITS.sub("#", " ".join(line.split())).casefold()


def _drop_repeated(pages: list[str]) -> list[str]:
    """Blank running headers/footers (lines at a page edge found on two pages or more,
    numbers ignored) on every page after the first one that has them."""
    if len(pages) < MIN_PAGES:
        return pages
    split = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_key(lines[i]) for i in _edges(lines) if lines[i].strip()})
    repeated = {key for key, n in counts.items() if n >= MIN_PAGES}
    seen: set[str] = set()
    for lines in split:
        for i in _edges(lines):
            key = _key(lines[i])
            if key in repeated:
                if key in seen:
                    lines[i] = ""
                seen.add(key)
    return ["\n".join(lines) for lines in split]


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the lines at the top and bottom of a page."""
    n = len(lines)
    return sorted(set(range(min(EDGE, n))) | set(range(max(0, n - EDGE), n)))
