"""Folders of many files: discovery, excludes, parallel checking, stable order, robustness."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lexicon.check.batch import check_paths, chunk_size
from lexicon.check.pipeline import Settings
from lexicon.cli import app
from lexicon.discover import discover
from tests.conftest import TEST_GLOSSARY
from tests.office_fixtures import pdf, simple_docx
from tests.project_env import project_fixture  # noqa: F401

TERM = "The briefing cites reports of child pornography from {}.\n"


def make_tree(root: Path, count: int = 40) -> list[Path]:
    made = []
    for i in range(count):
        folder = root / f"region{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (f"note{i:03d}.md" if i % 2 else f"note{i:03d}.txt")
        path.write_text(TERM.format(2000 + i) if i % 3 == 0 else "A quiet quarter for the helpline.\n")
        made.append(path)
    return made


def names(result) -> list[str]:
    return [Path(f["path"]).relative_to(result.root).as_posix() for f in json.loads(result.stdout)["files"]]


def test_discover_finds_known_formats_sorted_and_skips_others(tmp_path):
    make_tree(tmp_path, 8)
    (tmp_path / "region0" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.md").write_text("internal")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == sorted(found, key=str) and len(found) == 8
    assert not any(name.endswith(".png") or name.startswith(".git") for name in found)


def test_excludes_are_gitignore_patterns(tmp_path):
    make_tree(tmp_path, 8)
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path], ["region1/", "*.txt", "!region0/note000.txt"])]
    assert "region1/note001.md" not in found
    assert [f for f in found if f.endswith(".txt")] == ["region0/note000.txt"]


def test_explicit_files_are_checked_whatever_their_extension(tmp_path):
    path = tmp_path / "README"
    path.write_text("notes")
    assert discover([path]) == [path]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_folder_output_is_sorted_whatever_the_jobs(jobs, project, runner, tmp_path):  # noqa: F811
    made = make_tree(tmp_path / "docs")
    result = runner.invoke(
        app, ["check", "--format", "json", "-j", jobs, "-g", str(TEST_GLOSSARY), "--exclude", "region3/", str(tmp_path / "docs")]
    )
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    paths = [f["path"] for f in files]
    expected = sorted((str(p) for p in made if "region3" not in str(p)), key=lambda p: Path(p).as_posix())
    assert paths == expected
    with_terms = [f["path"] for f in files if f["findings"]]
    assert with_terms == [p for p in expected if int(Path(p).stem[4:]) % 3 == 0]


def test_mixed_formats_in_one_folder(project, runner, tmp_path):  # noqa: F811
    docs = tmp_path / "mixed"
    docs.mkdir()
    simple_docx(docs / "a.docx", "Intro.", "The memo mentions child pornography.")
    pdf(docs / "b.pdf", [["Page one."], ["The annex lists child prostitutes."]])
    (docs / "c.html").write_text("<p>Coverage of child pornography cases.</p>")
    (docs / "d.md").write_text("# Notes\n\nNothing to flag.\n")
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), str(docs)])
    assert result.exit_code == 1
    out = result.stdout
    assert f"{docs / 'a.docx'} (paragraph 2) error" in out  # Word and PDF: the locator, not lines of extracted text
    assert f"{docs / 'b.pdf'} (page 2, line 1) error" in out
    assert f"{docs / 'c.html'}:1:16" in out
    assert "4 files checked" in out


def test_parallel_and_serial_results_are_equal_and_progress_counts_every_file(glossary, tmp_path):
    paths = sorted(make_tree(tmp_path, 40), key=lambda p: p.as_posix())
    counted: list[int] = []
    serial = check_paths(paths, glossary, Settings(lang="en"), jobs=1)
    parallel = check_paths(list(reversed(paths)), glossary, Settings(lang="en"), jobs=2, progress=counted.append)
    assert [r.path for r in parallel] == [str(p) for p in paths]
    assert [len(r.findings) for r in parallel] == [len(r.findings) for r in serial]
    assert sum(counted) == 40


def test_chunks_leave_work_for_every_worker():
    assert chunk_size(10_000, 2) == 16
    assert chunk_size(40, 2) == 2
    assert chunk_size(5, 4) == 1


def test_a_failing_file_becomes_an_error_not_a_crash(glossary, tmp_path, monkeypatch):
    paths = make_tree(tmp_path, 4)
    from lexicon.check.pipeline import Linter

    real = Linter.check_path

    def flaky(self, path):
        if path.name == "note001.md":
            raise ValueError("reader bug")
        return real(self, path)

    monkeypatch.setattr(Linter, "check_path", flaky)
    results = check_paths(paths, glossary, Settings(lang="en"), jobs=1)
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert errors == {"note001.md": "internal error while checking (ValueError: reader bug)"}
    assert len(results) == 4


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to inject the crash into workers")
def test_a_file_that_kills_its_worker_is_reported_and_the_rest_checked(glossary, tmp_path, monkeypatch):
    paths = make_tree(tmp_path, 24) + [simple_docx(tmp_path / f"memo{i}.docx", "A memo.") for i in range(6)]
    import lexicon.check.batch as runner_module

    real = runner_module.check_one

    def deadly(linter, path, *budget):
        if path.name == "memo3.docx":
            os._exit(3)  # as a crash in a C library would (binary formats are read in workers only)
        return real(linter, path, *budget)

    monkeypatch.setattr(runner_module, "check_one", deadly)
    results = check_paths(paths, glossary, Settings(lang="en"), jobs=2)
    assert len(results) == 30
    errors = {Path(r.path).name: r.error for r in results if r.error}
    assert errors == {"memo3.docx": "the checker process crashed on this file"}


def test_progress_bar_goes_to_stderr_on_a_terminal(linter, tmp_path, monkeypatch):
    import io
    import itertools
    import sys

    from lexicon.cli import check as check_cmd

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err, out = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(check_cmd.time, "monotonic", itertools.count(0.0, 2.0).__next__)  # each call "takes" 2 s
    paths = sorted(make_tree(tmp_path, 30), key=lambda p: p.as_posix())
    results = check_cmd._with_progress(paths, linter, 2)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert out.getvalue() == ""  # the report's stream stays clean
    assert "checking" in err.getvalue()
