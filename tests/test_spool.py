"""A large file checked in parts keeps its findings on disk until the report (issue 15: a
1 GB file held 863 MB of findings): the reports are byte for byte those of the file read
whole, and the findings are not held as objects while the file is checked."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexicon.check.pipeline import Linter, Settings
from lexicon.check.spool import FindingSpool, SpooledFindings
from lexicon.cli import app
from lexicon.model import Finding, Severity
from lexicon.readers import Limits, read_document, stream
from tests.conftest import builtin_glossary
from tests.speed_corpus import corpus

MARGIN = 16_000


@pytest.fixture(autouse=True)
def spill_at_once(monkeypatch):
    """These tests are about findings on disk: spill them from the first (a real run holds
    up to FindingSpool.HOLD findings in memory first; see the test at the end)."""
    monkeypatch.setattr(FindingSpool, "HOLD", 0)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spool") / "report.txt"
    path.write_text(corpus(50_000, seed=21), encoding="utf-8")
    return path


def parts_of(path: Path, part_bytes: int = 3_000) -> list[stream.Part]:
    parts = stream.plan(path, Limits(), part_bytes=part_bytes, margin=MARGIN, at_least=0)
    assert parts is not None and len(parts) > 5
    return parts


# the quick loop: each format once, with and without info findings; the other five slow
QUICK_REPORTS = {
    ("text", "--hide-info"),
    ("json", "--show-info"),
    ("sarif", "--hide-info"),
    ("json-lines", "--hide-info"),
    ("github", "--show-info"),
}


@pytest.mark.parametrize(
    ("fmt", "info"),
    [
        (fmt, info) if (fmt, info) in QUICK_REPORTS else pytest.param(fmt, info, marks=pytest.mark.slow)
        for fmt in ("text", "json", "sarif", "json-lines", "github")
        for info in ("--hide-info", "--show-info")
    ],
)
def test_every_report_of_a_file_checked_in_parts_is_the_same_text(report, monkeypatch, fmt, info):
    args = ["check", "--no-config", "--format", fmt, info, "--fail-on", "never", "-j", "1", str(report)]
    whole = CliRunner().invoke(app, args)
    monkeypatch.setattr(stream, "STREAM_MIN", 1_000)
    monkeypatch.setattr(stream, "PART_BYTES", 3_000)
    monkeypatch.setattr(stream, "MARGIN_BYTES", MARGIN)
    parts = CliRunner().invoke(app, args)
    assert whole.exit_code == parts.exit_code == 0, parts.output
    assert parts.stdout == whole.stdout
    assert "child" in parts.stdout


def test_statistics_of_a_file_checked_in_parts_are_the_same(report, monkeypatch):
    args = ["check", "--no-config", "--statistics", "--format", "json", "--fail-on", "never", "-j", "1", str(report)]
    whole = CliRunner().invoke(app, args)
    monkeypatch.setattr(stream, "STREAM_MIN", 1_000)
    monkeypatch.setattr(stream, "PART_BYTES", 3_000)
    assert CliRunner().invoke(app, args).stdout == whole.stdout


def live_findings() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Finding)


@pytest.mark.slow  # counts every object on the heap, twice
def test_the_findings_of_the_parts_are_not_held_in_memory(report):
    linter = Linter(builtin_glossary(), Settings())
    parts = parts_of(report)
    before = live_findings()
    result = linter.check_parts(parts)
    held = live_findings() - before
    assert isinstance(result.findings, SpooledFindings)
    assert len(result.findings) > 50
    assert held <= len(result.findings) // 10  # only the document-level rules' few findings
    listed = list(result.findings)  # read back: every one of them
    assert len(listed) == len(result.findings) and live_findings() - before >= len(listed)


def test_spooled_findings_behave_as_the_tuple_they_stand_for(report):
    linter = Linter(builtin_glossary(), Settings())
    spooled = linter.check_parts(parts_of(report)).findings
    whole = linter.check_document(read_document(report)).findings
    assert isinstance(spooled, SpooledFindings) and isinstance(whole, tuple)
    assert spooled == whole and whole == spooled and list(spooled) == list(whole)
    assert len(spooled) == len(whole) and bool(spooled)
    assert spooled[0] == whole[0] and spooled[-1] == whole[-1] and spooled[3:7] == whole[3:7]
    with pytest.raises(IndexError):
        spooled[len(whole)]
    assert pickle.loads(pickle.dumps(spooled)) == whole  # sent to another process: a plain tuple
    shown = spooled.without_info()
    assert list(shown) == [f for f in whole if f.severity is not Severity.INFO]
    assert len(shown) == len(list(shown)) and shown.counts[Severity.INFO] == 0
    assert {s: spooled.counts[s] for s in Severity} == {s: sum(f.severity is s for f in whole) for s in Severity}


@pytest.mark.parametrize("show_info", [False, True])
def test_the_sarif_log_written_result_by_result_is_the_same_text(report, tmp_path, show_info):
    import io
    import json

    from lexicon.report import RenderOptions
    from lexicon.report.sarif import document, render

    linter = Linter(builtin_glossary(), Settings())
    clean = tmp_path / "clean.txt"
    clean.write_text("The annual report of the agency.\n", encoding="utf-8")
    missing = linter.check_path(tmp_path / "missing.txt")
    for results in ([linter.check_parts(parts_of(report)), missing, linter.check_path(clean)], [linter.check_path(clean)], []):
        options = RenderOptions(show_info=show_info, tool_version="9.9")
        out = io.StringIO()
        render(results, linter.glossary, out, options)
        expected = json.dumps(document(results, linter.glossary, options, Path.cwd()), ensure_ascii=False, indent=2) + "\n"
        assert out.getvalue() == expected


def test_a_finding_listing_many_places_is_written_as_json_writes_it(report):
    """A mixed-terms finding in a large file lists every use of its concept: written a
    thousand places at a time, kept as numbers, the same text as json.dumps gives."""
    import io
    import json
    from dataclasses import replace

    from lexicon.check.spool import Positions, compact
    from lexicon.model import FileResult, Position, Related
    from lexicon.report import RenderOptions
    from lexicon.report.json_format import document, write_compact

    linter = Linter(builtin_glossary(), Settings())
    result = linter.check_document(read_document(report))
    mixed = next(f for f in result.findings if f.rule == "mixed-terms")
    many = tuple(Position(line=k + 1, column=k % 70 + 1, offset=40 * k) for k in range(2_345))
    big = replace(mixed, related=(Related("child pornography", 2_345, many), Related("child abuse material", 1, many[:1])))
    small = compact(big)
    assert isinstance(small.related[0].positions, Positions) and small == big and big == small
    assert small.related[0].positions[-1] == many[-1] and list(small.related[0].positions) == list(many)
    for finding in (big, small):
        results = [replace(result, findings=(result.findings[0], finding)), FileResult(path="x.txt", lang=None, error="no such file")]
        out = io.StringIO()
        write_compact(results, out, RenderOptions(show_info=True, tool_version="9.9"))
        assert out.getvalue() == json.dumps(document(results, RenderOptions(show_info=True, tool_version="9.9")), ensure_ascii=False)


@pytest.mark.parametrize("sent", [False, True])
def test_uses_past_two_billion_lines_or_columns_keep_their_positions(sent: bool):
    from lexicon.check.rules.document import Excerpts
    from lexicon.check.rules.use import Use
    from lexicon.check.spool import UseStore
    from lexicon.model import Position

    term = builtin_glossary().terms[0]
    store = UseStore()
    far = 2**31 + 5

    def add(uses: list[Use], excerpts: Excerpts) -> None:
        if sent:  # as a part checked in another process brings them
            store.add_store(pickle.loads(pickle.dumps(UseStore.of(uses, excerpts))))
        else:
            store.add(uses, excerpts)

    add([Use(10, 20, term, None)], Excerpts({10: Position(3, 4, 10), 20: Position(3, 14, 20)}, {10: term.text}, {}))
    add(
        [Use(far, far + 10, term, None)],
        Excerpts({far: Position(far, 1, far), far + 10: Position(far, 11, far + 10)}, {far: term.text}, {}),
    )
    excerpts = store.excerpts([0, 1])
    assert excerpts.position(10) == Position(3, 4, 10) and excerpts.position(far + 10) == Position(far, 11, far + 10)
    assert excerpts.written(far, far + 10) == term.text and len(store.terms) == 1


def test_the_json_report_is_written_as_files_finish(tmp_path, monkeypatch):
    """A run over many files writes each file's JSON as soon as it and the files before it
    are done (a parallel run then writes it while the last files are checked): the first
    file's report is out before the last file is checked, and the whole is one document."""
    import json
    import sys

    from lexicon.check import batch

    for i in range(4):
        (tmp_path / f"note-{i}.md").write_text("The report mentions child pornography.\n", encoding="utf-8")
    written: list[int] = []
    original = batch.check_one

    def spy(linter, path, timeout=None):
        sys.stdout.flush()
        written.append(len(sys.stdout.buffer.getvalue()))
        return original(linter, path, timeout)

    monkeypatch.setattr(batch, "check_one", spy)
    result = CliRunner().invoke(app, ["check", "--no-config", "-f", "json", "-j", "1", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert len(written) == 4 and written[0] < written[1] < written[2] < written[3]  # before: nothing until the end
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / f"note-{i}.md") for i in range(4)]


@pytest.mark.parametrize("hold", [10**9, 25])  # never spilled; spilled part-way through
def test_findings_held_in_memory_up_to_the_limit_are_the_same_in_the_same_order(report, monkeypatch, hold):
    monkeypatch.setattr(FindingSpool, "HOLD", hold)
    linter = Linter(builtin_glossary(), Settings())
    spooled = linter.check_parts(parts_of(report)).findings
    whole = linter.check_document(read_document(report)).findings
    assert isinstance(spooled, SpooledFindings) and len(whole) > 50
    assert spooled._spool.on_disk is (hold < len(whole))
    assert list(spooled) == list(whole)


@pytest.mark.parametrize("hold", [0, 10_000])
def test_parts_sent_from_another_process_give_the_same_findings_and_counts(report: Path, hold: int) -> None:
    """A part's result crosses to the process writing the report with its findings encoded
    as the spool keeps them (-j splitting one file): the file's findings, their order and
    the counts per severity are those of the parts checked in the same process."""
    linter = Linter(builtin_glossary(), Settings())
    parts = parts_of(report)
    doc_lang, legal_doc = linter.whole_file(parts)
    local = [linter.check_part(part, doc_lang, legal_doc) for part in parts]
    sent = [pickle.loads(pickle.dumps(r)) for r in local]
    assert all(not isinstance(r.findings, list) and not isinstance(r.uses, list) for r in sent)  # encoded, not objects
    assert sum(len(r.findings) for r in local) > 20
    here = linter.combine(str(report), local, doc_lang, hold=hold)
    there = linter.combine(str(report), sent, doc_lang, hold=hold)
    assert list(there.findings) == list(here.findings)
    assert there.findings.counts == here.findings.counts  # type: ignore[attr-defined]
    assert (there.stats, there.suppressed, there.languages, there.lang) == (here.stats, here.suppressed, here.languages, here.lang)
    assert any(f.rule == "mixed-terms" for f in there.findings) and any(f.rule == "acronym" for f in there.findings)
