"""Find the runs that hold a stretch of a paragraph's text, splitting runs at its edges so
that the stretch is made of whole runs (a comment or a tracked change can only start and
end at a run boundary). The text is that the reader extracted, so offsets agree."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lexicon.readers.docx import Text, W, _pieces

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def text_pieces(paragraph: Any) -> list[tuple[int, Any]]:
    """(offset in the paragraph text, w:t element) for each piece of text."""
    pieces: list[Any] = []
    _pieces(paragraph, pieces, [])
    out, pos = [], 0
    for piece in pieces:
        if isinstance(piece, str):
            if isinstance(piece, Text) and piece:
                out.append((pos, piece.element))
            pos += len(piece)
    return out


def _set_text(t: Any, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


def split_at(paragraph: Any, offset: int) -> bool:
    """Make `offset` a run boundary; False when the text there is not in a plain run."""
    for start, t in text_pieces(paragraph):
        end = start + len(t.text)
        if start < offset < end:
            run = t.getparent()
            if run.tag != W + "r":
                return False
            index = list(run).index(t)
            right = deepcopy(run)
            for i, child in enumerate(list(right)):
                if i < index and child.tag != W + "rPr":
                    right.remove(child)
            copy_of_t = next(c for c in right if c.tag != W + "rPr")  # what was `t`, now first
            _set_text(copy_of_t, t.text[offset - start :])
            for child in list(run)[index + 1 :]:
                run.remove(child)
            _set_text(t, t.text[: offset - start])
            run.addnext(right)
            return True
        if offset in (start, end):
            return True
    return True


def runs_for(paragraph: Any, start: int, end: int) -> list[Any] | None:
    """The w:r elements holding exactly paragraph text [start, end), or None when the
    stretch cannot be cut at run boundaries (text inside a field code or a symbol)."""
    if not (split_at(paragraph, start) and split_at(paragraph, end)):
        return None
    runs: list[Any] = []
    for offset, t in text_pieces(paragraph):
        if start <= offset < end:
            run = t.getparent()
            if run.tag != W + "r":
                return None
            if run not in runs:
                runs.append(run)
    return runs or None
