"""`check -o FILE`: write the report to a file, atomically, never over a checked document."""

from __future__ import annotations

import io
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
    from lexicon.atomic import write_atomic

    target = output.resolve()
    checked = {Path(r.path).resolve() for r in results if r.path != "-"} | {Path(p).resolve() for p in inputs if p != "-"}
    if target in checked:
        fail(f"{output}: is one of the documents checked; choose another output file", verbose=verbose)
    buffer = io.StringIO()
    renderer(results, gloss, buffer, options)
    try:
        write_atomic(output, buffer.getvalue(), overwrite=True)  # the user named this file: a report may be replaced
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", verbose=verbose)
