"""Limits configuration cannot lift, the per-file time budget, streamed output, safe writes
and escaped output (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import time
from pathlib import Path

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.cli import app
from lexicon.glossary import load_glossary
from lexicon.report.escape import printable
from tests.conftest import TEST_GLOSSARY
from tests.project_env import project_fixture  # noqa: F401

GOOD = "The agency reviewed reports of child pornography in 2023.\n"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("setup", ["dev-zero", "fifo", "billion-laughs", "jobs-400", "max-size-1e15"])
def test_configuration_cases_end_in_one_line_within_two_seconds(setup, project, runner):  # noqa: F811
    (project / "good.txt").write_text(GOOD)
    if setup == "fifo":
        os.mkfifo(project / "pipe.yaml")
    (project / "laughs.yaml").write_text(LAUGHS)
    config = {
        "dev-zero": "glossary: /dev/zero\n",
        "fifo": "glossary: pipe.yaml\n",
        "billion-laughs": "glossary: laughs.yaml\n",
        "jobs-400": f"glossary: {TEST_GLOSSARY}\njobs: 400\n",
        "max-size-1e15": "max-size: 1000000000000000\n",
    }[setup]
    (project / ".lexicon.yaml").write_text(config)
    before = peak_mb()
    started = time.monotonic()
    result = runner.invoke(app, ["check", "good.txt"])
    assert time.monotonic() - started < 2.0
    assert peak_mb() - before < 200  # bounded memory: nothing expanded or read without end
    if setup == "jobs-400":
        assert result.exit_code == 1 and result.stderr == ""  # capped, not an error
        return
    expected = {
        "dev-zero": "/dev/zero: not a regular file",
        "fifo": f"{project / 'pipe.yaml'}: not a regular file",
        "billion-laughs": f"{project / 'laughs.yaml'}:2: YAML aliases (*name) are not allowed here",
        "max-size-1e15": f"lexicon: {project / '.lexicon.yaml'}: 'max-size' must be a whole number from 1 to 4096",
    }[setup]
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(expected)


def test_jobs_are_capped_at_cpus_and_files(tmp_path, monkeypatch):
    import lexicon.check.batch as runner_module
    from lexicon.cli.check import cpus

    asked: list[int] = []
    real = runner_module._pool
    monkeypatch.setattr(runner_module, "_pool", lambda linter, jobs: asked.append(jobs) or real(linter, jobs))
    for i in range(10):
        (tmp_path / f"n{i}.docx").write_text("not a zip")
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["check", "--no-config", "-f", "json", "-j", "400", "-g", str(TEST_GLOSSARY), str(tmp_path)])
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)["files"]) == 10
    assert all(n <= min(cpus(), 10) for n in asked)


def _stall_on(monkeypatch, name: str) -> None:
    real = Linter.check_document

    def stall(self, document):
        if document.path.endswith(name):
            while True:  # pure Python, as a slow regular expression would be
                pass
        return real(self, document)

    monkeypatch.setattr(Linter, "check_document", stall)


def test_over_budget_file_in_a_worker_is_reported_and_the_rest_checked(tmp_path, monkeypatch):
    from lexicon.check.batch import check_paths

    _stall_on(monkeypatch, "slow.docx")  # .docx: read in a worker process
    from tests.office_fixtures import simple_docx

    paths = [simple_docx(tmp_path / "slow.docx", "A memo.")]
    for i in range(9):
        (tmp_path / f"note{i}.md").write_text(GOOD)
        paths.append(tmp_path / f"note{i}.md")
    started = time.monotonic()
    results = check_paths(paths, load_glossary([TEST_GLOSSARY], builtin=False), Settings(lang="en"), jobs=2, timeout=0.2)
    assert time.monotonic() - started < 30
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert errors == {"slow.docx": "not checked: took longer than 0.2 s (raise the limit with --timeout)"}
    assert sum(len(r.findings) for r in results) == 9


def test_findings_stream_before_later_files_finish(project, runner, monkeypatch):  # noqa: F811
    """The first file's findings are on standard output while the second is being checked."""
    (project / "a.txt").write_text(GOOD)
    (project / "b.txt").write_text(GOOD)
    seen: list[str] = []
    real = Linter.check_document

    def spy(self, document):
        if document.path.endswith("b.txt"):
            import sys

            seen.append(sys.stdout.buffer.getvalue().decode())
        return real(self, document)

    monkeypatch.setattr(Linter, "check_document", spy)
    result = runner.invoke(app, ["check", "-f", "json-lines", "-j", "1", "-g", str(TEST_GLOSSARY), "a.txt", "b.txt"])
    assert result.exit_code == 1
    assert [json.loads(line)["path"] for line in seen[0].splitlines()] == ["a.txt"]
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == ["a.txt", "b.txt"]


def test_export_never_replaces_without_force_and_replaces_atomically(project, runner):  # noqa: F811
    target = project / "terms.csv"
    target.write_text("my own notes\n")
    result = runner.invoke(app, ["export", "-f", "csv", "-o", "terms.csv", "--no-builtin", "-g", str(TEST_GLOSSARY)])
    assert result.exit_code == 2 and target.read_text() == "my own notes\n"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", "terms.csv", "--force", "--no-builtin", "-g", str(TEST_GLOSSARY)])
    assert result.exit_code == 0 and "child pornography" in target.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in project.iterdir()) == ["terms.csv"]  # no temporary file left


def test_export_on_a_full_disk_keeps_the_original(project, runner, monkeypatch):  # noqa: F811
    target = project / "terms.csv"
    target.write_text("my own notes\n")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = runner.invoke(app, ["export", "-f", "csv", "-o", "terms.csv", "--force", "--no-builtin", "-g", str(TEST_GLOSSARY)])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert target.read_text() == "my own notes\n"
    assert sorted(p.name for p in project.iterdir()) == ["terms.csv"]


def test_csv_formulas_are_neutralised_and_restored_on_import(tmp_path):
    from lexicon.exchange.csv_format import read_csv, write_csv

    house = tmp_path / "house.yaml"
    house.write_text(
        "section: {id: house, title: House terms}\nconcepts:\n  - id: house-formula\n"
        '    definition: "=HYPERLINK(\\"https://example.org\\") a definition that starts like a formula."\n'
        "    sources: [{title: House style guide 2026}]\n    terms:\n      en:\n"
        '        - {term: "@child in care", status: preferred}\n        - {term: "+looked-after kid", status: avoid, rephrase: ["-child in care"], '
        'reason: informal register for a report, provenance: {who: team, how: inferred, url: "https://example.org/house"}}\n'
        '    examples:\n      en:\n        flag: ["The +looked-after kid was placed."]\n        ok: ["The @child in care was placed."]\n',
        encoding="utf-8",
    )
    glossary = load_glossary([house], builtin=False)
    text = write_csv(glossary)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'=HYPERLINK" in text and "'@child in care" in text
    imported = read_csv(text.encode("utf-8"), "x.csv")
    terms = [t["term"] for s in imported for c in s["concepts"] for ts in c["terms"].values() for t in ts]
    assert sorted(terms) == ["+looked-after kid", "@child in care"]


def test_terminal_escapes_never_reach_the_terminal(project, runner):  # noqa: F811
    (project / "note.txt").write_text("Reports of child pornography\x1b]0;owned\x07\x1b[2J rose.\n")
    result = runner.invoke(app, ["check", "-j", "1", "-g", str(TEST_GLOSSARY), "note.txt"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;owned\\x07" in result.stdout


def test_printable_escapes_controls_and_bidi_overrides():
    assert printable("a\nb\r\x1b[31m\u202egnp.exe") == "a\\nb\\r\\x1b[31m\\u202egnp.exe"
    assert printable("plain – text “quoted”") == "plain – text “quoted”"


def test_standard_input_is_read_with_a_bound(runner):
    result = runner.invoke(
        app, ["check", "--no-config", "--max-size", "1", "-g", str(TEST_GLOSSARY), "-"], input=b"child pornography " * 70_000
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "-: standard input too large (> 1 MB limit; raise it with --max-size)"


def test_glossary_name_with_a_newline_stays_on_one_line(project, runner):  # noqa: F811
    bad = project / "house\nlexicon: all clear.yaml"
    bad.write_text("section: [unclosed\n")
    (project / "good.txt").write_text(GOOD)
    result = runner.invoke(app, ["check", "-g", str(bad), "good.txt"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{project}/house\\nlexicon: all clear.yaml:2: invalid YAML") and len(lines) == 2


def test_standard_input_has_the_time_budget_too(runner, monkeypatch):
    _stall_on(monkeypatch, "-")
    started = time.monotonic()
    result = runner.invoke(app, ["check", "--no-config", "--timeout", "0.1", "-g", str(TEST_GLOSSARY), "-"], input=GOOD)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert result.stderr.strip() == "-: not checked: took longer than 0.1 s (raise the limit with --timeout)"


def test_over_budget_file_in_one_process_is_reported_and_the_handler_given_back(tmp_path, monkeypatch):
    """A serial run sets the alarm handler once for all its files: a file over budget
    still gets its error, the next files are checked, and the caller's handler is back
    after the run."""
    import signal

    from lexicon.check.batch import check_paths

    _stall_on(monkeypatch, "slow.md")
    paths = []
    for name in ("a.md", "slow.md", "z.md"):
        (tmp_path / name).write_text(GOOD)
        paths.append(tmp_path / name)

    def mine(_signum, _frame):
        raise AssertionError("the run's own timer went off outside the run")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        results = check_paths(paths, load_glossary([TEST_GLOSSARY], builtin=False), Settings(lang="en"), jobs=1, timeout=0.2)
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert errors == {"slow.md": "not checked: took longer than 0.2 s (raise the limit with --timeout)"}
    assert sum(len(r.findings) for r in results) == 2
