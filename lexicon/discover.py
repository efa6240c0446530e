"""Find the files to check under the given paths: known extensions in folders (recursively,
sorted, never following symlinked folders, so loops cannot trap us), excludes applied with
gitignore-style patterns. Explicitly named files are always checked, whatever their suffix."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from lexicon.readers import READERS

ALWAYS_SKIPPED = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def _spec(patterns: Iterable[str]) -> object | None:
    patterns = [p for p in patterns if p.strip()]
    if not patterns:
        return None
    import pathspec

    return pathspec.PathSpec.from_lines("gitwildmatch", patterns)


def discover(paths: Iterable[Path], exclude: Iterable[str] = ()) -> list[Path]:
    spec = _spec(exclude)
    found: list[Path] = []
    for root in paths:
        if not root.is_dir():
            found.append(root)  # files (and missing paths: the reader reports them)
            continue
        for folder, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED)
            for name in sorted(files):
                path = Path(folder) / name
                if path.suffix.lower() not in READERS:
                    continue
                rel = path.relative_to(root).as_posix()
                if spec is not None and (spec.match_file(rel) or spec.match_file(path.as_posix())):  # type: ignore[attr-defined]
                    continue
                found.append(path)
            if spec is not None:
                dirs[:] = [d for d in dirs if not spec.match_file(Path(folder, d).relative_to(root).as_posix() + "/")]  # type: ignore[attr-defined]
    return sorted(dict.fromkeys(found), key=lambda p: p.as_posix())
