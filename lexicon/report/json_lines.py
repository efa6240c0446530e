"""JSON Lines: one finding per line, each a JSON object with the file's `path` and `lang`
added to the fields of the JSON format, for piping into jq, grep or a database.
Read errors go to standard error (the CLI writes them), so every line is a finding."""

from __future__ import annotations

import json
from typing import TextIO

from lexicon.glossary.types import Glossary
from lexicon.model import FileResult
from lexicon.report import RenderOptions
from lexicon.report.json_format import finding_dict, visible


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    for r in results:
        for f in visible(r, options):
            record = {"path": r.path, "lang": r.lang, **finding_dict(f)}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
