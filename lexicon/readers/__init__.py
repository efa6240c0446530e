"""Input formats. Every reader module exposes `read(path: Path, limits: Limits) -> Document`.

Readers are imported only when their format is read, so checking a Markdown file never
imports python-docx or pypdf.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from lexicon.errors import ReadError
from lexicon.model import Document

# extension -> module in lexicon.readers
READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".odt": "odt",
}

MB = 1024 * 1024
# readers whose first step is decode.read_bytes, which refuses what is not a regular file
# before opening it, as read_document does for the others
READ_AS_TEXT = frozenset({"text", "markdown", "html"})

# binary formats people often try; the error says what to do instead
SAVE_AS = {".doc": ".docx", ".rtf": ".docx", ".pptx": "PDF", ".ppt": "PDF", ".odp": "PDF", ".epub": "PDF", ".pages": ".docx"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep untrusted documents from exhausting memory or time."""

    max_bytes: int = 256 * MB  # on-disk size of a text file
    max_unpacked: int = 256 * MB  # uncompressed size of a .docx/.odt archive
    max_pages: int = 5000  # PDF pages


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_document(path: Path, limits: Limits | None = None, fmt: str | None = None) -> Document:
    """Read any supported file; unknown extensions are sniffed as text or refused as binary."""
    limits = limits or Limits()
    key = f".{fmt.lstrip('.')}" if fmt else path.suffix.lower()
    module_name = READERS.get(key, "text")
    if module_name not in READ_AS_TEXT:  # (those check it themselves before they open it)
        from lexicon.readers.decode import check_regular

        check_regular(path)  # before any reader opens it: zipfile or pypdf would block on a FIFO
    try:
        module = importlib.import_module(f"lexicon.readers.{module_name}")
    except ImportError as exc:
        raise ReadError(f"unsupported format '{path.suffix}' ({exc})", path=str(path)) from exc
    try:
        return module.read(path, limits)  # type: ignore[no-any-return]
    except ReadError as exc:
        if key not in READERS and exc.message.startswith("binary file"):
            hint = f" (save it as {SAVE_AS[key]})" if key in SAVE_AS else ""
            exc.message = f"unsupported format '{path.suffix or '(none)'}': binary file, not text{hint}"
            exc.args = (exc.message,)
        raise
    except RecursionError as exc:  # deeply nested markup
        raise ReadError("refused: markup nested too deeply", path=str(path)) from exc
    except NotImplementedError as exc:  # e.g. a zip member needing "version 9.1", an unknown compression
        raise ReadError(f"unsupported feature in this file ({exc or type(exc).__name__})", path=str(path)) from exc
