"""The JSON report writes a finding from pieces encoded once per term and context
(report/json_format.py): the text must be exactly what encoding the whole finding gives."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.check.spool import FindingSpool, SpooledFindings
from lexicon.model import Context, Provenance, Severity
from lexicon.readers import Limits, stream
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


def test_findings_kept_on_disk_are_written_as_the_findings_they_stand_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file's findings are written from the spool's records without being made into
    objects: the text is what encoding the findings gives, with and without info ones."""
    monkeypatch.setattr(FindingSpool, "HOLD", 0)  # on disk from the first
    path = tmp_path / "report.txt"
    path.write_text(corpus(60_000, seed=22), encoding="utf-8")
    parts = stream.plan(path, Limits(), part_bytes=4_000, margin=16_000, at_least=0)
    assert parts is not None
    result = Linter(builtin_glossary(), Settings()).check_parts(parts)
    assert isinstance(result.findings, SpooledFindings) and result.findings._spool.on_disk
    assert any(isinstance(r, tuple) for r in result.findings.records())
    assert {f.severity for f in result.findings} == {Severity.INFO, Severity.WARNING, Severity.ERROR}
    for show_info in (False, True):
        options = RenderOptions(show_info=show_info, tool_version="1")
        out = io.StringIO()
        write_compact([result], out, options)
        assert out.getvalue() == json.dumps(document([result], options), ensure_ascii=False)


def test_a_folder_report_is_what_encoding_it_whole_gives_one_write_per_file(tmp_path: Path) -> None:
    """Files with and without findings, a finding listing related places (mixed terms), an
    unreadable file and names JSON escapes: the compact report is the whole document's
    encoding, and each file's part of it is written at once (with Python unbuffered, each
    write is a system call)."""
    (tmp_path / "mixed.md").write_text(
        "# Annual review\n\nThe unit handled child pornography cases. Reports of child sexual abuse material rose.\n", encoding="utf-8"
    )
    (tmp_path / "plain.txt").write_text("The ministry published guidance for schools.\n", encoding="utf-8")
    (tmp_path / 'quote"d é.txt').write_text("The agency reviewed child prostitution cases.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    linter = Linter(builtin_glossary(), Settings())
    results = [linter.check_path(p) for p in sorted(tmp_path.iterdir())]
    assert any(r.error for r in results) and any(f.related for r in results for f in r.findings)

    class Writes(io.StringIO):
        calls = 0

        def write(self, text: str) -> int:
            Writes.calls += 1
            return super().write(text)

    for show_info in (False, True):
        options = RenderOptions(show_info=show_info, tool_version="1")
        out = Writes()
        Writes.calls = 0
        write_compact(results, out, options)
        assert out.getvalue() == json.dumps(document(results, options), ensure_ascii=False)
        assert Writes.calls == len(results) + 2  # the head, a write per file, the summary


def test_a_file_with_a_long_list_of_places_is_written_as_it_is_encoded(tmp_path: Path) -> None:
    """A finding that lists thousands of places (mixed terms in a long report): the file's
    report is the whole document's encoding, written in parts, not made as one string."""
    from lexicon.model import Position, Related

    (tmp_path / "mixed.md").write_text("The unit handled child pornography cases and child sexual abuse material.\n", encoding="utf-8")
    result = Linter(builtin_glossary(), Settings()).check_path(tmp_path / "mixed.md")
    places = tuple(Position(line=1 + i, column=1, offset=100 * i) for i in range(2500))
    long_list = replace(result.findings[0], related=(Related(term="child pornography", count=2500, positions=places),))
    result = replace(result, findings=(long_list, *result.findings[1:]))
    options = RenderOptions(show_info=True, tool_version="1")
    pieces: list[str] = []

    class Parts(io.StringIO):
        def write(self, text: str) -> int:
            pieces.append(text)
            return super().write(text)

    out = Parts()
    write_compact([result], out, options)
    assert out.getvalue() == json.dumps(document([result], options), ensure_ascii=False)
    assert len(pieces) > 4 and max(len(p) for p in pieces) < len(out.getvalue()) / 2
