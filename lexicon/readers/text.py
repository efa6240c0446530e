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


URL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>()\[\]\"]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|int|gov|edu|eu|info|io|uk|fr|es|de|lu|pe)/[^\s<>()\[\]\"]*",
    re.IGNORECASE,
)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def from_text(text: str, name: str) -> Document:
    """URLs are blanked with spaces (same length): a term inside a link target is not prose."""
    return Document(path=name, format="text", text=URL.sub(_blank, text), source=text)
