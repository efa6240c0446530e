"""A re-run's walk shared by two processes (lexicon/audit/split_walk.py): the same documents
as one process walking, whoever takes which part, and nothing lost when the helper fails."""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

import pytest

from lexicon.audit import manifest, split_walk, store
from lexicon.audit.manifest import plan
from lexicon.cli import app
from tests.audit_archive import (
    build,
    only_test_glossary_fixture,  # noqa: F401  (a fixture)
    refuse_listing,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux only")


def audit(runner, *args):
    return runner.invoke(app, ["audit", "--no-config", *map(str, args)])


def tree(root: Path) -> None:
    """Documents at every depth, a flat folder, and what the walk leaves out."""
    names = [
        "top.md",
        "a/one.md",
        "a/b/two.txt",
        "a/b/c/three.md",
        "a/b/c/d/four.md",
        "drafts/skipped.md",
        "audit/old-output.md",
        ".git/ignored.md",
        "e/notes.docx.bak",
        *(f"flat/doc{i:02d}.md" for i in range(7)),
        *(f"org-{o}/{y}/report.md" for o in "xyz" for y in (2019, 2020)),
    ]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("The report uses agreed terms.\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "a", target_is_directory=True)


@pytest.mark.parametrize("pattern", [None, "{org}/{year}/*"])
def test_the_parts_of_a_walk_hold_what_the_walk_holds(tmp_path, monkeypatch, pattern):
    """Cut into parts at any size (folders at several depths, a flat folder in pieces), the
    walk yields the same documents, with the same metadata, once each."""
    root = tmp_path / "archive"
    tree(root)
    (tmp_path / "loose.md").write_text("The report uses agreed terms.\n", encoding="utf-8")
    monkeypatch.setattr(manifest, "SPLIT_FILES", 3)
    for folders in (1, 2, 4, 100):
        monkeypatch.setattr(manifest, "SPLIT_FOLDERS", folders)
        walk = plan([str(root), str(tmp_path / "loose.md")], exclude=["drafts/"], pattern=pattern, output=root / "audit").docs
        parts = walk.parts()
        assert parts is not None and len(parts) >= (2 if folders == 1 else 5)
        in_parts = [doc for part in parts for doc in part()]
        assert sorted(in_parts) == sorted(walk)
        assert len(in_parts) == 1 + 4 + 7 + 6 + 1  # and a file given by itself
    assert not any("drafts" in str(doc[0]) or "audit/" in str(doc[0]) or "linked" in str(doc[0]) for doc in walk)


def test_a_walk_of_paths_inside_one_another_is_not_cut(tmp_path):
    """A document under two of the paths given keeps the row walked last, as in one walk:
    such a walk stays whole."""
    root = tmp_path / "archive"
    tree(root)
    assert plan([str(root), str(root / "a")]).docs.parts() is None
    assert plan([str(root), str(root)]).docs.parts() is None
    assert plan([str(root / "a" / "one.md"), str(root / "a")]).docs.parts() is None
    assert plan([str(root / "a"), str(root / "flat")]).docs.parts() is not None


def test_a_folder_that_cannot_be_listed_comes_from_a_part_too(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    tree(root)
    locked = root / "a" / "b"
    refuse_listing(monkeypatch, locked)
    monkeypatch.setattr(manifest, "SPLIT_FOLDERS", 100)
    walk = plan([str(root)]).docs
    parts = walk.parts()
    assert parts is not None
    in_parts = sorted(doc for part in parts for doc in part())
    assert in_parts == sorted(walk)
    assert (str(locked), None, str(locked)) in in_parts


def docs(count: int, pause: float = 0.0):
    """Parts of 10 documents each; every third document is not kept."""

    def part(n: int):
        time.sleep(pause)
        for i in range(10):
            yield (f"part{n}/doc{i}", f"stamp{i}", f"/abs/part{n}/doc{i}")

    return [lambda n=n: part(n) for n in range(count)]


def keep(doc) -> bool:
    return not doc[0].endswith(("doc0", "doc3", "doc6", "doc9"))


def sift(found: list[str]):
    def run(walked):
        for doc in walked:
            if keep(doc):
                found.append(doc[0])
            else:
                yield doc

    return run


def test_two_processes_share_the_parts_and_every_document_is_sorted_once(tmp_path):
    parts = docs(40, pause=0.01)
    here: list[str] = []
    helper: list[str] = []
    walked = split_walk.walk_in_two(parts, sift(here), keep, helper.append)
    assert walked is not None
    others = [doc[0] for doc in walked]
    every = [f"part{n}/doc{i}" for n in range(40) for i in range(10)]
    assert sorted(here + helper + others) == sorted(every)  # each once
    assert sorted(others) == sorted(p for p in every if not keep((p,)))
    assert here and helper  # both walked some: the helper's kept paths came back


def test_a_helper_that_fails_leaves_its_parts_to_the_run(tmp_path):
    run = os.getpid()
    plain = docs(20, pause=0.01)

    def failing(n: int):
        def part():
            if os.getpid() != run:
                raise RuntimeError("the helper fails")
            return plain[n]()

        return part

    here: list[str] = []
    helper: list[str] = []
    changed: list[int] = []
    walked = split_walk.walk_in_two([failing(n) for n in range(20)], sift(here), keep, helper.append, lambda: changed.append(1))
    assert walked is not None
    others = [doc[0] for doc in walked]
    assert helper == []
    assert len(here) + len(others) == 200 and len(set(here + others)) == 200


def test_a_pipe_too_small_for_the_part_numbers_leaves_the_walk_to_the_run(monkeypatch):
    """Where a pipe's buffer is smaller (a user over their pipe limit gets one page), the
    numbers of the parts do not all fit: the run walks alone instead of waiting forever."""
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, data[:4096]))
    assert split_walk.walk_in_two(docs(2000), sift([]), keep, list().append) is None
    monkeypatch.undo()
    walked = split_walk.walk_in_two(docs(10), sift([]), keep, list().append)
    assert walked is not None and len(list(walked)) == 40


def test_the_run_takes_the_walk_alone_while_another_thread_runs():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert split_walk.walk_in_two(docs(4), sift([]), keep, list().append) is None  # forking now is unsafe
    finally:
        stop.set()
        other.join()


def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.usefixtures("only_test_glossary")
def test_a_rerun_walked_by_two_processes_finds_every_change(runner, tmp_path, monkeypatch):
    """Added, changed and removed documents anywhere in the archive are found when two
    processes share the walk, and the outputs equal a run from scratch."""
    monkeypatch.setattr(store, "SPLIT_MIN", 0)
    monkeypatch.setattr(manifest, "SPLIT_FOLDERS", 4)
    shared: list[int] = []
    real = split_walk.walk_in_two

    def counted(*args, **kwargs):
        walked = real(*args, **kwargs)
        shared.append(walked is not None)
        return walked

    monkeypatch.setattr(store, "walk_in_two", counted)
    archive, out, fresh = tmp_path / "archive", tmp_path / "out", tmp_path / "fresh"
    made = build(archive, 30)
    assert audit(runner, archive, "-o", out).exit_code == 0
    assert shared == []  # a first run: nothing shown, nothing to keep
    build(archive, 2, start=30)
    made[4].write_text("Briefing 4\n\nA revised note on child sexual abuse material.\n", encoding="utf-8")
    made[11].unlink()
    made[20].unlink()
    result = audit(runner, archive, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "audited 30 document(s): 3 checked, 27 from the cache" in result.stderr
    assert shared == [True]
    assert audit(runner, archive, "-o", fresh).exit_code == 0
    for name in ("documents.csv", "variants.csv"):
        assert rows(out / name) == rows(fresh / name)
    unchanged = audit(runner, archive, "-o", out)
    assert "0 checked, 30 from the cache" in unchanged.stderr
    assert shared == [True, True]
