"""Large plain-text files are checked in parts (issue 15): the findings, their lines and
columns, the statistics and the document-level rules are those of a check of the whole
text, wherever the parts are cut: inside a sentence, a quotation, a title, a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.model import FileResult
from lexicon.readers import Limits, read_document, stream
from tests.conftest import builtin_glossary
from tests.speed_corpus import BLOCKS, PASSAGES, corpus

MARGIN = 16_000  # bytes: the engine looks at most about 10,000 characters around a match


def whole(path: Path) -> FileResult:
    return Linter(builtin_glossary(), Settings()).check_document(read_document(path))


def in_parts(path: Path, part_bytes: int, margin: int = MARGIN) -> FileResult:
    parts = stream.plan(path, Limits(), part_bytes=part_bytes, margin=margin, at_least=0)
    assert parts is not None and len(parts) > 1
    return Linter(builtin_glossary(), Settings()).check_parts(parts)


def same(a: FileResult, b: FileResult) -> None:
    assert [f.start for f in a.findings] == [f.start for f in b.findings]
    assert a.findings == b.findings
    assert (a.stats, a.suppressed, a.lang, a.languages) == (b.stats, b.suppressed, b.lang, b.languages)


@pytest.mark.parametrize("part_bytes", [2_000, 7_777, 30_000])
def test_parts_give_the_findings_of_the_whole_file(tmp_path: Path, part_bytes: int) -> None:
    path = tmp_path / "report.txt"
    path.write_text(corpus(60_000, seed=15), encoding="utf-8")
    result = in_parts(path, part_bytes)
    same(result, whole(path))
    assert {f.rule for f in result.findings} >= {"avoid-term", "mixed-terms", "acronym"}


def test_a_cut_inside_a_long_line_keeps_lines_and_columns(tmp_path: Path) -> None:
    """No line break near a planned cut: the part starts inside a line, and columns on that
    line are still counted from where the line starts in the file."""
    line = " ".join(PASSAGES * 8)  # one line of about 14,000 characters with terms all along
    path = tmp_path / "one-line.txt"
    path.write_text("Title of the note\n\n" + line + "\n\n" + line + "\n", encoding="utf-8")
    result = in_parts(path, 3_000)
    same(result, whole(path))
    assert max(f.start.column for f in result.findings) > 10_000


def test_a_byte_order_mark_and_characters_above_u_ffff_keep_offsets(tmp_path: Path) -> None:
    text = corpus(30_000, seed=3).replace("delegates", "delegates \U0001f4ca")
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    same(in_parts(path, 2_500), whole(path))


def test_a_file_that_is_not_utf8_after_all_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad byte deep in a large file: the same one-line error as when it is read whole."""
    monkeypatch.setattr(stream, "STREAM_MIN", 1_000)
    monkeypatch.setattr(stream, "PART_BYTES", 2_000)
    data = corpus(20_000, seed=4).encode("utf-8")
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:15_000] + b"\xff" + data[15_000:])
    result = Linter(builtin_glossary(), Settings()).check_path(path)
    assert result.error is not None and "invalid UTF-8 at byte 15000" in result.error


def test_the_cli_checks_a_large_file_in_parts_with_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from lexicon.cli import app

    path = tmp_path / "report.txt"
    path.write_text(corpus(40_000, seed=8), encoding="utf-8")
    args = ["check", "--no-config", "--format", "json", "--fail-on", "never", "-j", "1", str(path)]
    before = CliRunner().invoke(app, args)
    monkeypatch.setattr(stream, "STREAM_MIN", 1_000)
    monkeypatch.setattr(stream, "PART_BYTES", 4_000)
    monkeypatch.setattr(stream, "MARGIN_BYTES", MARGIN)
    calls: list[int] = []
    original = Linter.check_part
    monkeypatch.setattr(Linter, "check_part", lambda self, *a: calls.append(1) or original(self, *a))
    after = CliRunner().invoke(app, args)
    assert before.exit_code == after.exit_code == 0
    assert len(calls) >= 5
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["files"][0]["findings"]


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

PIECES = [*PASSAGES, *BLOCKS, "\u201cThe Council said that", "sextortion remains a concern,\u201d the report adds.", "\n", "\n\n", "   "]


@hypothesis.settings(deadline=None, max_examples=15)
@hypothesis.given(pieces=st.lists(st.sampled_from(PIECES), min_size=20, max_size=80), part_bytes=st.integers(300, 5_000))
def test_any_cut_gives_the_findings_of_the_whole_file(tmp_path_factory: pytest.TempPathFactory, pieces: list[str], part_bytes: int) -> None:
    """Terms, sentences, quotations and titles straddle the cuts wherever they fall."""
    path = tmp_path_factory.mktemp("cuts") / "text.txt"
    path.write_text(" ".join(pieces), encoding="utf-8")
    parts = stream.plan(path, Limits(), part_bytes=part_bytes, margin=MARGIN, at_least=0)
    assert parts is not None
    same(Linter(builtin_glossary(), Settings()).check_parts(parts), whole(path))


@pytest.mark.parametrize("statistics", [False, True])
def test_the_json_report_written_finding_by_finding_is_the_same_text(tmp_path: Path, statistics: bool) -> None:
    import io

    from lexicon.report import RenderOptions
    from lexicon.report.json_format import document, write_compact

    path = tmp_path / "report.txt"
    path.write_text(corpus(20_000, seed=9), encoding="utf-8")
    results = [whole(path), FileResult(path="missing.txt", lang=None, error="no such file"), whole(path)]
    for show_info in (False, True):
        options = RenderOptions(show_info=show_info, statistics=statistics, tool_version="9.9")
        out = io.StringIO()
        write_compact(results, out, options)
        assert out.getvalue() == json.dumps(document(results, options), ensure_ascii=False)


@pytest.mark.slow  # starts worker processes
def test_jobs_split_one_large_file_across_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-j 2 on one large file: its parts are checked by two worker processes, and the result
    is that of one process; files around it keep their order."""
    import os

    from lexicon.check import batch as runner

    monkeypatch.setattr(stream, "STREAM_MIN", 20_000)
    monkeypatch.setattr(stream, "PART_BYTES", 5_000)
    monkeypatch.setattr(stream, "MARGIN_BYTES", MARGIN)
    large = tmp_path / "b-large.txt"
    large.write_text(corpus(60_000, seed=11), encoding="utf-8")
    small = tmp_path / "a-small.txt"
    small.write_text(corpus(2_000, seed=12), encoding="utf-8")
    last = tmp_path / "c-small.md"
    last.write_text(corpus(2_000, seed=13), encoding="utf-8")
    here = os.getpid()
    marks = tmp_path / "marks"
    marks.mkdir()
    original = Linter.check_part

    def elsewhere(self: Linter, *args: object) -> object:
        assert os.getpid() != here, "a part was checked in the parent process"
        (marks / f"{os.getpid()}-{args[0].core_lo}").touch()  # type: ignore[attr-defined]
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Linter, "check_part", elsewhere)
    linter = Linter(builtin_glossary(), Settings())
    results = list(runner.iter_results([small, large, last], linter.glossary, linter.settings, jobs=2, linter=linter))
    assert [Path(r.path).name for r in results] == ["a-small.txt", "b-large.txt", "c-small.md"]
    same(results[1], whole(large))
    assert results[1].findings
    assert results[0] == linter.check_path(small) and results[2] == linter.check_path(last)
    parts = stream.plan(large, Limits())
    assert parts is not None and len(list(marks.iterdir())) == len(parts) > 5


@hypothesis.settings(max_examples=300)
@hypothesis.given(
    st.lists(st.sampled_from(["a", ".", "/", "org", "ORG", "info", "io", "eu", " ", "\u212a", "com", "(", "\n", "é"]), max_size=30)
)
def test_bare_domains_are_found_from_the_slashes_as_the_expression_finds_them(pieces: list[str]) -> None:
    """URL blanking looks for "missingkids.org/..." from each slash instead of trying the
    expression at every full stop of the text: the same matches, at the same places."""
    from lexicon.readers.text import BARE_DOMAIN, _bare_domains

    text = "".join(pieces)
    assert _bare_domains(text) == [(m.start(), m.end()) for m in BARE_DOMAIN.finditer(text)]


@pytest.mark.parametrize("block", [97, 1_000, 1 << 20])
def test_parts_are_placed_in_the_whole_file_whatever_its_blocks_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """Each part's character offset, line and line start are counted a block of bytes at a
    time (plain ASCII blocks without decoding): blocks all ASCII, all not, cut inside a
    character or a line, with and without a line break, give the places of the decoded text."""
    lines = [f"Plain ASCII report line number {i} on national statistics." for i in range(300)]
    lines[40:60] = ["Le rapport du minist\u00e8re \u00e9voque la coop\u00e9ration \U0001f4ca entre services."] * 20
    lines[120] = "x" * 3_000  # a block without a line break
    text = "\ufeff" + "\n".join(lines) + "\n\n" + "Cl\u00f4ture." * 50
    path = tmp_path / "places.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(stream, "BLOCK", block)
    parts = stream.plan(path, Limits(), part_bytes=1_500, margin=700, at_least=0)
    assert parts is not None and len(parts) > 10
    data = path.read_bytes()
    body = text[1:]
    for part in parts:
        chars = len(data[3 : part.lo].decode("utf-8"))
        assert part.chars == chars
        assert part.line == body.count("\n", 0, chars) + 1
        assert part.line_start == body.rfind("\n", 0, chars) + 1


def test_a_part_knows_where_its_core_starts_and_ends_in_its_text(tmp_path: Path) -> None:
    """The core's character offsets in the part's text, for parts all ASCII (a character a
    byte) and parts with characters of two, three and four bytes."""
    text = "\n".join(["Plain report line on national statistics."] * 200 + ["R\u00e9sum\u00e9 \u2014 donn\u00e9es \U0001f4ca."] * 200)
    path = tmp_path / "cores.txt"
    path.write_text(text, encoding="utf-8")
    parts = stream.plan(path, Limits(), part_bytes=1_000, margin=300, at_least=0)
    assert parts is not None
    data = path.read_bytes()
    ascii_parts = 0
    for part in parts:
        doc, lo, hi = stream.read_part(part)
        assert doc.text[:lo] == data[part.lo : part.core_lo].decode("utf-8")
        assert doc.text[lo:hi] == data[part.core_lo : part.core_hi].decode("utf-8")
        ascii_parts += data[part.lo : part.hi].isascii()
    assert 0 < ascii_parts < len(parts)
