"""Plain text: the text is the decoded file, unchanged (fixable)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.model import Document
from lexicon.readers.decode import read_text_file

if TYPE_CHECKING:
    from lexicon.readers import Limits


def read(path: Path, limits: Limits) -> Document:
    text, _encoding = read_text_file(path, limits.max_bytes)
    return from_text(text, str(path))


def from_text(text: str, name: str) -> Document:
    return Document(path=name, format="text", text=text, source=text)
