"""Bytes to text, safely: size limit, BOMs, UTF-8, legacy encodings, binary refusal."""

from __future__ import annotations

import codecs
from pathlib import Path

from lexicon.errors import ReadError

SNIFF = 8192


def read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise ReadError("is a folder, not a file", path=str(path))
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                f"file too large ({size / 1024 / 1024:.0f} MB > {max_bytes / 1024 / 1024:.0f} MB limit; raise it with --max-size)",
                path=str(path),
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise ReadError("no such file", path=str(path)) from exc
    except PermissionError as exc:
        raise ReadError("permission denied", path=str(path)) from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if len(data) > max_bytes:
        raise ReadError(f"file too large (> {max_bytes / 1024 / 1024:.0f} MB limit)", path=str(path))
    return data


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding). Offsets are then counted in the decoded text.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are decoded exactly; other text is
    detected with charset-normalizer (e.g. Windows-1252). NUL bytes without a UTF-16/32 BOM
    mean a binary file, which is refused.
    """
    if not data:
        raise ReadError("empty file (nothing to check)", path=path)
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding} at byte {exc.start}", path=path) from exc
    if b"\x00" in data[:SNIFF]:
        raise ReadError("binary file, not text", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise ReadError(f"not valid UTF-8 (first bad byte at offset {first_bad}) and no other encoding fits", path=path)
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"not valid UTF-8 (first bad byte at offset {first_bad})", path=path) from exc


def read_text_file(path: Path, max_bytes: int) -> tuple[str, str]:
    return decode_text(read_bytes(path, max_bytes), str(path))
