"""A loaded glossary is kept in the cache between runs (lexicon/glossary/kept.py): the next
run gets the same glossary without reading its YAML again, a changed file is read afresh,
an invalid glossary is reported every time, and an entry that is not what it should be
is never believed."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from lexicon import cache
from lexicon.errors import GlossaryError
from lexicon.glossary import kept
from lexicon.glossary import load as loader
from lexicon.glossary.load import load_glossary
from tests.conftest import TEST_GLOSSARY


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(path))
    monkeypatch.setattr(loader, "_LOADED", type(loader._LOADED)())  # as a new process: nothing held
    cache._checked.clear()
    return path


@pytest.fixture()
def house(tmp_path) -> Path:
    copy = tmp_path / "house"
    shutil.copytree(TEST_GLOSSARY, copy)
    return copy / "core.yaml"


def new_run() -> None:
    loader._LOADED.clear()


def reasons(glossary) -> dict[str, str | None]:
    return {t.text: t.reason for t in glossary.terms}


def test_the_next_run_gets_the_same_glossary_without_reading_yaml(folder, house, monkeypatch) -> None:
    first = load_glossary([house.parent])
    assert list(folder.glob("glossary-*.bin")), "kept in the cache"
    new_run()

    def no_parse(*_args, **_kwargs):
        raise AssertionError("the YAML was read again")

    monkeypatch.setattr(loader, "_load", no_parse)
    second = load_glossary([house.parent])
    assert second == first and second is not first
    assert reasons(second)["child pornography"] == "implies consent and legitimacy"
    assert loader.content_digest(second) == loader.content_digest(first) is not None


def test_a_changed_file_is_read_afresh(folder, house) -> None:
    assert reasons(load_glossary([house.parent]))["child porn"] == "slang"
    house.write_text(house.read_text(encoding="utf-8").replace("reason: slang", "reason: informal slang"), encoding="utf-8")
    new_run()
    assert reasons(load_glossary([house.parent]))["child porn"] == "informal slang"


def test_an_invalid_glossary_is_reported_on_every_run(folder, house) -> None:
    house.write_text(house.read_text(encoding="utf-8").replace("status: avoid", "status: forbidden", 1), encoding="utf-8")
    for _run in range(2):
        new_run()
        with pytest.raises(GlossaryError) as caught:
            load_glossary([house.parent])
        assert "core.yaml" in str(caught.value.problems[0].path)
    assert not list(folder.glob("glossary-*.bin"))


def test_an_authentic_entry_of_another_shape_is_not_believed(folder, house) -> None:
    expected = load_glossary([house.parent])
    (entry,) = folder.glob("glossary-*.bin")
    label = entry.name[: -len(".bin")]
    secret = (folder / cache.KEY_FILE).read_bytes()
    for payload in (marshal.dumps(({"x": ("too", "short")}, ({}, {}), ())), b"not marshal data", marshal.dumps(None)):
        entry.write_bytes(cache.MAGIC + cache._mac(secret, label, payload) + payload)
        new_run()
        assert load_glossary([house.parent]) == expected


def test_a_damaged_entry_is_replaced(folder, house, monkeypatch) -> None:
    expected = load_glossary([house.parent])
    (entry,) = folder.glob("glossary-*.bin")
    damaged = entry.read_bytes()[:-16] + bytes(16)
    entry.write_bytes(damaged)
    new_run()
    assert load_glossary([house.parent]) == expected
    assert entry.read_bytes() != damaged
    new_run()
    monkeypatch.setattr(loader, "_load", lambda *_a, **_k: pytest.fail("the replaced entry was not used"))
    assert load_glossary([house.parent]) == expected


def test_plain_data_gives_the_glossary_back() -> None:
    glossary = load_glossary()
    again = kept.from_plain(marshal.loads(marshal.dumps(kept.plain(glossary))))
    assert again == glossary
    assert [t.status for t in again.terms] == [t.status for t in glossary.terms]
    assert any(t.provenance is not None for t in again.terms)


def test_a_file_edited_while_it_loads_is_not_kept(folder, house, monkeypatch) -> None:
    real = loader._load

    def editing(*args, **kwargs):
        glossary = real(*args, **kwargs)
        house.write_text(house.read_text(encoding="utf-8").replace("reason: slang", "reason: informal slang"), encoding="utf-8")
        return glossary

    monkeypatch.setattr(loader, "_load", editing)
    assert reasons(load_glossary([house.parent]))["child porn"] == "slang"  # what was read
    assert not list(folder.glob("glossary-*.bin"))  # but not kept under the old bytes' key
    monkeypatch.setattr(loader, "_load", real)
    new_run()
    assert reasons(load_glossary([house.parent]))["child porn"] == "informal slang"
