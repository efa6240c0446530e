"""Time the hostile inputs of issue 11 at the sizes the issue reported, against the
installed package: each line gives seconds, size, and seconds per 10 KB (the budget is 2).

    python benchmarks/hostile.py
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import load_glossary
from lexicon.readers import html, markdown, read_document

TITLE_TRAP = (
    "Special attention to self-generated, peer-to-peer, non-consensual, e-mail, on-line, follow-up, "
    "co-operation, cross-border, long-term, high-risk, age-appropriate, multi-agency child pornography cases"
)


def odt_file(paragraphs: int) -> Path:
    body = "".join(f"<text:p>Paragraph {os.urandom(6).hex()} on child protection.</text:p>" for _ in range(paragraphs))
    content = (
        '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}'
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
    fd, name = tempfile.mkstemp(suffix=".odt")
    with os.fdopen(fd, "wb") as handle:
        handle.write(buffer.getvalue())
    return Path(name)


def main() -> None:
    linter = Linter(load_glossary(), Settings(lang="en"))
    long_line = " ".join(["Reports of child pornography rose sharply."] * 130_000)  # ~5.6 MB, 130,000 matches
    cases = [
        ("199-byte title trap", TITLE_TRAP, lambda s: linter.check_document(markdown.from_text(s, "t.md"))),
        (
            "Optional + 24 commas",
            "Optional " + ",".join(["a"] * 25) + " child pornography",
            lambda s: linter.check_document(markdown.from_text(s, "t.md")),
        ),
        ("one line, 130,000 matches", long_line, lambda s: linter.check_document(markdown.from_text(s, "t.txt"))),
        (
            "20,000 unmatched </blockquote>",
            "<q>" * 10 + "<blockquote>" * 20_000 + "</q>" * 20_000,
            lambda s: linter.check_document(html.from_text(s, "t.html")),
        ),
        ("20,000 unclosed <a b", "<a b" * 20_000, lambda s: html.from_text(s, "t.html")),
        ("40 KB of backtick runs", "".join("`" * k + "a" for k in range(1, 280)), lambda s: markdown.from_text(s, "t.md")),
    ]
    for label, source, run in cases:
        started = time.perf_counter()
        run(source)
        elapsed = time.perf_counter() - started
        print(f"{label:32} {elapsed:8.2f} s  {len(source):>10,} chars  {elapsed / max(len(source), 1) * 10_000:7.4f} s/10KB")
    path = odt_file(40_000)
    try:
        started = time.perf_counter()
        doc = read_document(path)
        elapsed = time.perf_counter() - started
        print(f"{'ODT, 40,000 paragraphs':32} {elapsed:8.2f} s  {len(doc.text):>10,} chars  {elapsed / len(doc.text) * 10_000:7.4f} s/10KB")
    finally:
        path.unlink()


if __name__ == "__main__":
    main()
