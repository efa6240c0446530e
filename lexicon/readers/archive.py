"""Safety checks for zip-based documents (.docx, .odt) before any XML is parsed.

- not a zip archive -> clear error;
- the declared uncompressed size of all members must stay under `Limits.max_unpacked`
  (Python's zipfile never inflates a member past its declared size, so the sum bounds
  memory), and no member may expand more than MAX_RATIO times (a zip bomb);
- no member may carry a DOCTYPE or an entity declaration: Office and OpenDocument files
  never declare one, so a DTD is refused outright and entities (internal or external) are
  never expanded. Every member is examined by content, whatever its name, in UTF-8, UTF-16,
  UTF-32 or EBCDIC; only parts the package declares as SVG images or HTML (stored, never
  parsed) are passed over.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from lexicon.errors import ReadError
from lexicon.readers.decode import os_errors

MB = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error)
EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
SVG_TYPE = re.compile(rb'<(Override|Default)\s+(?:PartName|Extension)="([^"]+)"\s+ContentType="(?:image/svg\+xml|text/html)"')


def open_checked(path: Path, max_unpacked: int, kind: str) -> zipfile.ZipFile:
    """Open `path` as a zip archive that passed every check; the caller closes it."""
    try:
        with os_errors(path):
            archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"not a valid {kind} (not a zip archive: {exc})", path=str(path)) from exc
    try:
        _check_sizes(archive, path, max_unpacked)
        _check_dtd(archive, path, office=kind.startswith("Word"))
    except ReadError:
        archive.close()
        raise
    except Exception as exc:  # zipfile on a damaged directory (empty names, bad fields): one line, never a crash
        archive.close()
        raise ReadError(f"not a valid {kind} (damaged zip archive: {type(exc).__name__})", path=str(path)) from exc
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
            f"refused: archive would unpack to {total / MB:.0f} MB (> {max_unpacked / MB:.0f} MB limit; possible zip bomb)",
            path=str(path),
        )
    for m in members:
        if m.file_size > MB and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ReadError(
                f"refused: {m.filename} expands {m.file_size // max(m.compress_size, 1)}:1 (possible zip bomb)",
                path=str(path),
            )


def declares_dtd(data: bytes) -> bool:
    """Does this XML (in any encoding an XML parser accepts) declare a DTD or entities?"""
    if data.startswith(EBCDIC_XML):
        data = data.decode("cp500", "replace").encode("ascii", "replace")
    elif b"\x00" in data[:64]:  # UTF-16 or UTF-32: the markers are ASCII, so drop the zero bytes
        data = data.replace(b"\x00", b"")
    return any(marker in data for marker in DTD_MARKERS)


def _svg_images(archive: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """(part names, extensions) that [Content_Types].xml declares as SVG images or HTML."""
    try:
        types = archive.read("[Content_Types].xml")
    except (KeyError, RuntimeError, *ZIP_ERRORS):
        return set(), set()
    names: set[str] = set()
    extensions: set[str] = set()
    for kind, value in SVG_TYPE.findall(types):
        (names if kind == b"Override" else extensions).add(value.decode("utf-8", "replace").lstrip("/").casefold())
    return names, extensions


def _check_dtd(archive: zipfile.ZipFile, path: Path, *, office: bool = False) -> None:
    """`office`: an Office package, whose [Content_Types].xml decides which parts are parsed
    (OpenDocument readers parse content.xml whatever a manifest says: nothing is passed over)."""
    svg_names, svg_extensions = _svg_images(archive) if office else (set(), set())
    for m in archive.infolist():
        name = m.filename.casefold()
        if name.endswith("/") or name in svg_names or name.rsplit(".", 1)[-1] in svg_extensions:
            continue  # an SVG image or HTML chunk is stored, never parsed: its own DOCTYPE is harmless
        try:
            head = archive.read(m)
        except RuntimeError as exc:  # zipfile's word for an encrypted member
            raise ReadError(f"encrypted archive member {m.filename} (password required); not checked", path=str(path)) from exc
        except ZIP_ERRORS as exc:
            raise ReadError(f"damaged archive member {m.filename} ({exc})", path=str(path)) from exc
        if declares_dtd(head):
            raise ReadError(
                f"refused: {m.filename} declares a DTD or entities (never resolved; not a normal document)",
                path=str(path),
            )
