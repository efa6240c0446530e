"""Fuzz targets, one per input format lexicon reads: each takes bytes or text that anyone
could hand lexicon and must either return or raise the one-line error type of its format.
Used by tests/test_fuzz.py (hypothesis, bounded in CI) and by longer local runs (see
docs/hardening.md); each `target_*` also works as an atheris `TestOneInput`."""

from __future__ import annotations

import io
import os
import tempfile
import time
import zipfile
from functools import lru_cache
from pathlib import Path

from lexicon.check.pipeline import Linter, Settings
from lexicon.errors import LexiconError, ReadError
from lexicon.glossary import load_glossary
from lexicon.readers import html, markdown, read_document, text
from lexicon.readers.decode import decode_text

# Words that steer generated text towards the paths that once hung: title words, terms,
# quotation marks, Markdown and HTML syntax.
TOKENS = (
    "Optional",
    "Protocol",
    "Directive",
    "Special",
    "Rapporteur",
    "Convention",
    "on the",
    "of",
    "the",
    "child pornography",
    "child prostitute",
    "sexting",
    "CSAM",
    "child sex tourism",
    "sextortion",
    "self-generated",
    "peer-to-peer",
    "e-mail",
    ",",
    ", ",
    "-",
    ".",
    ". ",
    ";",
    ":",
    "'",
    "’",
    '"',
    "“",
    "”",
    "«",
    "»",
    "`",
    "``",
    "```",
    "~~~",
    "<",
    ">",
    "> ",
    "</blockquote>",
    "<blockquote>",
    "<q>",
    "</q>",
    "<p>",
    "<![a[",
    "<!--",
    "-->",
    "<!DOCTYPE",
    "&amp;",
    "&#",
    "[",
    "]",
    "(",
    ")",
    "](",
    "http://",
    "www.",
    "\n",
    "\n\n",
    " ",
    "   ",
    "\t",
    "# ",
    "Article 3",
    "shall",
    "means",
    "the term",
    "so-called",
    "\x1b[2J",
    "\u202e",
    "\ufeff",
    "\r\n",
)


@lru_cache(maxsize=1)
def linter() -> Linter:
    return Linter(load_glossary(), Settings(lang="en"))


def budget(size: int) -> float:
    """Seconds allowed for `size` characters: 2 s per 10 KB, at least 2 s."""
    return max(2.0, 2.0 * size / 10_000)


def check_source(source: str, fmt: str = "markdown") -> None:
    """Check `source` twice; assert offsets slice the source to each match, the two runs
    agree, and the time stays within budget."""
    reader = {"markdown": markdown, "text": text, "html": html}[fmt]
    started = time.monotonic()
    try:
        doc = reader.from_text(source, f"fuzz.{fmt}")
    except ReadError:
        return
    first = linter().check_document(doc)
    elapsed = time.monotonic() - started
    assert elapsed < budget(len(source)), f"{elapsed:.1f} s for {len(source)} characters"
    for f in first.findings:
        if f.rule.value in ("avoid-term", "care-term"):
            assert source[f.start.offset : f.end.offset] == f.matched, (f.matched, f.start.offset)
    second = linter().check_document(reader.from_text(source, f"fuzz.{fmt}"))
    assert first == second


def target_text(data: bytes) -> None:
    """Bytes as a text file: decoded or refused, never anything else."""
    try:
        source, _ = decode_text(data, "fuzz.txt")
    except ReadError:
        return
    check_source(source, "text")


def target_markdown(source: str) -> None:
    doc = markdown.from_text(source, "fuzz.md")
    assert len(doc.text) == len(source)
    assert [i for i, c in enumerate(doc.text) if c == "\n"] == [i for i, c in enumerate(source) if c == "\n"]
    check_source(source, "markdown")


def target_html(source: str) -> None:
    try:
        doc = html.from_text(source, "fuzz.html")
    except ReadError:
        return
    assert len(doc.text) == len(source)
    check_source(source, "html")


def _as_file(data: bytes, suffix: str) -> None:
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        read_document(Path(name))
    except ReadError:
        pass
    finally:
        os.unlink(name)


@lru_cache(maxsize=4)
def seed_archive(kind: str) -> bytes:
    """A small valid .docx or .odt to mutate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        if kind == "odt":
            z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            z.writestr(
                "content.xml",
                '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
                "<text:p>Reports of child pornography rose.</text:p></office:text></office:body></office:document-content>",
            )
        else:
            from docx import Document

            document = Document()
            document.add_paragraph("Reports of child pornography rose.")
            document.save(buffer)
    return buffer.getvalue()


def mutate(seed: bytes, edits: list[tuple[int, int]]) -> bytes:
    data = bytearray(seed)
    for at, value in edits:
        if data:
            data[at % len(data)] = value
    return bytes(data)


def target_docx(edits: list[tuple[int, int]]) -> None:
    _as_file(mutate(seed_archive("docx"), edits), ".docx")


def target_odt(edits: list[tuple[int, int]]) -> None:
    _as_file(mutate(seed_archive("odt"), edits), ".odt")


def target_termbase(data: bytes) -> None:
    from lexicon.exchange.csv_format import read_csv
    from lexicon.exchange.tbx_read import read_tbx

    for read in (read_csv, read_tbx):
        try:
            read(data, "fuzz")
        except LexiconError:
            pass
