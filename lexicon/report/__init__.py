"""Output formats. Every module exposes `render(results, glossary, out, options) -> None`
and renders the same `FileResult`/`Finding` values."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from lexicon.glossary.types import Glossary
    from lexicon.model import FileResult

# format name -> module in lexicon.report
RENDERERS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "json-lines": "json_lines",
    "concise": "concise",
    "html": "html",
}


@dataclass(frozen=True, slots=True)
class RenderOptions:
    color: bool = False
    show_info: bool = False
    statistics: bool = False
    tool_version: str = "0.0.0"
    quiet: bool = False  # text: only the summary line


Renderer = Callable[[list["FileResult"], "Glossary", TextIO, RenderOptions], None]


def get_renderer(name: str) -> Renderer:
    module = importlib.import_module(f"lexicon.report.{RENDERERS[name]}")
    return module.render  # type: ignore[no-any-return]
