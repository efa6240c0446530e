"""What to audit: the documents under the given paths, each with its metadata (year,
organisation, document type...) from a CSV manifest or a path pattern.

    --metadata manifest.csv   a `path` column (relative to the manifest's folder, or
                              absolute, or a URL) and any other columns
    --pattern "{org}/{year}/*"  placeholders matched against the path below the folder given

A document's `stamp` (size and modification time) lets the cache recognise an unchanged
file without reading it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lexicon.discover import discover
from lexicon.errors import LexiconError
from lexicon.readers import READERS

from lexicon.audit.analyse import is_url


@dataclass(frozen=True, slots=True)
class Doc:
    path: str
    stamp: str | None
    meta: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    columns: tuple[str, ...]  # metadata column names
    docs: Iterator[Doc]  # found as the folders are walked (a path named twice comes twice)


def plan(paths: Iterable[str], *, exclude: Iterable[str] = (), manifest: Path | None = None, pattern: str | None = None,
         output: Path | None = None) -> Plan:
    """The documents under `paths` with their metadata; nothing inside `output` (the audit's
    own report would otherwise be audited the next time)."""
    if manifest is not None and pattern is not None:
        raise LexiconError("give --metadata or --pattern, not both")
    table = Manifest.load(manifest) if manifest is not None else None
    matcher = PathPattern(pattern) if pattern else None
    columns = table.columns if table else matcher.columns if matcher else ()

    skip = os.path.join(os.path.abspath(output), "") if output is not None else None

    def docs() -> Iterator[Doc]:
        for root in paths:
            for path, relative, stamp in _files(root, tuple(exclude)):
                if skip and not is_url(path) and os.path.abspath(path).startswith(skip):
                    continue
                if table is not None:
                    meta = table.lookup(path)
                elif matcher is not None:
                    meta = matcher.match(relative)
                else:
                    meta = ()
                yield Doc(path, stamp, meta)

    return Plan(columns, docs())


def _files(root: str, exclude: tuple[str, ...]) -> Iterable[tuple[str, str, str | None]]:
    """(path, path below root, stamp) of every document under `root`."""
    if is_url(root):
        import fsspec
        from fsspec.core import url_to_fs

        fs, base = url_to_fs(root)
        protocol = root.split("://", 1)[0]
        if fs.isdir(base):
            found = sorted(p for p, info in fs.find(base, detail=True).items()
                           if info.get("type") == "file" and os.path.splitext(p)[1].lower() in READERS)
        else:
            found = [base]
        for p in found:
            info = fs.info(p)
            url = fsspec.utils.stringify_path(p)
            url = url if "://" in url else f"{protocol}://{url}"
            changed = info.get("mtime") or info.get("LastModified") or info.get("ETag") or info.get("created")
            stamp = f"{info.get('size')}:{changed}" if changed is not None and info.get("size") is not None else None
            yield url, p[len(base):].lstrip("/") or os.path.basename(p), stamp
        return
    base = Path(root)
    prefix = (0 if base.as_posix() == "." else len(base.as_posix().rstrip("/")) + 1) if base.is_dir() else None
    for found in discover([base], exclude):
        path = found.as_posix()
        try:
            st = os.stat(path)
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = None  # the reader reports it
        yield path, found.name if prefix is None else path[prefix:], stamp


class Manifest:
    """A CSV manifest: one row per document, a `path` column, any other columns."""

    def __init__(self, columns: tuple[str, ...], rows: dict[str, tuple[str, ...]], folder: Path) -> None:
        self.columns, self.rows, self.folder = columns, rows, folder

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if not header or "path" not in [h.strip() for h in header]:
                    raise LexiconError("the manifest needs a header row with a 'path' column", path=str(path), line=1)
                names = [h.strip() for h in header]
                at = names.index("path")
                columns = tuple(n for i, n in enumerate(names) if i != at)
                rows: dict[str, tuple[str, ...]] = {}
                folder = os.path.abspath(path.parent)
                for row in reader:
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(names):
                        raise LexiconError(f"{len(row)} fields where the header has {len(names)}", path=str(path), line=reader.line_num)
                    key = cls._key(row[at].strip(), folder)
                    rows[key] = tuple(c.strip() for i, c in enumerate(row) if i != at)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise LexiconError(f"cannot read the manifest ({exc})", path=str(path)) from exc
        return cls(columns, rows, path.parent)

    @staticmethod
    def _key(path: str, folder: str) -> str:
        if is_url(path):
            return path
        return os.path.normpath(os.path.join(folder, path))

    def lookup(self, path: str) -> tuple[str, ...]:
        key = path if is_url(path) else os.path.abspath(path)
        return self.rows.get(key, ("",) * len(self.columns))


class PathPattern:
    """"{org}/{year}/*": `{name}` is one folder or file name, `*` any name, `**` any folders;
    matched against the end of the path below the folder given."""

    def __init__(self, pattern: str) -> None:
        self.columns = tuple(dict.fromkeys(re.findall(r"\{(\w+)\}", pattern)))
        if not self.columns:
            raise LexiconError(f"--pattern '{pattern}' names no field; write e.g. \"{{org}}/{{year}}/*\"")
        parts, seen = [], set()
        for token in re.split(r"(\{\w+\}|\*\*/?|\*)", pattern.strip("/")):
            if token.startswith("{"):
                name = token[1:-1]
                parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>[^/]+)")
                seen.add(name)
            elif token.startswith("**"):
                parts.append("(?:.*/)?" if token.endswith("/") else ".*")
            elif token == "*":
                parts.append("[^/]*")
            else:
                parts.append(re.escape(token))
        self.regex = re.compile("(?:^|.*/)" + "".join(parts) + "$")

    def match(self, relative: str) -> tuple[str, ...]:
        found = self.regex.match(relative)
        if found is None:
            return ("",) * len(self.columns)
        return tuple(found.group(c) for c in self.columns)
