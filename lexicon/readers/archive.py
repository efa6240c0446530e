"""Safety checks for zip-based documents (.docx, .odt) before any XML is parsed.

- not a zip archive -> clear error;
- the declared uncompressed size of all members must stay under `Limits.max_unpacked`
  (Python's zipfile never inflates a member past its declared size, so the sum bounds
  memory), and no member may expand more than MAX_RATIO times (a zip bomb);
- no XML member may carry a DOCTYPE: Office and OpenDocument files never declare one, so a
  DTD is refused outright and entities (internal or external) are never expanded.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lexicon.errors import ReadError
from lexicon.readers.decode import os_errors

MB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def open_checked(path: Path, max_unpacked: int, kind: str) -> zipfile.ZipFile:
    """Open `path` as a zip archive that passed every check; the caller closes it."""
    try:
        with os_errors(path):
            archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"not a valid {kind} (not a zip archive: {exc})", path=str(path)) from exc
    try:
        _check_sizes(archive, path, max_unpacked)
        _check_dtd(archive, path)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_sizes(archive: zipfile.ZipFile, path: Path, max_unpacked: int) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(f"refused: archive has {len(members)} members (> {MAX_MEMBERS})", path=str(path))
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise ReadError(
            f"refused: archive would unpack to {total / MB:.0f} MB (> {max_unpacked / MB:.0f} MB limit; "
            "possible zip bomb)", path=str(path),
        )
    for m in members:
        if m.file_size > MB and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ReadError(
                f"refused: {m.filename} expands {m.file_size // max(m.compress_size, 1)}:1 (possible zip bomb)",
                path=str(path),
            )


def _check_dtd(archive: zipfile.ZipFile, path: Path) -> None:
    for m in archive.infolist():
        if not m.filename.endswith((".xml", ".rels")):
            continue
        try:
            head = archive.read(m)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
            raise ReadError(f"damaged archive member {m.filename} ({exc})", path=str(path)) from exc
        if any(marker in head for marker in DTD_MARKERS):
            raise ReadError(
                f"refused: {m.filename} declares a DTD or entities (never resolved; not a normal document)",
                path=str(path),
            )
