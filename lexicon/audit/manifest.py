"""What to audit: the documents under the given paths, each with its metadata (year,
organisation, document type...) from a CSV manifest or a path pattern.

    --metadata manifest.csv   a `path` column (relative to the manifest's folder, or
                              absolute, or a URL) and any other columns
    --pattern "{org}/{year}/*"  placeholders matched against the path below the folder given

A document's `stamp` (size, modification time and inode) lets the cache recognise an
unchanged file without reading it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lexicon.audit.analyse import is_url
from lexicon.discover import ALWAYS_SKIPPED, exclusion, matched_path
from lexicon.errors import LexiconError
from lexicon.readers import READERS

Doc = tuple[str | None, ...]  # (path, stamp, key, *meta): one walked document, as the store takes it
"""`path` as given or walked, its `stamp` (None when it cannot be stat'ed: the reader reports
it), `key` (the absolute path, or the URL) and, with --pattern, the metadata values from the
path (with --metadata the store joins the manifest on `key`)."""


@dataclass(frozen=True, slots=True)
class Plan:
    columns: tuple[str, ...]  # metadata column names
    docs: Walk  # as the folders are walked, in no particular order (a path named twice comes twice)
    manifest: Manifest | None = None
    # every path given is absolute or a URL: the paths walked name the same documents
    # whatever the working folder (a relative one names others from another folder)
    anchored: bool = False
    # with a path pattern, what its metadata depends on besides each path: the pattern and
    # the folders given (the pattern is matched against the path below them)
    pattern_basis: str | None = None


def plan(
    paths: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    manifest: Path | None = None,
    pattern: str | None = None,
    output: Path | None = None,
) -> Plan:
    """The documents under `paths` with their metadata; nothing inside `output` (the audit's
    own report would otherwise be audited the next time)."""
    if manifest is not None and pattern is not None:
        raise LexiconError("give --metadata or --pattern, not both")
    exclude = tuple(exclude)
    table = Manifest(manifest) if manifest is not None else None
    matcher = PathPattern(pattern) if pattern else None
    columns = table.columns if table else matcher.columns if matcher else ()
    skip = os.path.join(os.path.abspath(output), "") if output is not None else None

    docs = Walk(list(paths), tuple(exclude), matcher, skip)
    basis = json.dumps([pattern, [p if is_url(p) else os.path.abspath(p) for p in paths]]) if pattern else None
    return Plan(columns, docs, table, anchored=all(is_url(p) or os.path.isabs(p) for p in paths), pattern_basis=basis)


class Walk:
    """The documents under the paths given, walked when iterated (each time anew), without
    holding the whole list: an archive of millions of files streams.

    `parts()` cuts the same walk into parts that two processes can take in turns
    (`lexicon.audit.split_walk`): a re-run spends most of its time on the `stat` of every
    file, which one core cannot hurry."""

    def __init__(self, paths: list[str], exclude: tuple[str, ...], matcher: PathPattern | None, skip: str | None) -> None:
        self.paths, self.exclude, self.matcher, self.skip = paths, exclude, matcher, skip

    def __iter__(self) -> Iterator[Doc]:
        spec = exclusion(self.exclude)
        for root in self.paths:
            top = _folder(root)
            if top is not None:
                yield from self._matched(_walk(top, _prefix(top), os.path.join(os.path.abspath(top), ""), self.skip, spec), _prefix(top))
                continue
            yield from self._file_or_url(root, spec)

    def parts(self) -> list[Callable[[], Iterator[Doc]]] | None:
        """The walk in parts (each a call that walks it), which together yield what iterating
        yields; None when it cannot be cut: a URL is given (its listing is not shared), or one
        path lies inside another (a document walked twice keeps the row walked last, which
        the walk's order decides: the parts would change it)."""
        if any(is_url(root) for root in self.paths):
            return None
        given = [os.path.join(os.path.abspath(root), "") for root in self.paths]
        if any(i != j and b.startswith(a) for i, a in enumerate(given) for j, b in enumerate(given)):
            return None
        spec = exclusion(self.exclude)
        parts: list[Callable[[], Iterator[Doc]]] = []
        for root in self.paths:
            top = _folder(root)
            if top is None:
                parts.append(functools.partial(self._file_or_url, root, spec))
                continue
            tree = _Tree(top, _prefix(top), os.path.join(os.path.abspath(top), ""), self.skip, spec)
            parts += [functools.partial(self._part, tree, part) for part in tree.parts()]
        return parts

    def _part(self, tree: _Tree, part: Part) -> Iterator[Doc]:
        return self._matched(tree.run(part), tree.prefix)

    def _matched(self, docs: Iterator[Doc], prefix: int) -> Iterator[Doc]:
        """With a path pattern, each document with the values the pattern takes from its path."""
        matcher = self.matcher
        if matcher is None:
            return docs
        return ((path, stamp, key, *matcher.match(str(path)[prefix:])) for path, stamp, key in docs)

    def _file_or_url(self, root: str, spec: Any) -> Iterator[Doc]:
        skip, matcher = self.skip, self.matcher
        for path, relative, stamp, key in _files(root):
            if skip and key.startswith(skip):
                continue
            if spec is not None and is_url(root) and spec.match_file(relative):
                continue  # below a URL: matched below the folder given
            yield (path, stamp, key, *matcher.match(relative)) if matcher else (path, stamp, key)


def _prefix(top: str) -> int:
    """How much of a walked path is the folder given (the path pattern is matched after it)."""
    return 0 if top == "." else len(top.rstrip("/")) + 1


def _folder(root: str) -> str | None:
    """`root` as the walk takes it, when it is a local folder."""
    if is_url(root):
        return None
    base = Path(root)
    return base.as_posix() if base.is_dir() else None


def _files(root: str) -> Iterator[tuple[str, str, str | None, str]]:
    """(path, path below root, stamp, absolute path or URL) of every document under `root`
    that is a URL or a file."""
    if is_url(root):
        for url, relative, stamp in _remote(root):
            yield url, relative, stamp, url
        return
    base = Path(root)
    yield base.as_posix(), base.name, _stamp(_stat(base.as_posix())), os.path.abspath(base)


# How a walk is cut into parts (`Walk.parts`): the folders down to SPLIT_DEPTH levels below
# the folder given are listed until at least SPLIT_FOLDERS are found, each a part walked
# whole; the files met on the way come in parts of SPLIT_FILES (a flat archive is cut too).
SPLIT_FOLDERS = 32
SPLIT_DEPTH = 3
SPLIT_FILES = 1000
Part = tuple[str, str, list[os.DirEntry[str]]]  # ("tree" | "files" | "unlisted", folder, the files listed)


def _walk(top: str, prefix: int, absolute: str, skip: str | None, spec: Any = None) -> Iterator[Doc]:
    """(path, stamp, absolute path) of every document under the folder `top` (`_Tree`)."""
    return _Tree(top, prefix, absolute, skip, spec).walk()


class _Tree:
    """A local folder given, walked by `discover`'s rules (known suffixes, skipped folders,
    symlinked folders not followed, --exclude patterns `spec` matched against the path below
    the working folder, or below `top` outside it; a folder that cannot be listed comes as a
    document, for the reader to report). The work per file is one stat and a few string
    operations (a re-run walks every file of the archive): the walk only appends names, so
    `absolute + relative` needs no normalising, and a folder whose absolute path falls under
    `skip` (the outputs) is left out whole."""

    def __init__(self, top: str, prefix: int, absolute: str, skip: str | None, spec: Any = None) -> None:
        self.top, self.prefix, self.absolute = top, prefix, absolute
        self.inside_outputs = skip is not None and absolute.startswith(skip)
        self.skip = skip if skip is not None and skip.startswith(absolute) else None  # else not in this folder
        self.excluded = _excluder(spec, absolute, prefix)

    def walk(self, folders: Iterable[str] | None = None) -> Iterator[Doc]:
        """Every document below `folders` (the folder given when None)."""
        if self.inside_outputs:
            return
        stack = [self.top] if folders is None else list(folders)
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                yield self._unlisted(folder)
                continue
            yield from self._files(folder, entries, stack)

    def parts(self) -> list[Part]:
        """The walk cut into parts (see SPLIT_FOLDERS); `run` walks one."""
        if self.inside_outputs:
            return []
        parts: list[Part] = []
        level = [self.top]
        for _ in range(SPLIT_DEPTH):
            if len(level) >= SPLIT_FOLDERS:
                break
            below: list[str] = []
            for folder in level:
                try:
                    entries = list(os.scandir(folder))
                except OSError:
                    parts.append(("unlisted", folder, []))
                    continue
                files = []
                for entry in entries:
                    if entry.is_dir():
                        inner = self._inner(folder, entry)
                        if inner is not None:
                            below.append(inner)
                    else:
                        files.append(entry)
                parts += [("files", folder, files[i : i + SPLIT_FILES]) for i in range(0, len(files), SPLIT_FILES)]
            level = below
        return parts + [("tree", folder, []) for folder in level]

    def run(self, part: Part) -> Iterator[Doc]:
        kind, folder, entries = part
        if kind == "tree":
            return self.walk([folder])
        if kind == "files":
            return self._files(folder, entries, None)
        return iter([self._unlisted(folder)])

    def _unlisted(self, folder: str) -> Doc:
        return folder, None, self.absolute + folder[self.prefix :] if folder != self.top else self.absolute.rstrip("/")

    def _inner(self, folder: str, entry: os.DirEntry[str]) -> str | None:
        """The path of a subfolder to walk, or None (symlinked, always skipped, the outputs,
        excluded)."""
        name = entry.name
        if entry.is_symlink() or name in ALWAYS_SKIPPED:
            return None
        inner = entry.path if folder != "." else name
        if self.skip is not None and (self.absolute + inner[self.prefix :] + "/").startswith(self.skip):
            return None
        if self.excluded is not None and self.excluded(inner, "/"):
            return None
        return inner

    def _files(self, folder: str, entries: list[os.DirEntry[str]], stack: list[str] | None) -> Iterator[Doc]:
        """The documents among `entries` (of `folder`); the subfolders to walk go on `stack`
        (left alone when None)."""
        here = folder != "."
        known = _KNOWN
        absolute, prefix, excluded = self.absolute, self.prefix, self.excluded
        for entry in entries:
            name = entry.name
            if entry.is_dir():
                if stack is not None:
                    inner = self._inner(folder, entry)
                    if inner is not None:
                        stack.append(inner)
                continue
            # Path(name).suffix.lower() in READERS, as `discover` asks: the suffix starts at
            # the last dot, and a name that starts there ('.md') has none
            dot = name.rfind(".")
            if dot <= 0 or name[dot:].lower() not in known:
                continue
            path = entry.path if here else name
            if excluded is not None and excluded(path, ""):
                continue
            try:
                st = entry.stat()
                stamp: str | None = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
            except OSError:
                stamp = None
            yield path, stamp, absolute + path[prefix:]


_KNOWN = frozenset(READERS)


def _excluder(spec: Any, absolute: str, prefix: int) -> Callable[[str, str], bool] | None:
    """Whether a walked path (a folder's with "/" after it) matches --exclude, as `discover`
    matches it: the path below the working folder when it lies inside it, else the path
    below the folder walked."""
    if spec is None:
        return None
    try:
        cwd = os.path.join(os.getcwd(), "")
    except OSError:  # the working folder was removed: every path is taken below the folder walked
        cwd = "\0"

    def excluded(path: str, end: str) -> bool:
        return bool(spec.match_file(matched_path(absolute + path[prefix:] + end, cwd, path[prefix:] + end)))

    return excluded


def _stat(path: str) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as exc:
        return exc


def _stamp(stat: os.stat_result | OSError) -> str | None:
    """Size, modification time and inode, as git's index keeps them: a file whose three are
    unchanged is taken to be unchanged without reading it. None: the reader reports it."""
    if isinstance(stat, OSError):
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"


def _remote(root: str) -> Iterator[tuple[str, str, str | None]]:
    import fsspec
    from fsspec.core import url_to_fs

    fs, base = url_to_fs(root)
    protocol = root.split("://", 1)[0]
    if fs.isdir(base):
        found = {
            p: info
            for p, info in fs.find(base, detail=True).items()
            if info.get("type") == "file" and os.path.splitext(p)[1].lower() in READERS
        }
    else:
        found = {base: fs.info(base)}
    for p, info in found.items():
        url = fsspec.utils.stringify_path(p)
        url = url if "://" in url else f"{protocol}://{url}"
        changed = info.get("mtime") or info.get("LastModified") or info.get("ETag") or info.get("created")
        stamp = f"{info.get('size')}:{changed}" if changed is not None and info.get("size") is not None else None
        yield url, p[len(base) :].lstrip("/") or os.path.basename(p), stamp


# a relative path that normpath would change: '.' or '..' parts, doubled or trailing slashes, or absolute
_UNCLEAN = re.compile(r"(?:^|/)\.\.?(?:/|$)|//|^/|/$")


def _plain(where: str) -> bool:
    """No '.' part, no doubled, leading or trailing slash: _UNCLEAN cannot match (the
    common case, told by three substring tests instead of a regular expression)."""
    return where[0] not in "./" and where[-1] != "/" and "/." not in where and "//" not in where


class Manifest:
    """A CSV manifest: a header with a `path` column, then one row per document. Paths are
    relative to the manifest's folder, absolute, or URLs. Rows are read as they are stored."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = os.path.abspath(path.parent)
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle), None)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise LexiconError(f"cannot read the manifest ({exc})", path=str(path)) from exc
        self.names = [h.strip() for h in header or ()]
        if "path" not in self.names:
            raise LexiconError("the manifest needs a header row with a 'path' column", path=str(path), line=1)
        self.at = self.names.index("path")
        self.columns = tuple(n for i, n in enumerate(self.names) if i != self.at)

    def rows(self, start: int = 0, lines: int = 0) -> Iterator[tuple[str, ...]]:
        """(key, value...) per row; a malformed row is an error naming its line. From byte
        `start` on (the end of an earlier read, `lines` lines in) when it is not 0."""
        try:
            with open(self.path, "rb") as raw:
                raw.seek(start)
                handle = io.TextIOWrapper(raw, encoding="utf-8" if start else "utf-8-sig", newline="")
                reader = csv.reader(handle)
                if not start:
                    next(reader, None)
                width, at, folder = len(self.names), self.at, self.folder
                others = [i for i in range(width) if i != at]
                join, normpath, unclean = os.path.join, os.path.normpath, _UNCLEAN.search
                below = os.path.join(folder, "")
                for row in reader:
                    if len(row) != width:
                        if not any(cell.strip() for cell in row):
                            continue  # a blank line
                        raise LexiconError(
                            f"{len(row)} fields where the header has {width}", path=str(self.path), line=lines + reader.line_num
                        )
                    where = row[at].strip()
                    if "://" in where:
                        key = where
                    elif where and (_plain(where) or not unclean(where)):
                        key = below + where  # what normpath would give, without its cost per row
                    else:
                        key = normpath(join(folder, where))
                    yield (key, *[row[i].strip() for i in others])
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise LexiconError(f"cannot read the manifest ({exc})", path=str(self.path)) from exc

    def refresh(self, state: Any) -> Refresh:
        """How to bring rows stored from an earlier read (described by `state`, as
        `Refresh.state` gave it) up to date: not at all when the file's stamp (size,
        modification time, inode) is the same; only the rows after the old end when the
        file starts with the very bytes read last time (rows appended, the common way a
        manifest grows); otherwise every row again.

        As in git's index, a stamp is not trusted when the file was modified so soon
        before it was read that an edit of the same size could have kept the same
        modification time ("racy"): then the content is compared."""
        before = _stamp(_stat(str(self.path)))
        old = state if isinstance(state, dict) else {}
        read_at = time.time_ns()
        if before is not None and old.get("stamp") == before and not _racy(before, old.get("read_at")):
            return Refresh(self, None, False, before, dict(old))
        size, lines = old.get("size"), old.get("lines")
        whole = hashlib.sha256()
        prefix = None  # the hash of the first `size` bytes (the file read last time), once read
        total, count, boundary = 0, 0, False
        try:
            with open(self.path, "rb") as handle:
                while block := handle.read(READ_BLOCK):
                    if isinstance(size, int) and total < size <= total + len(block):
                        head = block[: size - total]
                        whole.update(head)  # each byte is hashed once: the prefix's state is copied
                        prefix, boundary = whole.copy(), head.endswith(b"\n")
                        whole.update(block[size - total :])
                    else:
                        whole.update(block)
                    total += len(block)
                    count += block.count(b"\n")
        except OSError as exc:
            raise LexiconError(f"cannot read the manifest ({exc})", path=str(self.path)) from exc
        new = {"stamp": before, "size": total, "lines": count, "sha256": whole.hexdigest(), "read_at": read_at}
        if total == size and new["sha256"] == old.get("sha256"):
            return Refresh(self, None, False, before, new)  # touched, copied or rewritten with the same bytes
        if (
            isinstance(size, int)
            and isinstance(lines, int)
            and 0 < size <= total
            and boundary
            and prefix is not None
            and prefix.hexdigest() == old.get("sha256")
        ):
            return Refresh(self, self.rows(size, lines), False, before, new)
        return Refresh(self, self.rows(), True, before, new)


READ_BLOCK = 1 << 20  # bytes of the manifest hashed at a time
RACY_NS = 2_000_000_000  # a modification time this close to the last read is not trusted


def _racy(stamp: str, read_at: Any) -> bool:
    """The file was modified less than RACY_NS before (or after) it was last read."""
    try:
        modified = int(stamp.split(":")[1])
    except (IndexError, ValueError):
        return True
    return not isinstance(read_at, int) or modified >= read_at - RACY_NS


class Refresh:
    """Rows to store (`rows`, None when the stored ones hold; after dropping the stored
    ones first when `replace`), then `state()`, to keep for the next `Manifest.refresh`."""

    def __init__(
        self, manifest: Manifest, rows: Iterator[tuple[str, ...]] | None, replace: bool, before: str | None, new: dict[str, Any]
    ) -> None:
        self.manifest, self.rows, self.replace, self.before, self.new = manifest, rows, replace, before, new

    def state(self) -> dict[str, Any] | None:
        """The state of what was read; None when the file changed while it was read (the
        next run then reads every row again)."""
        if self.before is None or _stamp(_stat(str(self.manifest.path))) != self.before:
            return None
        return self.new


class PathPattern:
    """ "{org}/{year}/*": `{name}` is one folder or file name, `*` any name, `**` any folders;
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
