"""Make text from documents and file names safe to print on a terminal.

A document (or a file name) can hold terminal escape sequences, other control characters
and bidirectional overrides; printed as they are, they could recolour the terminal, move
the cursor, forge a second error line or hide text. Each is shown as a visible escape
(`\\x1b`, `\\n`, `\\u202e`) instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls (DEL too), line/paragraph separators, bidi embeddings/overrides/isolates
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in NAMED:
        return NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_tabs: bool = False) -> str:
    """`text` with every control character shown as an escape (tabs kept if asked)."""
    if UNSAFE.search(text) is None:
        return text
    if keep_tabs:
        return "\t".join(UNSAFE.sub(_escape, part) for part in text.split("\t"))
    return UNSAFE.sub(_escape, text)
