"""One line per finding, like ruff's and Vale's line formats:

    path:line:col: severity rule [concept] "matched" → suggestion

For Word and PDF the place is the locator (paragraph, page) instead of line:col of the
extracted text. A summary line ends the output, as in the text format."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from lexicon.report.json_format import visible

if TYPE_CHECKING:
    from lexicon.glossary.types import Glossary
    from lexicon.model import FileResult, Finding
    from lexicon.report import RenderOptions


def line(path: str, f: Finding) -> str:
    place = f"{path}: ({f.locator})" if f.locator else f"{path}:{f.start.line}:{f.start.column}:"
    text = f'{place} {f.severity.value} {f.rule.value} [{f.concept}] "{" ".join(f.matched.split())}"'
    if f.suggestions:
        text += f" → {f.suggestions[0]}"
    return text


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    from lexicon.report.text import summary_line

    for result in results:
        if result.error is not None:
            out.write(f"{result.path}: read error: {result.error}\n")
            continue
        if not options.quiet:
            for f in visible(result, options):
                out.write(line(result.path, f) + "\n")
    out.write(summary_line(results, options) + "\n")
