"""The JSON report writes a finding from pieces encoded once per term and context
(report/json_format.py): the text must be exactly what encoding the whole finding gives."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from lexicon.check.pipeline import Linter, Settings
from lexicon.model import Context, Provenance, Severity
from lexicon.report import RenderOptions
from lexicon.report.json_format import document, finding_dict, write_compact
from tests.conftest import builtin_glossary
from tests.speed_corpus import corpus


def test_each_finding_is_written_as_encoding_it_whole_gives(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(corpus(30_000, seed=21, markdown=True), encoding="utf-8")
    result = Linter(builtin_glossary(), Settings()).check_path(path)
    findings = list(result.findings)
    assert {f.context for f in findings} >= {None, Context.TITLE, Context.QUOTED}
    # values the corpus does not give: a page locator, characters JSON escapes, no provenance
    odd = replace(
        findings[0], locator="page 3, line 2", matched='the "term"\tand\\ \u2028\x01', before="\u00e9t\u00e9 \U0001f600", after=""
    )
    bare = replace(findings[0], provenance=None, suggestions=(), confirmed=None, lang=None, severity=Severity.INFO)
    noted = replace(findings[0], provenance=Provenance("body", "quoted", "https://example.org/x", None, None, "A body", "a note"))
    for f in [*findings, odd, bare, noted, odd]:
        out = io.StringIO()
        write_compact([replace(result, findings=(f,))], out, RenderOptions(show_info=True, tool_version="1"))
        whole = json.dumps(document([replace(result, findings=(f,))], RenderOptions(show_info=True, tool_version="1")), ensure_ascii=False)
        assert out.getvalue() == whole, finding_dict(f)
