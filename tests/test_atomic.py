"""Atomic writes: the old content survives a refused or failed write."""

from __future__ import annotations

import os

import pytest

from lexicon.atomic import atomic_writer, write_atomic


def test_new_file_is_written(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, "Child sexual abuse material\n")
    assert target.read_text(encoding="utf-8") == "Child sexual abuse material\n"


def test_existing_file_is_kept_without_overwrite(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "original"


def test_overwrite_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("original", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)


def test_failed_write_leaves_no_fragment(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("original", encoding="utf-8")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_report_that_fails_half_written_leaves_the_old_one_whole(tmp_path):
    """`check -o FILE` writes the report as it is rendered; a renderer that fails part-way
    leaves the previous report as it was and no fragment beside it."""
    target = tmp_path / "report.json"
    target.write_text('{"previous": "report"}\n', encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target, overwrite=True) as handle:
        handle.write(b'{"files": [')
        raise RuntimeError("the renderer failed")
    assert target.read_text(encoding="utf-8") == '{"previous": "report"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    with atomic_writer(target, overwrite=True) as handle:
        handle.write(b'{"files": ')
        handle.write(b"[]}\n")
    assert target.read_text(encoding="utf-8") == '{"files": []}\n'
