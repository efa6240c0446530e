"""Bytes to text, safely: size limit, BOMs, UTF-8, legacy encodings, binary refusal."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lexicon.errors import ReadError

SNIFF = 8192
MB = 1024 * 1024


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Turn the operating system's errors on `path` into one-line ReadErrors."""
    try:
        yield
    except OSError as exc:
        raise read_error(exc, path) from exc


def read_error(exc: OSError, path: Path) -> ReadError:
    """The one-line ReadError for an operating system's error on `path` (as `os_errors`
    raises; called directly where a file is read, a context manager costs more than the
    system call it guards)."""
    if isinstance(exc, FileNotFoundError):
        return ReadError("no such file", path=str(path))
    if isinstance(exc, PermissionError):
        return ReadError("permission denied", path=str(path))
    if isinstance(exc, IsADirectoryError):
        return ReadError("is a folder, not a file", path=str(path))
    return ReadError(f"cannot read: {exc.strerror or exc}", path=str(path))


def check_size(path: Path, max_bytes: int) -> os.stat_result:
    """Refuse what `check_regular` refuses and a file over the limit (one stat for both)."""
    info = check_regular(path)
    if info.st_size > max_bytes:
        raise ReadError(
            f"file too large ({info.st_size / MB:.0f} MB > {max_bytes / MB:.0f} MB limit; raise it with --max-size)", path=str(path)
        )
    return info


def check_regular(path: Path) -> os.stat_result:
    """Refuse anything but a regular file: a FIFO would block forever, a device
    (/dev/zero) never ends. Folders get their own message. Returns the file's stat."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise read_error(exc, path) from exc
    if stat.S_ISDIR(info.st_mode):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:  # a folder we were asked to check but cannot list
            raise ReadError(f"cannot read folder: {(exc.strerror or str(exc)).lower()}", path=str(path)) from exc
        raise ReadError("is a folder, not a file", path=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("not a regular file (a FIFO, device or socket is never read)", path=str(path))
    return info


READ_MORE = 64 * 1024  # bytes asked for after the file's size: the end of file, or what it grew by


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, up to the limit. Checked as a regular file before it is opened and
    again once open (in case it was swapped); read with plain system calls (open, fstat,
    read, close: a buffered file object adds three more per file)."""
    check_size(path, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # (Windows: no newline translation)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped since the check
                raise ReadError("not a regular file (a FIFO, device or socket is never read)", path=str(path))
            # asked for the file's size (not the limit: Python would set aside the limit's
            # 256 MB for every small file), then on to the end, or to the limit if it grew since
            data = os.read(fd, min(info.st_size, max_bytes) + 1)
            if data and len(data) <= max_bytes:
                parts = [data]
                total = len(data)
                while total <= max_bytes and (more := os.read(fd, min(READ_MORE, max_bytes + 1 - total))):
                    parts.append(more)
                    total += len(more)
                if len(parts) > 1:
                    data = b"".join(parts)
        finally:
            os.close(fd)
    except OSError as exc:
        raise read_error(exc, path) from exc
    if len(data) > max_bytes:
        raise ReadError(f"file too large (> {max_bytes / MB:.0f} MB limit)", path=str(path))
    return data


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding). Offsets are then counted in the decoded text.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are decoded exactly; other text is
    detected with charset-normalizer (e.g. Windows-1252). A file that is UTF-8 but for a few
    bad bytes is refused with the offset of the first, rather than decoded as mojibake. NUL
    bytes without a UTF-16/32 BOM, or more than 10% control bytes in the first 8 KB, mean a
    binary file, which is refused.
    """
    if not data:
        raise ReadError("empty file (nothing to check)", path=path)
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding} at byte {exc.start}", path=path) from exc
    if b"\x00" in data[:SNIFF] or _controls(data[:SNIFF]) > 0.1:
        raise ReadError("binary file, not text", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _mostly_utf8(data):
        raise ReadError(f"invalid UTF-8 at byte {first_bad} (the rest is UTF-8; fix that byte or re-save the file as UTF-8)", path=path)
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise ReadError(f"not valid UTF-8 (first bad byte at offset {first_bad}) and no other encoding fits", path=path)
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"not valid UTF-8 (first bad byte at offset {first_bad})", path=path) from exc


UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
HIGH = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences: a UTF-8 file with a
    few damaged bytes, not a legacy encoding (Windows-1252 text almost never has such pairs).
    Counted in sequences against stray bytes, so a short file with one accented word and one
    damaged byte is still recognised as UTF-8."""
    head = data[: 4 * 1024 * 1024]
    sequences = UTF8_SEQUENCE.findall(head)
    stray = len(HIGH.findall(head)) - sum(len(m) for m in sequences)
    return bool(sequences) and len(sequences) >= stray / 2


CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _controls(head: bytes) -> float:
    """Share of control bytes (other than tab, newlines, form feed, escape): high in binary files."""
    if not head:
        return 0.0
    return (len(head) - len(head.translate(None, CONTROL))) / len(head)


def read_text_file(path: Path, max_bytes: int) -> tuple[str, str]:
    return decode_text(read_bytes(path, max_bytes), str(path))
