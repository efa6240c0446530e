"""A wheel ships the cache entries a first run of the built-in glossary makes (issue 15: an
empty cache, as in a fresh CI container or a first pre-commit run, costs what a warm one
does). Made by `python -m lexicon.check.prebuilt`; read before the user's cache; keyed by
content, so a different glossary is still parsed and checked; a damaged entry changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lexicon import cache

ROOT = Path(__file__).resolve().parents[1]
NOTE = "# Annual report\n\nThe hotline received reports of child pornography in 2024.\nThe agency spoke of a child prostitute.\n"
KINDS = ("yaml-", "valid-", "language-", "patterns-", "gates-")
# the CLI, with the package's prebuilt folder set to argv[1] ("" for none)
RUN = (
    "import sys\nfrom pathlib import Path\nfrom lexicon import cache\n"
    "cache._prebuilt[:] = [Path(sys.argv[1]) if sys.argv[1] else None]\n"
    "sys.argv = ['lexicon', *sys.argv[2:]]\nfrom lexicon.cli import main\nmain()\n"
)


def python(*args: str, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEXICON_CACHE_DIR": str(cache_dir)}
    env.pop("LEXICON_NO_CACHE", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("prebuilt") / "entries"
    made = python("-m", "lexicon.check.prebuilt", str(folder), cache_dir=folder.parent / "unused")
    assert made.returncode == 0, made.stderr
    assert not (folder.parent / "unused").exists(), "making the entries wrote to a cache"
    return folder


def check(tmp_path: Path, folder: Path | None, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """A first run (its own empty cache) of `lexicon check`; its output and the entries it
    had to build and store."""
    cache_dir = tmp_path / f"cache-{len(list(tmp_path.glob('cache-*')))}"
    out = python("-c", RUN, str(folder or ""), "check", "--no-config", *args, cache_dir=cache_dir)
    stored = sorted(p.name for p in cache_dir.glob("*.bin")) if cache_dir.exists() else []
    return out, stored


@pytest.mark.slow  # makes the entries and runs lexicon in fresh Pythons on empty caches
def test_the_entries_cover_every_built_in_file_and_language_selection(prebuilt):
    names = [p.name for p in prebuilt.glob("*.bin")]
    glossary_files = [p for p in (ROOT / "terms").glob("*.yaml")]
    assert len([n for n in names if n.startswith("yaml-")]) == len(glossary_files)
    assert len([n for n in names if n.startswith("valid-")]) == len(glossary_files) - 2  # not the spelling tables
    assert len([n for n in names if n.startswith("language-")]) == len(list((ROOT / "terms" / "languages").glob("*.yaml")))
    assert len([n for n in names if n.startswith("patterns-")]) == len([n for n in names if n.startswith("gates-")]) >= 2


@pytest.mark.slow  # makes the entries and runs lexicon in fresh Pythons on empty caches
def test_a_first_run_reads_them_builds_nothing_and_finds_the_same(prebuilt, tmp_path):
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    for args in ((str(note),), ("--lang", "en", "-f", "json", str(note))):
        shipped, stored = check(tmp_path, prebuilt, *args)
        plain, built = check(tmp_path, None, *args)
        assert shipped.returncode == plain.returncode == 1, shipped.stderr + plain.stderr
        assert shipped.stdout == plain.stdout and "child prostitute" in shipped.stdout
        assert [n for n in stored if n.startswith(KINDS)] == []
        assert {n.split("-")[0] for n in built} >= {"yaml", "valid", "patterns", "gates"}  # what they spared


@pytest.mark.slow  # makes the entries and runs lexicon in fresh Pythons on empty caches
def test_a_house_glossary_is_still_parsed_and_checked(prebuilt, tmp_path):
    house = tmp_path / "house.yaml"
    house.write_text("section: {id: house, title: House}\nconcepts:\n  - id: house-term\n    terms: {en: []}\n", encoding="utf-8")
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    out, stored = check(tmp_path, prebuilt, "--glossary", str(house), str(note))
    assert out.returncode == 2
    assert "house.yaml" in out.stderr and "definition" in out.stderr


@pytest.mark.slow  # makes the entries and runs lexicon in fresh Pythons on empty caches
def test_damaged_entries_are_rebuilt_not_believed(prebuilt, tmp_path):
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for entry in prebuilt.glob("*.bin"):
        (damaged / entry.name).write_bytes(b'{"not": "an entry"')
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    bad, _ = check(tmp_path, damaged, str(note))
    plain, _ = check(tmp_path, None, str(note))
    assert bad.returncode == plain.returncode == 1, bad.stderr
    assert bad.stdout == plain.stdout


def test_while_recording_entries_are_built_and_the_cache_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LEXICON_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_checked", {})
    calls = []

    def build() -> bytes:
        calls.append(1)
        return b"data"

    with cache.record() as made:
        assert cache.cached_bytes("patterns", "k1", build) == b"data"
        assert cache.cached_bytes("patterns", "k1", build) == b"data"
    assert made == {"patterns-k1": b"data"} and len(calls) == 2
    assert not (tmp_path / "cache").exists()
    assert cache.cached_bytes("patterns", "k1", build) == b"data"  # after it: the cache again
    assert [p.name.startswith("patterns-k1") for p in (tmp_path / "cache").glob("*.bin")] == [True]


def test_a_shipped_entry_is_read_before_the_cache_and_a_refused_one_is_built(tmp_path, monkeypatch):
    """The quick loop's version of the end-to-end tests above: the lookup order, in process."""
    shipped = tmp_path / "prebuilt"
    shipped.mkdir()
    (shipped / "patterns-k2.bin").write_bytes(b"shipped")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LEXICON_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_checked", {})
    monkeypatch.setattr(cache, "_prebuilt", [shipped])
    assert cache.cached_bytes("patterns", "k2", lambda: b"built") == b"shipped"
    assert cache.cached_bytes("patterns", "k2", lambda: b"built", check=lambda data: data != b"shipped") == b"built"
    assert cache.cached_bytes("yaml", "other-key", lambda: b"built") == b"built"  # keyed by content: not found
    assert cache.cached_bytes("hyperscan", "k2", lambda: b"built") == b"built"  # a kind never shipped
