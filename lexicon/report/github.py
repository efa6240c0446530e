"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
which the runner turns into annotations on the pull request. Paths are relative to the
current folder (the workspace in a workflow)."""

from __future__ import annotations

import os
from typing import TextIO

from lexicon.glossary.types import Glossary
from lexicon.model import FileResult, Finding, Severity
from lexicon.report import RenderOptions
from lexicon.report.json_format import visible

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message, as the Actions toolkit's `escapeData` does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (file, title): also ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def annotation(path: str, f: Finding) -> str:
    message = f.message
    if f.suggestions:
        message += f" Suggested: {', '.join(f.suggestions)}."
    if f.provenance:
        message += f" Who says so: {f.provenance.label()}."
    if f.locator:
        message += f" ({f.locator})"
    return command(
        COMMAND[f.severity],
        message,
        file=display_path(path),
        line=f.start.line,
        col=f.start.column,
        endLine=f.end.line,
        endColumn=f.end.column,
        title=f"lexicon {f.rule.value}/{f.concept}",
    )


def display_path(path: str) -> str:
    if path in ("-", "") or path.startswith("<") or not os.path.isabs(path):
        return path.replace(os.sep, "/")
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    for r in results:
        if r.error is not None:
            out.write(command("error", f"cannot check this file: {r.error}", file=display_path(r.path), title="lexicon") + "\n")
            continue
        for f in visible(r, options):
            out.write(annotation(r.path, f) + "\n")
