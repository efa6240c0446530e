"""`check -o FILE`: write the report to a file, atomically, never over a checked document."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.cli.common import fail

if TYPE_CHECKING:
    from lexicon.glossary.types import Glossary
    from lexicon.model import FileResult
    from lexicon.report import Renderer, RenderOptions


def render_to_file(
    output: Path,
    inputs: list[str],
    renderer: Renderer,
    results: list[FileResult],
    gloss: Glossary,
    options: RenderOptions,
    *,
    verbose: bool = False,
) -> None:
    from lexicon.atomic import atomic_writer

    if _is_checked(output, [*inputs, *(r.path for r in results)]):
        fail(f"{output}: is one of the documents checked; choose another output file", verbose=verbose)
    try:
        # written as it is rendered (a report of a large file is not held in memory first),
        # replacing the file in one step at the end; the user named it: it may be replaced
        with atomic_writer(output, overwrite=True) as raw:
            handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            renderer(results, gloss, handle, options)
            handle.flush()
            handle.detach()  # the writer flushes the file to disk and closes it
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", verbose=verbose)


def _is_checked(output: Path, paths: list[str]) -> bool:
    """Is `output` the same file as one of `paths` (by device and inode, so through any
    symbolic or hard link)? A file that does not exist yet is none of them, and then no
    path is looked at: a run over 10,000 files no longer resolves each one."""
    try:
        target = os.stat(output)
    except OSError:
        return False
    for path in paths:
        if path == "-":
            continue
        try:
            found = os.stat(path)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False
