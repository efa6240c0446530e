"""The cache cannot run code or change a result: no pickle, authenticated entries, content
keys, a private folder, no symlinks followed, bounded reads."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from lexicon import cache
from lexicon.check.pipeline import Linter, Settings
from lexicon.cli import app
from lexicon.glossary import load_glossary
from lexicon.readers import markdown
from tests.conftest import TEST_GLOSSARY
from tests.project_env import use_builtin

TEXT = "The hotline received reports of child pornography in 2023."


def new_process() -> None:
    """Forget what this process already holds, as a new run would: the cache folder's checks
    and the glossaries, matchers and databases kept in memory, so the next check reads the
    disk cache again."""
    from lexicon.check.context import classify
    from lexicon.check.context import finder as titles
    from lexicon.check.match import ellipsis
    from lexicon.check.match import scan as scanners
    from lexicon.check.match import terms as matcher
    from lexicon.glossary import load

    cache._checked.clear()
    classify.context_cues.cache_clear()  # the context cues, kept compiled in the cache
    classify._hits_scanner.cache_clear()  # (the scanner holds its database)
    ellipsis._suspended.cache_clear()
    scanners._DATABASES.clear()
    titles._FINDERS.clear()
    titles._OF_GLOSSARY.clear()
    load._LOADED.clear()
    matcher._SHARED.clear()


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Iterator[Path]:
    from lexicon.check.context import finder as titles
    from lexicon.check.match import scan as scanners
    from lexicon.check.match import terms as matcher
    from lexicon.glossary import load

    path = tmp_path / "cache"
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(path))
    monkeypatch.delenv("LEXICON_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_checked", {})
    monkeypatch.setattr(cache, "_warning", [])
    # what the process already holds in memory, given back after the test (which may forget
    # it to read its own cache folder) so later tests need not compile again; the glossaries
    # and matchers are forgotten from the start, so every load reads this folder
    held = dict(scanners._DATABASES), dict(titles._FINDERS), dict(load._LOADED), dict(matcher._SHARED), dict(titles._OF_GLOSSARY)
    load._LOADED.clear()
    matcher._SHARED.clear()
    yield path
    scanners._DATABASES.update(held[0])
    titles._FINDERS.update(held[1])
    load._LOADED.update(held[2])
    matcher._SHARED.update(held[3])
    titles._OF_GLOSSARY.update(held[4])


def matched(glossary) -> list[str]:
    result = Linter(glossary, Settings(lang="en")).check_document(markdown.from_text(TEXT, "t.md"))
    return [f.matched for f in result.findings]


class Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_folder_is_created_private(folder):
    load_glossary([TEST_GLOSSARY], builtin=False)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600


def test_planted_pickle_never_runs_and_is_replaced(folder, tmp_path):
    new_process()  # the databases must come from this test's cache folder
    expected = matched(load_glossary([TEST_GLOSSARY], builtin=False))
    marker = tmp_path / "code-ran"
    bomb = pickle.dumps(Payload(marker))
    entries = sorted(folder.glob("*.bin"))
    assert entries, "the first run fills the cache"
    for entry in entries:  # an attacker who can write the folder but not read the key
        entry.write_bytes(cache.MAGIC + os.urandom(32) + bomb)
    new_process()
    assert matched(load_glossary([TEST_GLOSSARY], builtin=False)) == expected
    assert not marker.exists()
    for entry in entries:  # replaced by an authentic entry
        assert bomb not in entry.read_bytes()


def test_forged_glossary_entry_is_not_believed(folder):
    """A well-formed entry claiming the glossary is empty (so every finding would vanish)."""
    new_process()  # the databases must come from this test's cache folder
    source = TEST_GLOSSARY / "core.yaml"
    load_glossary([TEST_GLOSSARY], builtin=False)
    key = cache.key_for("yaml", hashlib.sha256(source.read_bytes()).hexdigest())
    forged = b'{"data": {"section": {"id": "x", "title": "x"}, "concepts": []}, "lines": []}'
    (folder / f"yaml-{key}.bin").write_bytes(cache.MAGIC + os.urandom(32) + forged)
    new_process()
    assert matched(load_glossary([TEST_GLOSSARY], builtin=False)) == ["child pornography"]


def test_never_matching_hyperscan_database_changes_nothing(folder, monkeypatch):
    from lexicon.check.match import scan as scanners

    monkeypatch.setattr(scanners, "PYTHON_TEXT", 0)  # a short text too uses (and caches) the databases
    new_process()  # the databases must come from this test's cache folder
    hs = pytest.importorskip("hyperscan")
    glossary = load_glossary([TEST_GLOSSARY], builtin=False)
    expected = matched(glossary)
    assert expected == ["child pornography"]
    db = hs.Database()
    db.compile(expressions=[b"qqqqzzzzqqqq"], ids=[0], flags=[0])
    silent = hs.dumpb(db)
    entries = sorted(folder.glob("hyperscan-*.bin"))
    assert entries
    for entry in entries:
        old = entry.read_bytes()
        entry.write_bytes(old[: len(cache.MAGIC) + 32] + silent)  # even keeping a real MAC of other data
    new_process()
    assert matched(load_glossary([TEST_GLOSSARY], builtin=False)) == expected
    assert all(silent not in e.read_bytes() for e in entries)


def test_same_size_edit_with_old_mtime_is_not_served_stale(folder, tmp_path):
    new_process()  # the databases must come from this test's cache folder
    path = tmp_path / "house.yaml"
    shutil.copy(TEST_GLOSSARY / "core.yaml", path)
    before = load_glossary([path], builtin=False)
    text = path.read_text(encoding="utf-8")
    stamp = path.stat()
    edited = text.replace("child pornography", "child pornogrXphy", 1)
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    after = load_glossary([path], builtin=False)
    assert {t.text for t in before.terms} != {t.text for t in after.terms}
    assert "child pornogrXphy" in {t.text for t in after.terms}


def test_symlinked_entry_is_not_followed(folder, tmp_path):
    new_process()  # the databases must come from this test's cache folder
    load_glossary([TEST_GLOSSARY], builtin=False)
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not the cache's")
    entry = next(iter(folder.glob("glossary-*.bin")))  # what a warm load reads first
    entry.unlink()
    entry.symlink_to(secret)
    new_process()
    assert matched(load_glossary([TEST_GLOSSARY], builtin=False)) == ["child pornography"]
    assert secret.read_text() == "not the cache's"
    assert not entry.is_symlink()


def test_oversized_entry_is_not_read(folder):
    new_process()  # the databases must come from this test's cache folder
    load_glossary([TEST_GLOSSARY], builtin=False)
    entry = next(iter(folder.glob("glossary-*.bin")))  # what a warm load reads first
    with entry.open("r+b") as handle:
        handle.truncate(cache.MAX_ENTRY_BYTES + 4096)  # sparse
    assert cache.read_bounded(entry, cache.MAX_ENTRY_BYTES) is None
    new_process()
    assert matched(load_glossary([TEST_GLOSSARY], builtin=False)) == ["child pornography"]


def test_world_writable_folder_is_refused_with_one_warning(folder, runner, tmp_path, monkeypatch):
    use_builtin(monkeypatch, tmp_path / "builtin")  # only the test glossary: compiled without a cache in a moment
    folder.mkdir()
    folder.chmod(0o777)
    planted = folder / "yaml-0.bin"
    planted.write_bytes(b"x")
    doc = tmp_path / "doc.md"
    doc.write_text(TEXT + "\n")
    result = runner.invoke(app, ["check", "--no-config", "-g", str(TEST_GLOSSARY), str(doc)])
    assert result.exit_code == 1, result.output
    warnings = [line for line in result.stderr.splitlines() if "cache" in line]
    assert warnings == [
        f"lexicon: warning: cache folder {folder} can be written by other users (mode 777; chmod 700 it); running without a cache"
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["yaml-0.bin"]  # nothing read or written there


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the folder away")
def test_foreign_folder_is_refused(folder):
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    assert cache.usable_folder() is None
    assert "belongs to another user" in cache.take_warning()
    assert cache.take_warning() is None  # once


def test_symlinked_folder_is_refused(folder, tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    folder.symlink_to(real, target_is_directory=True)
    assert cache.usable_folder() is None
    assert "symbolic link" in cache.take_warning()


def test_cache_module_never_unpickles():
    import lexicon.cache
    import lexicon.check.match.compiled
    import lexicon.check.match.scan
    import lexicon.glossary.kept
    import lexicon.glossary.load
    import lexicon.glossary.safe_read

    modules = (
        lexicon.cache,
        lexicon.glossary.load,
        lexicon.glossary.safe_read,
        lexicon.glossary.kept,
        lexicon.check.match.scan,
        lexicon.check.match.compiled,
    )
    for module in modules:
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "import pickle" not in source and "pickle.load" not in source


def test_folder_is_private_even_under_umask_000(folder):
    old = os.umask(0)
    try:
        load_glossary([TEST_GLOSSARY], builtin=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
