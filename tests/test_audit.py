"""`lexicon audit`: per-document counts with metadata, CSV and Parquet, the result cache
(incremental, resumable, shared by concurrent runs), the report and bad input."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path

import pytest

from lexicon.cli import app
from tests.audit_archive import build, refuse_listing
from tests.conftest import TEST_GLOSSARY

# Without the audit extra the module is skipped; looked up, not imported (pyarrow takes
# ~0.2 s to import, paid by the tests that write Parquet).
AUDIT_EXTRA = find_spec("pyarrow") is not None and find_spec("pygal") is not None
pytestmark = [
    pytest.mark.skipif(not AUDIT_EXTRA, reason="needs the audit extra (pyarrow, pygal)"),
    pytest.mark.usefixtures("only_test_glossary"),
]
from tests.audit_archive import only_test_glossary_fixture  # noqa: E402,F401  (the fixture above)

OUTPUTS = ("documents.csv", "variants.csv", "documents.parquet", "variants.parquet", "report.html")


def audit(runner, *args):
    return runner.invoke(app, ["audit", "--no-config", *map(str, args)])


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_counts_each_variant_by_context_with_manifest_metadata(runner, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.md").write_text(
        "# Annual report\n\nThe agency recorded more reports of child sexual abuse material.\n\n"
        "The hotline received more reports of child pornography in 2024.\n\n"
        'The minister said: "Reports of child pornography rose again this year."\n',
        encoding="utf-8",
    )
    (archive / "b.txt").write_text("The ministry funded training for judges and prosecutors.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,year,org,type\narchive/a.md,2019,Hotline A,annual report\narchive/b.txt,2024,Ministry B,policy\n", encoding="utf-8"
    )
    result = audit(runner, archive, "-o", tmp_path / "out", "--metadata", manifest, "-j", "1")
    assert result.exit_code == 0, result.output
    docs = {Path(r["path"]).name: r for r in rows(tmp_path / "out" / "documents.csv")}
    a, b = docs["a.md"], docs["b.txt"]
    assert (a["year"], a["org"], a["type"], b["year"], b["org"]) == ("2019", "Hotline A", "annual report", "2024", "Ministry B")
    assert (a["uses"], a["own_voice"], a["agreed"], a["avoid"], a["agreed_share"]) == ("3", "2", "1", "1", "0.5")
    assert a["concepts"] == "child-sexual-abuse-material" and a["lang"] == "en" and len(a["sha256"]) == 64
    assert (b["uses"], b["agreed_share"], b["error"]) == ("0", "", "")
    variants = [(r["term"], r["status"], r["context"], r["count"]) for r in rows(tmp_path / "out" / "variants.csv")]
    assert variants == [
        ("child pornography", "avoid", "own", "1"),
        ("child pornography", "avoid", "quoted", "1"),
        ("child sexual abuse material", "preferred", "own", "1"),
    ]
    assert "2 document(s): 2 checked, 0 from the cache" in result.stderr


def test_parquet_copies_hold_the_same_rows_as_the_csv(runner, tmp_path):
    import pyarrow.parquet as pq

    build(tmp_path / "archive", 30)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--pattern", "{org}/{year}/*", "-j", "1").exit_code == 0
    for name in ("documents", "variants"):
        table = pq.read_table(tmp_path / "out" / f"{name}.parquet").to_pylist()
        expected = rows(tmp_path / "out" / f"{name}.csv")
        assert len(table) == len(expected) > 0
        for got, want in zip(table, expected, strict=True):
            assert {k: "" if v is None else str(v) for k, v in got.items()} == want
    docs = pq.read_table(tmp_path / "out" / "documents.parquet")
    assert str(docs.schema.field("uses").type) == "int64" and str(docs.schema.field("agreed_share").type) == "double"


def test_path_pattern_gives_organisation_and_year(runner, tmp_path):
    build(tmp_path / "archive", 6)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--pattern", "{org}/{year}/*").exit_code == 0
    for row in rows(tmp_path / "out" / "documents.csv"):
        org, year = Path(row["path"]).parts[-3:-1]
        assert (row["org"], row["year"]) == (org, year)


def test_rerun_checks_only_new_and_changed_documents_and_changes_nothing(runner, tmp_path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 40)
    assert audit(runner, archive, "-o", out, "--pattern", "{org}/{year}/*", "-j", "1").exit_code == 0
    first = {name: (out / name).read_bytes() for name in OUTPUTS}
    again = audit(runner, archive, "-o", out, "--pattern", "{org}/{year}/*", "-j", "1")
    assert "40 document(s): 0 checked, 40 from the cache" in again.stderr
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == first
    build(archive, 2, start=40)
    changed = sorted(archive.rglob("note0003.md"))[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nThe hotline received more reports of child pornography in 2024.\n", encoding="utf-8"
    )
    result = audit(runner, archive, "-o", out, "--pattern", "{org}/{year}/*", "-j", "1")
    assert "42 document(s): 3 checked, 39 from the cache" in result.stderr
    # a fresh run in worker processes (one per CPU) writes the same bytes as the serial, incremental one
    fresh = audit(runner, archive, "-o", tmp_path / "fresh", "--pattern", "{org}/{year}/*")
    assert "0 from the cache" in fresh.stderr
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_different_glossary_does_not_reuse_results(runner, tmp_path):
    build(tmp_path / "archive", 5)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out").exit_code == 0
    house = tmp_path / "house.yaml"
    house.write_text((TEST_GLOSSARY / "core.yaml").read_text(encoding="utf-8").replace("slang", "slang, informal"), encoding="utf-8")
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-g", house)
    assert "5 checked, 0 from the cache" in result.stderr


def test_the_same_glossary_in_another_folder_reuses_results(runner, tmp_path):
    """A lexicon installed again elsewhere (a new virtual environment) reads the same glossary
    bytes from another path: the archive's results still count."""
    build(tmp_path / "archive", 5)
    for folder in ("first-install", "second-install"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "house.yaml").write_text((TEST_GLOSSARY / "core.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-g", tmp_path / "first-install" / "house.yaml")
    assert "5 checked, 0 from the cache" in first.stderr
    again = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-g", tmp_path / "second-install" / "house.yaml")
    assert "0 checked, 5 from the cache" in again.stderr, again.stderr


def _interrupted(runner, tmp_path, monkeypatch, after: int) -> None:
    """Audit tmp_path/archive into tmp_path/out, the run killed after `after` results came."""
    from lexicon.audit import engines

    real = engines.run_local

    class Killed(Exception):
        pass

    def dies(linter, paths, jobs, count):
        for n, item in enumerate(real(linter, paths, 1, count)):
            if n == after:
                raise Killed
            yield item

    monkeypatch.setattr(engines, "run_local", dies)
    with pytest.raises(Killed):
        runner.invoke(app, ["audit", "--no-config", str(tmp_path / "archive"), "-o", str(tmp_path / "out")], catch_exceptions=False)
    monkeypatch.setattr(engines, "run_local", real)


def test_an_interrupted_run_resumes_where_it_stopped(runner, tmp_path, monkeypatch):
    from lexicon.audit import run

    build(tmp_path / "archive", 30)
    monkeypatch.setattr(run, "STORE_BATCH", 10)
    _interrupted(runner, tmp_path, monkeypatch, 12)
    assert not (tmp_path / "out" / "documents.csv").exists()  # no half-written outputs
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-j", "1")
    assert "30 document(s): 20 checked, 10 from the cache" in result.stderr


def test_a_run_stores_its_results_a_quarter_at_a_time_at_least(runner, tmp_path, monkeypatch):
    """However quickly the results come, a run commits them at least every quarter of the
    documents it checks: interrupted after 500 of 600, it keeps 450 of them."""
    from lexicon.audit import run

    build(tmp_path / "archive", 600)
    monkeypatch.setattr(run, "STORE_SECONDS", 3600.0)  # no commit for the time it takes
    _interrupted(runner, tmp_path, monkeypatch, 500)
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-j", "1")
    assert "600 document(s): 150 checked, 450 from the cache" in result.stderr, result.stderr


def test_results_are_stored_every_so_often_however_slowly_they_come(monkeypatch):
    """A run checking slow documents commits what it has every so often (here every second;
    an interruption loses at most that much), not only once a full batch has come."""
    from lexicon.audit import store

    now = [0.0]

    def results():  # (result, when it comes)
        for item, when in [("a", 0.0), ("b", 0.4), ("c", 1.2), ("d", 1.3), ("e", 1.5), ("f", 2.6)]:
            now[0] = when
            yield item

    monkeypatch.setattr(store.time, "monotonic", lambda: now[0])
    assert list(store.iter_batches(results(), 5000, 1.0)) == [["a", "b", "c"], ["d", "e", "f"]]
    assert list(store.iter_batches("abcdef", 4)) == [["a", "b", "c", "d"], ["e", "f"]]


@pytest.mark.slow  # starts two Pythons, then a third
def test_concurrent_runs_share_one_cache(tmp_path):
    archive = tmp_path / "archive"
    build(archive, 60)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cache = tmp_path / "shared.sqlite"

    def command(out: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "lexicon",
            "audit",
            "--no-config",
            "-g",
            str(TEST_GLOSSARY),
            str(archive),
            "-o",
            str(tmp_path / out),
            "--cache",
            str(cache),
        ]

    procs = [
        subprocess.Popen([*command(f"out{i}"), "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for i in range(2)
    ]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    for name in OUTPUTS:
        assert (tmp_path / "out0" / name).read_bytes() == (tmp_path / "out1" / name).read_bytes(), name
    third = subprocess.run(command("out2"), capture_output=True, text=True, env=env)
    assert "0 checked, 60 from the cache" in third.stderr


def test_unreadable_document_is_named_and_the_others_are_counted(runner, tmp_path):
    build(tmp_path / "archive", 4)
    (tmp_path / "archive" / "broken.docx").write_bytes(b"not a zip archive")
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert any(line.startswith(str(tmp_path / "archive" / "broken.docx") + ": ") for line in result.stderr.splitlines())
    docs = rows(tmp_path / "out" / "documents.csv")
    assert len(docs) == 5 and [r["error"] != "" for r in docs].count(True) == 1
    # re-runs that keep its row, with a new document spliced in and with nothing new, name it too
    build(tmp_path / "archive", 1, start=4)
    for checked in ("1 checked", "0 checked"):
        again = audit(runner, tmp_path / "archive", "-o", tmp_path / "out")
        assert again.exit_code == 2 and checked in again.stderr, again.stderr
        assert [line for line in again.stderr.splitlines() if "broken.docx" in line] == [
            line for line in result.stderr.splitlines() if "broken.docx" in line
        ]
    # and once it is gone, a re-run has nothing to name
    (tmp_path / "archive" / "broken.docx").unlink()
    fixed = audit(runner, tmp_path / "archive", "-o", tmp_path / "out")
    assert fixed.exit_code == 0 and "broken.docx" not in fixed.stderr, fixed.stderr


def test_bad_manifest_is_one_line_naming_the_file(runner, tmp_path):
    build(tmp_path / "archive", 2)
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,year\na.md,2020\n", encoding="utf-8")
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--metadata", manifest)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"lexicon: {manifest}:1: the manifest needs a header row with a 'path' column"]


def test_a_corrupt_cache_is_refused_and_a_lost_result_is_checked_again(runner, tmp_path):
    import sqlite3

    build(tmp_path / "archive", 3)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--cache", bad)
    assert result.exit_code == 2 and str(bad) in result.stderr and "Traceback" not in result.stderr
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out").exit_code == 0
    before = (tmp_path / "out" / "documents.csv").read_bytes()
    cache = tmp_path / "out" / "cache.sqlite"
    with sqlite3.connect(cache) as db:
        db.execute("DELETE FROM results WHERE hash = (SELECT min(hash) FROM results)")
    assert "1 checked, 2 from the cache" in audit(runner, tmp_path / "archive", "-o", tmp_path / "out").stderr
    assert (tmp_path / "out" / "documents.csv").read_bytes() == before
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE results SET uses = 'many', agreed = x'00ff'")
    # a new output folder, so every row is written from the damaged cache (a re-run into the
    # same folder trusts the rows it wrote last time: docs/audit.md)
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "again", "--cache", cache)
    assert result.exit_code == 0, result.output  # odd values are read as numbers, never trusted as code
    assert {r["uses"] for r in rows(tmp_path / "again" / "documents.csv")} == {"0"}


def test_a_cache_of_the_previous_schema_keeps_its_results(runner, tmp_path):
    """A cache written before the stamp index named the cache key (schema 2) is carried
    over: nothing is checked again, and the outputs stay the same."""
    import sqlite3

    build(tmp_path / "archive", 3)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out").exit_code == 0
    before = (tmp_path / "out" / "documents.csv").read_bytes()
    cache = tmp_path / "out" / "cache.sqlite"
    with sqlite3.connect(cache) as db:  # the schema-2 layout: files(path, stamp, hash), no key
        db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID")
        db.execute("INSERT INTO files SELECT path, stamp, hash FROM known")
        db.execute("DROP TABLE known")
        db.execute("UPDATE meta SET value = '2' WHERE name = 'schema'")
        (key,) = db.execute("SELECT key FROM results LIMIT 1").fetchone()
    from lexicon.audit.store import SCHEMA, ResultStore

    store = ResultStore(cache, key)  # opening it carries the index over, before any file is read
    assert store.query("SELECT value FROM meta WHERE name = 'schema'") == [(str(SCHEMA),)]
    assert store.query("SELECT count(*) FROM known WHERE key = ?", key) == [(3,)]
    store.close()
    assert "0 checked, 3 from the cache" in audit(runner, tmp_path / "archive", "-o", tmp_path / "out").stderr
    assert (tmp_path / "out" / "documents.csv").read_bytes() == before


def test_a_cache_of_schema_3_keeps_its_results_and_its_outputs_are_spliced_into(runner, tmp_path):
    """Schema 3 had no stamps in the rows the outputs show: they are added, empty, and a
    re-run still checks nothing and writes the same files."""
    import sqlite3

    from lexicon.audit.store import SCHEMA

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 4)
    assert audit(runner, archive, "-o", out).exit_code == 0
    with sqlite3.connect(out / "cache.sqlite") as db:
        db.execute("ALTER TABLE shown DROP COLUMN stamp")
        db.execute("UPDATE meta SET value = '3' WHERE name = 'schema'")
    build(archive, 1, start=4)
    assert "1 checked, 4 from the cache" in audit(runner, archive, "-o", out).stderr
    with sqlite3.connect(out / "cache.sqlite") as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == (str(SCHEMA),)
    assert "0 checked, 5 from the cache" in audit(runner, archive, "-o", out).stderr
    _same_as_a_clean_run(runner, tmp_path, out, archive)


def test_every_output_is_on_the_disk_before_it_is_renamed_into_place(runner, tmp_path, monkeypatch):
    """After a power cut each output is the old file or the new one: a run flushes every
    file it puts in place (tables and their Parquet copies, written whole or spliced, and
    the report) to the disk before the rename."""
    record = tmp_path / "flushed"

    def synced(fd: int) -> None:
        found = os.fstat(fd)
        with open(record, "a", encoding="utf-8") as handle:  # also from a forked helper process
            handle.write(f"{found.st_dev}:{found.st_ino}\n")

    monkeypatch.setattr(os, "fsync", synced)
    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 4)
    for added, expected in ((0, "4 checked"), (1, "1 checked, 4 from the cache")):  # written whole, then spliced
        build(archive, added, start=4)
        record.write_text("", encoding="utf-8")
        result = audit(runner, archive, "-o", out)
        assert result.exit_code == 0 and expected in result.stderr
        flushed = set(record.read_text(encoding="utf-8").split())
        for name in OUTPUTS:
            found = (out / name).stat()
            assert f"{found.st_dev}:{found.st_ino}" in flushed, name


def test_missing_extra_says_what_to_install(runner, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    result = audit(runner, tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == "lexicon: lexicon audit needs the 'audit' extra: pip install 'lexicon-lg[audit]' (missing: pyarrow)"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    result = audit(runner, tmp_path, "-o", tmp_path / "out", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2 and result.stderr.strip().endswith("(missing: distributed)")


class _Totals(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag, attrs):
        self._id = dict(attrs).get("id") if tag == "td" else None

    def handle_data(self, data):
        if self._id and self._id.startswith("total-"):
            self.values[self._id[6:]] = data.strip()
            self._id = None


def report_totals(html: str) -> dict[str, str]:
    parser = _Totals()
    parser.feed(html)
    return parser.values


def csv_totals(out: Path) -> dict[str, str]:
    docs = rows(out / "documents.csv")
    readable = [r for r in docs if not r["error"]]
    sums = {k: sum(int(r[k]) for r in readable) for k in ("uses", "own_voice", "agreed", "care", "avoid")}
    return {
        "documents": str(len(docs)),
        "unreadable": str(len(docs) - len(readable)),
        "uses": str(sums["uses"]),
        "own-voice": str(sums["own_voice"]),
        "agreed": str(sums["agreed"]),
        "care": str(sums["care"]),
        "avoid": str(sums["avoid"]),
        "share": f"{sums['agreed'] / sums['own_voice']:.1%}",
    }


def assert_report_totals_equal_the_csv_and_it_needs_no_network(runner, tmp_path):
    build(tmp_path / "archive", 25)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--pattern", "{org}/{year}/*", "-j", "1").exit_code == 0
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert report_totals(html) == csv_totals(tmp_path / "out")
    assert not any(fetch in html for fetch in ("<script", "src=", "<link", "@import", "url(http"))  # nothing to load
    assert html.count("<svg") == 4  # by year, by organisation, terms to avoid, per concept


def test_report_totals_equal_the_csv_and_it_needs_no_network(runner, tmp_path):
    assert_report_totals_equal_the_csv_and_it_needs_no_network(runner, tmp_path)


def test_a_moved_archive_is_recognised_by_content_not_checked_again(runner, tmp_path):
    build(tmp_path / "archive", 12)
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-j", "1").exit_code == 0
    (tmp_path / "archive").rename(tmp_path / "moved")
    result = audit(runner, tmp_path / "moved", "-o", tmp_path / "out")
    assert "12 document(s): 0 checked, 12 from the cache" in result.stderr
    assert all(r["path"].startswith(str(tmp_path / "moved")) for r in rows(tmp_path / "out" / "documents.csv"))


def test_an_output_folder_inside_the_archive_is_not_audited(runner, tmp_path):
    build(tmp_path / "archive", 4)
    for _ in range(2):
        result = audit(runner, tmp_path / "archive", "-o", tmp_path / "archive" / "audit")
        assert result.exit_code == 0 and "audited 4 document(s)" in result.stderr


def test_manifest_rows_match_by_path_and_a_short_row_names_its_line(runner, tmp_path):
    made = build(tmp_path / "archive", 3)
    manifest = tmp_path / "archive" / "manifest.csv"
    first = made[0].relative_to(tmp_path / "archive").as_posix()
    manifest.write_text(f"year,path,org\n2018,{first},Hotline A\n2030,elsewhere/none.md,Nobody\n", encoding="utf-8")
    assert audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--metadata", manifest).exit_code == 0
    meta = {r["path"]: (r["year"], r["org"]) for r in rows(tmp_path / "out" / "documents.csv")}
    assert meta[made[0].as_posix()] == ("2018", "Hotline A")
    assert meta[made[1].as_posix()] == meta[made[2].as_posix()] == ("", "")  # not in the manifest
    manifest.write_text(f"year,path,org\n2018,{first},Hotline A\n2019,{first}\n", encoding="utf-8")
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--metadata", manifest)
    assert result.exit_code == 2 and result.stderr == f"lexicon: {manifest}:3: 2 fields where the header has 3\n"


def test_a_manifest_is_read_again_only_where_it_changed(runner, tmp_path, monkeypatch):
    """The cache keeps the manifest's rows: a re-run reads only the rows appended since, or
    none when the file is unchanged, or all of them after an edit; the outputs are always
    those of a run from scratch."""
    from lexicon.audit.manifest import Manifest

    made = build(tmp_path / "archive", 6)
    manifest = tmp_path / "manifest.csv"
    lines = [f"{p.relative_to(tmp_path).as_posix()},{2016 + i},Org {i % 2}\n" for i, p in enumerate(made)]
    manifest.write_text("path,year,org\n" + "".join(lines[:3]), encoding="utf-8")
    starts: list[int] = []
    real = Manifest.rows
    monkeypatch.setattr(Manifest, "rows", lambda self, start=0, lines=0: starts.append(start) or real(self, start, lines))

    def years(out: str, *more: str) -> list[str]:
        result = audit(runner, tmp_path / "archive", "-o", tmp_path / out, "--metadata", manifest, *more)
        assert result.exit_code == 0, result.output
        year = {r["path"]: r["year"] for r in rows(tmp_path / out / "documents.csv")}
        return [year[p.as_posix()] for p in made]

    assert years("out") == ["2016", "2017", "2018", "", "", ""] and starts == [0]
    # rows appended, one of them giving the first document another year (the later row counts)
    with open(manifest, "a", encoding="utf-8") as handle:
        handle.write("".join(lines[3:]) + lines[0].replace(",2016,", ",2030,"))
    assert years("out") == ["2030", "2017", "2018", "2019", "2020", "2021"]
    assert starts[1] == len("path,year,org\n" + "".join(lines[:3]))  # only the new rows were read
    years("fresh", "--cache", str(tmp_path / "fresh.sqlite"))
    assert (tmp_path / "out" / "documents.csv").read_bytes() == (tmp_path / "fresh" / "documents.csv").read_bytes()
    # unchanged, and written long enough ago for its stamp to be trusted: not read at all
    os.utime(manifest, ns=(time.time_ns() - 10**10,) * 2)
    count = len(starts)
    years("out")  # the stamp changed: the content is compared, and found the same
    assert years("out")[:2] == ["2030", "2017"] and len(starts) == count
    # an edit in the middle: every row again
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(",2017,", ",2040,"), encoding="utf-8")
    assert years("out")[:2] == ["2030", "2040"] and starts[-1] == 0


@pytest.mark.parametrize("block", [1, 7, 16, 1 << 20])
def test_a_grown_manifest_is_read_from_where_the_last_read_ended_wherever_the_blocks_fall(tmp_path, monkeypatch, block):
    """A manifest read in one pass: its first bytes are recognised as the ones read last time
    (only the rows after them are read again), and an edit among them is not missed."""
    from lexicon.audit import manifest as module

    monkeypatch.setattr(module, "READ_BLOCK", block)
    path = tmp_path / "manifest.csv"
    path.write_text("path,year\n" + "".join(f"doc{i}.md,{2016 + i}\n" for i in range(5)), encoding="utf-8")
    first = module.Manifest(path).refresh(None)
    assert first.replace and len(list(first.rows or ())) == 5
    state = first.state()
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("doc5.md,2021\ndoc6.md,2022\n")
    grown = module.Manifest(path).refresh(state)
    assert not grown.replace and [r[1] for r in grown.rows or ()] == ["2021", "2022"]
    path.write_text(path.read_text(encoding="utf-8").replace("doc0.md,2016", "doc0.md,2030"), encoding="utf-8")
    edited = module.Manifest(path).refresh(grown.state())
    assert edited.replace and [r[1] for r in edited.rows or ()] == ["2030", "2017", "2018", "2019", "2020", "2021", "2022"]


def test_an_internal_error_is_reported_and_tried_again_next_time(runner, tmp_path, monkeypatch):
    from lexicon.check.pipeline import Linter

    build(tmp_path / "archive", 3)
    real = Linter.uses

    def fails_once_on_note0001(self, doc, lang, **kw):
        if doc.path.endswith("note0001.md"):
            raise ValueError("simulated library failure")
        return real(self, doc, lang, **kw)

    monkeypatch.setattr(Linter, "uses", fails_once_on_note0001)
    result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 2 and "note0001.md: internal error while checking (ValueError: simulated library failure)" in result.stderr
    monkeypatch.setattr(Linter, "uses", real)
    again = audit(runner, tmp_path / "archive", "-o", tmp_path / "out")
    assert again.exit_code == 0 and "1 checked, 2 from the cache" in again.stderr


def _manifest(archive: Path, path: Path, *, renamed_org: str = "") -> None:
    """One row per document under `archive`: year and organisation from its folders."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "year", "org", "type"])
        for doc in sorted(archive.rglob("note*")):
            org, year = doc.parts[-3:-1]
            writer.writerow(
                [doc.relative_to(path.parent).as_posix(), year, renamed_org if org == "ngo-c" and renamed_org else org, "briefing"]
            )


def _same_as_a_clean_run(runner, tmp_path: Path, out: Path, *args: object) -> None:
    fresh = audit(runner, *args, "-o", tmp_path / "fresh", "--cache", tmp_path / "fresh.sqlite")
    assert "0 from the cache" in fresh.stderr
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


@pytest.fixture
def kept(monkeypatch) -> list[int]:
    """How many documents each run took as its outputs show them, without planning them."""
    from lexicon.audit.store import ResultStore

    counts: list[int] = []
    real = ResultStore.add_documents

    def noted(self, *args, **kwargs):
        count = real(self, *args, **kwargs)
        counts.append(self.kept)
        return count

    monkeypatch.setattr(ResultStore, "add_documents", noted)
    return counts


def test_a_rerun_from_another_folder_reads_no_unchanged_document_when_the_paths_are_absolute(runner, tmp_path, monkeypatch, kept):
    """Absolute paths name the same files from any working folder: a re-run started
    elsewhere (a script, a scheduled job) still takes the documents its outputs show as they
    are without planning them, and writes what a clean run writes."""
    archive, out, manifest = tmp_path / "archive", tmp_path / "out", tmp_path / "manifest.csv"
    build(archive, 6)
    _manifest(archive, manifest)
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path / "first")
    assert audit(runner, archive, "-o", out, "--metadata", manifest).exit_code == 0
    build(archive, 1, start=6)
    monkeypatch.chdir(tmp_path / "second")
    result = audit(runner, archive, "-o", out, "--metadata", manifest)
    assert "1 checked, 6 from the cache" in result.stderr
    assert kept[-1] == 6
    _same_as_a_clean_run(runner, tmp_path, out, archive, "--metadata", manifest)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # a relative path: its outputs show other paths, then its own
        assert audit(runner, "archive", "-o", out, "--metadata", manifest).exit_code == 0
    assert kept[-2:] == [0, 7]


def test_a_rerun_with_a_path_pattern_keeps_unchanged_documents_until_the_pattern_changes(runner, tmp_path, kept):
    """With --pattern, a document's metadata comes from its path below the folder given: a
    re-run with the same pattern and folder takes the unchanged documents as its outputs
    show them; another pattern gives every document its new metadata, as a clean run does."""
    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 6)
    assert audit(runner, archive, "-o", out, "--pattern", "{org}/{year}/*").exit_code == 0
    build(archive, 1, start=6)
    assert "1 checked, 6 from the cache" in audit(runner, archive, "-o", out, "--pattern", "{org}/{year}/*").stderr
    assert kept[-1] == 6
    _same_as_a_clean_run(runner, tmp_path, out, archive, "--pattern", "{org}/{year}/*")
    # the same columns, from other parts of the path: the year is now the file's name
    assert audit(runner, archive, "-o", out, "--pattern", "{org}/*/{year}").exit_code == 0
    assert kept[-1] == 0
    assert {r["year"] for r in rows(out / "documents.csv")} == {Path(r["path"]).name for r in rows(out / "documents.csv")}
    (tmp_path / "fresh").rename(tmp_path / "fresh-before")
    (tmp_path / "fresh.sqlite").unlink()
    _same_as_a_clean_run(runner, tmp_path, out, archive, "--pattern", "{org}/*/{year}")


def test_a_rerun_writes_only_what_changed_and_the_same_files_as_a_clean_run(runner, tmp_path, monkeypatch):
    from lexicon.audit import run, writers

    monkeypatch.setattr(writers, "BATCH", 7)  # several Parquet row groups, so rows move between them
    archive, out, manifest = tmp_path / "archive", tmp_path / "out", tmp_path / "manifest.csv"
    build(archive, 40)
    quoted = archive / "ngo-c" / "2018" / 'note0098, "draft".md'  # a path the CSV quotes, copied from the old file
    quoted.write_text("The hotline received more reports of child pornography in 2024.\n", "utf-8")
    _manifest(archive, manifest)
    assert audit(runner, archive, "-o", out, "--metadata", manifest).exit_code == 0
    for gone in archive.glob("*/2016/*"):  # a whole year goes: it leaves the report's chart
        gone.unlink()
    build(archive, 3, start=40)  # new documents among the old ones
    changed = sorted(archive.rglob("note0003.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe hotline received more reports of child pornography.\n", "utf-8")
    (archive / "hotline-a" / "2017" / "note0099.docx").write_bytes(b"not a zip archive")  # unreadable
    _manifest(archive, manifest, renamed_org="NGO C")  # other metadata for a third of the documents

    def everything(*args: object) -> None:
        raise AssertionError("the re-run wrote every row again")

    with monkeypatch.context() as m:
        m.setattr(run, "_write_all", everything)
        result = audit(runner, archive, "-o", out, "--metadata", manifest)
    assert result.exit_code == 2 and "note0099.docx" in result.stderr
    assert "37 document(s): 5 checked, 32 from the cache, 1 unreadable" in result.stderr
    _same_as_a_clean_run(runner, tmp_path, out, archive, "--metadata", manifest)


def _append_to_manifest(archive: Path, manifest: Path, made: list[Path]) -> None:
    with open(manifest, "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for doc in made:
            org, year = doc.parts[-3:-1]
            writer.writerow([doc.relative_to(manifest.parent).as_posix(), year, org, "briefing"])


def _staged(monkeypatch) -> list[str]:
    """The paths a run stages in SQL (every walked document not shown as it is)."""
    from lexicon.audit import store

    seen: list[str] = []
    real = store._unkept
    monkeypatch.setattr(store, "_unkept", lambda docs, *rest: (seen.append(d[0]) or d for d in real(docs, *rest)))
    return seen


def test_a_rerun_stages_only_the_documents_that_are_not_shown_as_they_are(runner, tmp_path, monkeypatch):
    """With the same manifest rows (only appended to) and the outputs as the last run left
    them, a re-run hands SQL only the new, changed and unreadable documents: the others keep
    their rows. Gone documents leave; the files are those of a clean run."""
    archive, out, manifest = tmp_path / "archive", tmp_path / "out", tmp_path / "manifest.csv"
    build(archive, 30)
    _manifest(archive, manifest)
    assert audit(runner, archive, "-o", out, "--metadata", manifest).exit_code == 0
    for gone in archive.glob("*/2016/*"):
        gone.unlink()
    changed = sorted(archive.rglob("note0003.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe hotline received more reports of child pornography.\n", "utf-8")
    added = build(archive, 3, start=30)
    _append_to_manifest(archive, manifest, added)
    staged = _staged(monkeypatch)
    result = audit(runner, archive, "-o", out, "--metadata", manifest)
    assert result.exit_code == 0 and "27 document(s): 4 checked, 23 from the cache" in result.stderr, result.stderr
    assert sorted(Path(p).name for p in staged) == ["note0003.md", "note0030.txt", "note0031.md", "note0032.txt"]
    _same_as_a_clean_run(runner, tmp_path, out, archive, "--metadata", manifest)
    staged.clear()
    assert "27 document(s): 0 checked, 27 from the cache" in audit(runner, archive, "-o", out, "--metadata", manifest).stderr
    assert staged == []


def test_a_touched_file_is_found_again_by_content_and_kept_as_it_is_from_then_on(runner, tmp_path, monkeypatch):
    archive, out = tmp_path / "archive", tmp_path / "out"
    made = build(archive, 8)
    assert audit(runner, archive, "-o", out).exit_code == 0
    os.utime(made[2], ns=(time.time_ns() - 10**10,) * 2)  # same bytes, another modification time
    staged = _staged(monkeypatch)
    assert "0 checked, 8 from the cache" in audit(runner, archive, "-o", out).stderr
    assert [Path(p).name for p in staged] == [made[2].name]  # looked at once, by its content
    staged.clear()
    assert "0 checked, 8 from the cache" in audit(runner, archive, "-o", out).stderr
    assert staged == []  # its row now carries the new stamp
    _same_as_a_clean_run(runner, tmp_path, out, archive)


def test_outputs_of_more_documents_than_a_rerun_keeps_in_memory_are_planned_in_full(runner, tmp_path, monkeypatch):
    from lexicon.audit import store

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 12)
    assert audit(runner, archive, "-o", out).exit_code == 0
    build(archive, 2, start=12)
    monkeypatch.setattr(store, "MAX_KEPT", 11)
    staged = _staged(monkeypatch)
    assert "2 checked, 12 from the cache" in audit(runner, archive, "-o", out).stderr
    assert staged == []  # the shown rows were not read into memory: every document went to SQL
    _same_as_a_clean_run(runner, tmp_path, out, archive)


@pytest.mark.parametrize("gives_up", ["too many changes", "parquet unusable"])
def test_a_rerun_that_gives_up_splicing_writes_the_kept_documents_too(runner, tmp_path, monkeypatch, gives_up):
    from lexicon.audit import incremental, run

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 12)
    assert audit(runner, archive, "-o", out).exit_code == 0
    build(archive, 2, start=12)
    staged = _staged(monkeypatch)
    with monkeypatch.context() as m:
        if gives_up == "too many changes":
            m.setattr(run, "MAX_CHANGES", 1)
        else:

            def stale(*args, **kwargs):
                raise incremental.Stale("simulated")

            m.setattr(incremental, "_splice_parquet", stale)
        assert "2 checked, 12 from the cache" in audit(runner, archive, "-o", out).stderr
    assert len(staged) == 2
    _same_as_a_clean_run(runner, tmp_path, out, archive)


def test_outputs_another_run_wrote_meanwhile_are_not_spliced_into(runner, tmp_path, monkeypatch):
    """The rows a re-run keeps are the ones the outputs showed when it started: if another run
    replaced the outputs in the meantime, this one says so and leaves them alone."""
    from lexicon.audit.store import ResultStore

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 6)
    assert audit(runner, archive, "-o", out).exit_code == 0
    build(archive, 1, start=6)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    real = ResultStore.add_documents

    def another_run_writes(self, *args, **kwargs):
        count = real(self, *args, **kwargs)
        with self.transaction():
            self.db.execute("UPDATE outputs SET state = json_set(state, '$.totals', 'another run')")
        return count

    monkeypatch.setattr(ResultStore, "add_documents", another_run_writes)
    result = audit(runner, archive, "-o", out)
    assert result.exit_code == 2 and "another run wrote these outputs while this one ran; run again" in result.stderr
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_a_rerun_that_changes_nothing_leaves_every_output_untouched(runner, tmp_path):
    build(tmp_path / "archive", 12)
    out = tmp_path / "out"
    assert audit(runner, tmp_path / "archive", "-o", out, "--pattern", "{org}/{year}/*").exit_code == 0
    before = {name: (out / name).stat() for name in OUTPUTS}
    assert audit(runner, tmp_path / "archive", "-o", out, "--pattern", "{org}/{year}/*").exit_code == 0
    after = {name: (out / name).stat() for name in OUTPUTS}
    assert {n: (s.st_ino, s.st_mtime_ns) for n, s in after.items()} == {n: (s.st_ino, s.st_mtime_ns) for n, s in before.items()}


def test_an_output_edited_since_the_last_run_is_written_again_in_full(runner, tmp_path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 12)
    assert audit(runner, archive, "-o", out).exit_code == 0
    with open(out / "documents.csv", "a", encoding="utf-8") as handle:
        handle.write("a row added by hand,,,,,,0,0,0,0,0,\n")
    (out / "variants.parquet").unlink()
    build(archive, 2, start=12)
    assert "2 checked, 12 from the cache" in audit(runner, archive, "-o", out).stderr
    _same_as_a_clean_run(runner, tmp_path, out, archive)


def test_a_rerun_interrupted_while_writing_leaves_whole_files_and_the_next_run_repairs_them(runner, tmp_path, monkeypatch):
    from lexicon.audit import incremental

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 20)
    assert audit(runner, archive, "-o", out).exit_code == 0
    build(archive, 2, start=20)
    real = incremental._splice_parquet

    class Killed(Exception):
        pass

    def dies_on_the_variants(old, *args, **kwargs):
        if old.name == "variants.parquet":
            raise Killed
        return real(old, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(incremental, "_splice_parquet", dies_on_the_variants)
        with pytest.raises(Killed):
            runner.invoke(app, ["audit", "--no-config", str(archive), "-o", str(out)], catch_exceptions=False)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no temporary file left behind
    assert "0 checked, 22 from the cache" in audit(runner, archive, "-o", out).stderr
    _same_as_a_clean_run(runner, tmp_path, out, archive)


def test_a_file_replaced_by_one_of_the_same_size_and_time_is_read_again(runner, tmp_path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    archive.mkdir()
    a, b = archive / "a.md", archive / "b.md"
    a.write_text("The agency recorded more reports of child sexual abuse material.\n", encoding="utf-8")
    b.write_text("The hotlines received more reports of child pornography in 2024.\n", encoding="utf-8")
    assert a.stat().st_size == b.stat().st_size
    os.utime(b, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns))
    assert audit(runner, archive, "-o", out).exit_code == 0
    hashes = {Path(r["path"]).name: r["sha256"] for r in rows(out / "documents.csv")}
    os.replace(b, a)  # same size, same modification time: only the inode tells
    result = audit(runner, archive, "-o", out)
    assert "1 document(s): 0 checked, 1 from the cache" in result.stderr  # recognised by its content
    assert [(Path(r["path"]).name, r["sha256"], r["avoid"]) for r in rows(out / "documents.csv")] == [("a.md", hashes["b.md"], "1")]


@pytest.mark.parametrize("block", [8, 40, 1 << 20])
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("where", ["memory", "files", "kernel refuses"])
def test_csv_splice_equals_writing_the_merged_rows(block, quoted, where, monkeypatch, tmp_path):
    """The old file's records are copied (in blocks, or one by one after a quote), the dropped
    ones left out and the fresh ones added in path order, wherever the block edges fall;
    paths beyond ASCII keep their order when compared as UTF-8 bytes. Between files the
    kernel copies the unchanged records; where it stops part way (a file system that
    refuses), the rest is written from what was read, with the same bytes."""
    import errno
    import io
    import random

    from lexicon.audit import incremental

    monkeypatch.setattr(incremental._CsvSplice, "BLOCK", block)
    if where == "kernel refuses":
        calls = [0]

        def refusing(src, dst, count, offset_src=None, offset_dst=None):
            calls[0] += 1
            if calls[0] % 5 == 0:
                raise OSError(errno.EXDEV, "cross-device copy")
            return os.write(dst, os.pread(src, min(count, 7), offset_src))  # a few bytes at a time

        monkeypatch.setattr(os, "copy_file_range", refusing, raising=False)
    for seed in range(30):
        rng = random.Random(seed)
        paths = sorted({f"/a/{rng.choice(['b', 'c', 'd', 'é', 'ü', 'z'])}/doc{rng.randrange(60):02d}.md" for _ in range(25)})
        if quoted:
            paths = sorted([*paths, '/a/c/doc, "draft".md', "/a/c/line\nbreak.md"])
        old = [(p, f"concept{k}", "term", "avoid", "own", k + 1) for p in paths for k in range(rng.randrange(0, 4))]
        dropped = {p for p in paths if rng.random() < 0.3}
        fresh_paths = sorted({p for p in dropped if rng.random() < 0.6} | {f"/a/{rng.choice('abcde')}/new{i}.md" for i in range(5)})
        fresh = [(p, f"concept{k}", "term", "preferred", "own", 9) for p in fresh_paths for k in range(rng.randrange(1, 3))]
        kept = [r for r in old if r[0] not in dropped]
        expected, written, text = io.StringIO(), io.BytesIO(), io.StringIO()
        csv.writer(expected, lineterminator="\n").writerows(sorted(kept + fresh, key=lambda r: r[0]))
        csv.writer(text, lineterminator="\n").writerows(old)
        if where == "memory":
            source = io.BufferedReader(io.BytesIO(text.getvalue().encode("utf-8")))
            incremental._CsvSplice(dropped, fresh, written).run(source)
            assert written.getvalue().decode("utf-8") == expected.getvalue(), seed
            continue
        (tmp_path / "old.csv").write_bytes(b"path\n" + text.getvalue().encode("utf-8"))
        with open(tmp_path / "old.csv", "rb") as source, open(tmp_path / "new.csv", "wb") as target:
            target.write(source.readline())
            incremental._CsvSplice(dropped, fresh, target).run(source)
        assert (tmp_path / "new.csv").read_bytes().decode("utf-8") == "path\n" + expected.getvalue(), seed


@pytest.mark.parametrize("batch", [3, 7, 20_000])
def test_parquet_splice_is_the_file_written_from_the_merged_rows(batch, tmp_path, monkeypatch):
    """The old Parquet copy's rows, the dropped ones left out and the fresh ones merged in by
    path (runs of new documents, a changed one, paths before and after all others, row
    groups edges anywhere), give the very bytes a clean run writes from the merged rows."""
    import random

    from lexicon.audit import incremental, writers
    from lexicon.audit.run import VARIANT_COLUMNS

    monkeypatch.setattr(writers, "BATCH", batch)
    for seed in range(25):
        rng = random.Random(seed)
        paths = sorted({f"/a/{rng.choice(['b', 'c', 'é', 'z'])}/doc{rng.randrange(60):02d}.md" for _ in range(rng.randrange(0, 25))})
        old = [(p, f"concept{k}", "term", "avoid", "own", k + 1) for p in paths for k in range(rng.randrange(0, 4))]
        dropped = {p for p in paths if rng.random() < 0.2}
        new = {f"/a/{rng.choice('0bcdé~')}/new{i:02d}.md" for i in range(rng.randrange(0, 12))}
        fresh_paths = sorted({p for p in dropped if rng.random() < 0.6} | new)
        fresh = [(p, f"concept{k}", "term", "preferred", "own", 9) for p in fresh_paths for k in range(rng.randrange(1, 3))]
        writers.write_table(tmp_path, "old", VARIANT_COLUMNS, old)
        writers.write_table(
            tmp_path, "expected", VARIANT_COLUMNS, sorted([r for r in old if r[0] not in dropped] + fresh, key=lambda r: r[0])
        )
        incremental._splice_parquet(tmp_path / "old.parquet", tmp_path / "spliced.parquet", VARIANT_COLUMNS, dropped, fresh)
        assert (tmp_path / "spliced.parquet").read_bytes() == (tmp_path / "expected.parquet").read_bytes(), seed


def test_manifest_paths_resolve_as_normpath_does(tmp_path):
    """A manifest path is taken relative to the manifest's folder, '.', '..' and doubled
    slashes resolved, whatever shortcut reads the common case."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lexicon.audit.manifest import Manifest

    manifest = tmp_path / "sub" / "manifest.csv"
    manifest.parent.mkdir()

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="a./ b", min_size=1, max_size=12))
    def check(where: str) -> None:
        if where.strip() != where:
            return  # cells are stripped
        with open(manifest, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([["path", "year"], [where, "2020"]])
        (key, year), *_ = list(Manifest(manifest).rows())
        assert (key, year) == (os.path.normpath(os.path.join(manifest.parent, where)), "2020")

    check()


def _small_totals():
    from lexicon.audit.aggregate import Share, Totals

    totals = Totals(("year", "org"), documents=3, uses=9, overall=Share(4, 6, 3), avoid=2)
    totals.by_year.update({"2019": Share(1, 3, 1), "2024": Share(3, 3, 2)})
    totals.by_org["Hotline A"] = Share(4, 6, 3)
    totals.by_concept["child-sexual-abuse-material"] = Share(4, 6, 3)
    totals.avoided[("child-sexual-abuse-material", "child pornography")] = 2
    return totals


def test_each_chart_is_static_svg_drawn_the_same_each_time(tmp_path):
    """A chart has no script and loads nothing (pygal's tooltips would fetch a script from
    the web), and the same data gives the same bytes in another process (no random id, no
    date): the reports of two runs, or of the two engines, compare equal."""
    from lexicon.audit import html as report_html

    labels = ("child sexual abuse material", "sexual extortion of children", "grooming")
    svg = report_html._drawn.__wrapped__("Adoption per concept", labels, (81.0, 40.5, 12.0), True, "%", 100)
    assert svg.startswith("<figure><svg ") and svg.count("<svg") == 1
    assert all(label in svg for label in labels) and ">81<" in svg
    assert not any(part in svg for part in ("<script", 'xlink:href="http', "@import", "url(", "<!--"))
    assert re.findall(r"<title>(.*?)</title>", svg) == ["Adoption per concept"]  # what a browser shows on hover
    code = (
        "from lexicon.audit import html; import sys; "
        "sys.stdout.write(html._drawn('Adoption per concept', ('child sexual abuse material', 'sexual extortion of children', "
        "'grooming'), (81.0, 40.5, 12.0), True, '%', 100))"
    )
    elsewhere = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert elsewhere.stdout == svg


@pytest.mark.parametrize(("values", "marks"), [((1, 1, 1), ["0", "1"]), ((3, 1, 2), ["0", "1", "2", "3"]), ((69177, 68722), None)])
def test_a_chart_of_counts_marks_its_axis_in_whole_numbers_each_once(values, marks):
    """A chart of a few uses would otherwise mark 0, 0.2, 0.4... each printed as a whole
    number: 0, 0, 0, 1, 1. Large counts get round steps."""
    from lexicon.audit import html as report_html

    labels = tuple(f"term {i}" for i in range(len(values)))
    svg = report_html._drawn.__wrapped__("Most frequent terms to avoid", labels, values, True, "uses", None)
    axis = [t for t in re.findall(r'<text [^>]*class="(?:major)?"[^>]*>([^<]*)</text>', svg) if t.isdigit()]
    assert len(axis) == len(set(axis)) >= 2 and int(axis[-1]) >= max(values)
    if marks is not None:
        assert axis == marks
    else:
        assert all(int(mark) % 10000 == 0 for mark in axis)


def test_the_report_drawn_in_another_process_is_the_one_drawn_here():
    from lexicon.audit.html import render, render_soon

    totals = _small_totals()
    page = render_soon(totals, version="1.0", sources=["archive"])
    assert page() == render(totals, version="1.0", sources=["archive"])


def test_the_report_process_started_with_the_run_draws_each_request_and_one_it_loses_is_drawn_here():
    """The drawing process forked when the run starts serves a second request (a splice
    given up draws again) and, once it is gone, the page is drawn in the run itself."""
    from lexicon.audit.html import Artist, render

    totals = _small_totals()
    artist = Artist()
    try:
        assert artist.render_soon(totals, version="1.0", sources=["archive"])() == render(totals, version="1.0", sources=["archive"])
        totals.documents, totals.by_year["2025"] = 4, totals.by_year["2024"]
        assert artist.render_soon(totals, version="1.0", sources=["archive"])() == render(totals, version="1.0", sources=["archive"])
        if artist._proc is not None:  # on Linux, with no other thread: the process dies
            artist._proc.kill()
            artist._proc.join()
        totals.documents = 5
        page = artist.render_soon(totals, version="1.0", sources=["b"])()
        assert page == render(totals, version="1.0", sources=["b"]) and ">5<" in page
    finally:
        artist.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread has a nice value of its own on Linux")
def test_a_helper_imports_ahead_at_a_lower_priority_than_the_run_in_one_thread_only():
    """The helpers' imports ahead of time run while the run walks and checks: in a thread
    that yields the CPU to the run's processes (three on two cores took a third from the
    walk), while the helper's own work afterwards runs at the run's priority."""
    from lexicon.audit import forked

    seen: list[int] = []
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    if before + forked.IMPORT_NICENESS > 19:
        pytest.skip("this test runs too low already for a lower priority to show")
    forked.import_aside(lambda: seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())), "test-import").join()
    assert seen == [before + forked.IMPORT_NICENESS]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


PARQUET_ALLOCATOR = """
import sys
from lexicon.audit import incremental

def probe(jobs, dropped):  # in the Parquet process, in place of the splicing
    import pyarrow as pa
    with open(jobs[0], "w", encoding="utf-8") as handle:
        handle.write(pa.default_memory_pool().backend_name)
    return []

incremental._splice_all = probe
copier = incremental.Copier()
if copier._conn is None:
    sys.exit(3)
copier.warm()
assert copier.start([sys.argv[1]], set()) and copier.done()
copier.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper processes are forked on Linux only")
def test_the_parquet_process_allocates_with_jemalloc_unless_the_user_chose_an_allocator(tmp_path):
    """pyarrow's default allocator made a splice's time in the kernel vary from run to run
    (huge pages); the Parquet process uses jemalloc, or malloc where pyarrow lacks it, and
    the allocator a user names in ARROW_DEFAULT_MEMORY_POOL where they do."""
    pytest.importorskip("pyarrow")
    for chosen, expected in ((None, {"jemalloc", "system"}), ("mimalloc", {"mimalloc"}), ("system", {"system"})):
        env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
        if chosen:
            env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
        answer = tmp_path / f"pool-{chosen}"
        done = subprocess.run([sys.executable, "-c", PARQUET_ALLOCATOR, str(answer)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert answer.read_text(encoding="utf-8") in expected, chosen


PARQUET_WITHOUT_NUMPY = """
import sys
from pathlib import Path
from lexicon.audit import incremental
from lexicon.audit.run import VARIANT_COLUMNS

fresh = [(f"/a/doc{i:02d}.md", "concept", "term", "preferred", "own", i) for i in (1, 7, 41)]
copier = incremental.Copier()
if copier._conn is None:
    sys.exit(3)
copier.warm()
finish = incremental.splice_tables(Path(sys.argv[1]), set(), [("variants", VARIANT_COLUMNS, fresh)], copier)
finish()
with open(f"/proc/{copier._proc.pid}/maps", encoding="utf-8") as maps:
    print("numpy" in sys.modules, "numpy" in maps.read())
copier.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper processes are forked on Linux only")
def test_the_parquet_process_splices_without_loading_numpy(tmp_path):
    """pyarrow imports numpy, half its import time, for conversions the splice never makes:
    the Parquet process keeps it out, and its copies are the same bytes."""
    pytest.importorskip("pyarrow")
    from lexicon.audit import writers
    from lexicon.audit.run import VARIANT_COLUMNS

    old = [(f"/a/doc{i:02d}.md", "concept", "term", "avoid", "own", i) for i in range(0, 40, 2)]
    fresh = [(f"/a/doc{i:02d}.md", "concept", "term", "preferred", "own", i) for i in (1, 7, 41)]
    writers.write_table(tmp_path, "variants", VARIANT_COLUMNS, old)
    writers.write_table(tmp_path, "expected", VARIANT_COLUMNS, sorted(old + fresh, key=lambda r: r[0]))
    done = subprocess.run([sys.executable, "-c", PARQUET_WITHOUT_NUMPY, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]  # neither in the run (as the CLI's) nor in the Parquet process
    assert (tmp_path / "variants.parquet").read_bytes() == (tmp_path / "expected.parquet").read_bytes()


def test_the_parquet_process_splices_the_copies_and_one_it_loses_is_spliced_here(tmp_path):
    """The process forked when a re-run starts writes the spliced Parquet copies the run
    would write itself; once it is gone, the run writes them (and renames them into place)."""
    from lexicon.audit import incremental, writers
    from lexicon.audit.run import VARIANT_COLUMNS

    old = [(f"/a/doc{i:02d}.md", "concept", "term", "avoid", "own", i) for i in range(0, 40, 2)]
    fresh = [(f"/a/doc{i:02d}.md", "concept", "term", "preferred", "own", i) for i in (1, 7, 8, 41)]
    expected = sorted([r for r in old if r[0] != "/a/doc08.md"] + fresh, key=lambda r: r[0])
    writers.write_table(tmp_path, "expected", VARIANT_COLUMNS, expected)
    for lose in (False, True):
        out = tmp_path / ("lost" if lose else "kept")
        out.mkdir()
        writers.write_table(out, "variants", VARIANT_COLUMNS, old)
        copier = incremental.Copier()
        try:
            if lose and copier._proc is not None:  # on Linux, with no other thread: the process dies
                copier._proc.kill()
                copier._proc.join()
            finish = incremental.splice_tables(out, {"/a/doc08.md"}, [("variants", VARIANT_COLUMNS, fresh)], copier)
            finish()
        finally:
            copier.close()
        assert (out / "variants.parquet").read_bytes() == (tmp_path / "expected.parquet").read_bytes()
        assert (out / "variants.csv").read_bytes() == (tmp_path / "expected.csv").read_bytes()
        assert sorted(p.name for p in out.iterdir()) == ["variants.csv", "variants.parquet"]


def test_a_rerun_has_the_report_and_parquet_libraries_imported_only_once_it_finds_a_change(runner, tmp_path, monkeypatch):
    """A re-run that may splice has matplotlib and pyarrow imported ahead of time (in the
    report's and the Parquet copies' processes) only once the walk finds something new,
    changed or gone: a run that changes nothing spends no CPU on them."""
    from lexicon.audit import html, incremental

    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 6)
    assert audit(runner, archive, "-o", out).exit_code == 0
    warmed: list[str] = []
    monkeypatch.setattr(html.Artist, "warm", lambda self: warmed.append("report"))
    monkeypatch.setattr(incremental.Copier, "warm", lambda self: warmed.append("parquet"))
    assert "0 checked, 6 from the cache" in audit(runner, archive, "-o", out).stderr
    assert warmed == []
    build(archive, 1, start=6)
    assert "1 checked, 6 from the cache" in audit(runner, archive, "-o", out).stderr
    assert warmed == ["report", "parquet"]
    warmed.clear()
    next(archive.rglob("*.md")).unlink()
    assert "0 checked, 6 from the cache" in audit(runner, archive, "-o", out).stderr
    assert warmed == ["report", "parquet"]


def test_a_rerun_whose_manifest_grew_has_the_libraries_imported_before_the_walk(runner, tmp_path, monkeypatch):
    """Rows appended to the manifest name documents the re-run plans: the report's and the
    Parquet copies' processes start importing before the archive is walked, not once the
    walk meets the first of them. A document added without a row is seen by the walk."""
    from lexicon.audit import html, incremental, manifest

    archive, out, table = tmp_path / "archive", tmp_path / "out", tmp_path / "manifest.csv"
    made = build(archive, 6)
    table.write_text("path,org\n" + "".join(f"{p.relative_to(tmp_path).as_posix()},Org {i}\n" for i, p in enumerate(made)), "utf-8")
    assert audit(runner, archive, "-o", out, "--metadata", table).exit_code == 0
    events: list[str] = []
    monkeypatch.setattr(html.Artist, "warm", lambda self: events.append("report"))
    monkeypatch.setattr(incremental.Copier, "warm", lambda self: events.append("parquet"))
    real_walk = manifest._walk
    monkeypatch.setattr(manifest, "_walk", lambda *a: (events.append("walk"), (yield from real_walk(*a))))
    (added,) = build(archive, 1, start=6)
    with open(table, "a", encoding="utf-8") as handle:
        handle.write(f"{added.relative_to(tmp_path).as_posix()},Org 6\n")
    assert "1 checked, 6 from the cache" in audit(runner, archive, "-o", out, "--metadata", table).stderr
    assert events == ["report", "parquet", "walk"]
    events.clear()
    build(archive, 1, start=7)
    assert "1 checked, 7 from the cache" in audit(runner, archive, "-o", out, "--metadata", table).stderr
    assert events == ["walk", "report", "parquet"]


def test_the_audit_walk_finds_the_files_discover_finds(tmp_path):
    """The audit's own walk (which skips building a path object per file) takes the same
    files as every other command (Path.suffix): a known suffix in any case; '.md' has none."""
    from lexicon.audit.manifest import plan
    from lexicon.discover import discover

    names = ["notes.MD", ".hidden.md", ".md", "..md", "a..txt", "report.md.bak", "x.", "...", "plain", "b.Txt"]
    for name in names:
        (tmp_path / name).write_text("The report uses agreed terms.\n", encoding="utf-8")
    walked = sorted(str(doc[0]) for doc in plan([str(tmp_path)]).docs)
    assert walked == sorted(p.as_posix() for p in discover([tmp_path], ()))
    assert {Path(p).name for p in walked} == {"notes.MD", ".hidden.md", "..md", "a..txt", "b.Txt"}


def test_the_walk_leaves_out_the_output_folder_and_only_it(tmp_path, monkeypatch):
    """The outputs' folder is left out wherever it lies in the archive, with everything below
    it; a folder whose name only starts the same way is walked. Walked from inside too."""
    from lexicon.audit.manifest import plan

    names = ["a/report.md", "a/audit/old.md", "a/audit/deep/older.md", "a/audit-2024/kept.md", "b/notes.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("The report uses agreed terms.\n", encoding="utf-8")

    def walked(root: str, output: Path) -> list[str]:
        return sorted(Path(str(doc[2])).relative_to(tmp_path).as_posix() for doc in plan([root], output=output).docs)

    assert walked(str(tmp_path), tmp_path / "a" / "audit") == ["a/audit-2024/kept.md", "a/report.md", "b/notes.txt"]
    assert walked(str(tmp_path / "a" / "audit"), tmp_path / "a") == []
    assert walked(str(tmp_path / "b"), tmp_path / "a" / "audit") == ["b/notes.txt"]
    monkeypatch.chdir(tmp_path / "a")
    assert walked(".", Path("audit")) == ["a/audit-2024/kept.md", "a/report.md"]
    assert [doc[0] for doc in plan(["."], output=Path("audit")).docs if str(doc[0]).endswith("report.md")] == ["report.md"]


@pytest.mark.parametrize("where", ["root", "inside", "above", "elsewhere"])
def test_the_walk_excludes_what_discover_excludes(tmp_path, monkeypatch, where):
    """--exclude leaves out the same documents as `check` leaves out, while the walk streams:
    patterns are matched below the working folder, or below the folder walked outside it."""
    from lexicon.audit.manifest import plan
    from lexicon.discover import discover

    root = tmp_path / "top" / "archive"
    names = ["report.md", "notes.txt", "drafts/a.md", "docs/old/b.md", "docs/old/keep.md", "docs/new/c.md", "sub/drafts/d.md", "sub/e.txt"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("The report uses agreed terms.\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    cwd = {"root": root, "inside": root / "sub", "above": tmp_path / "top", "elsewhere": tmp_path / "elsewhere"}[where]
    monkeypatch.chdir(cwd)
    given = os.path.relpath(root) if where != "elsewhere" else str(root)
    for patterns in (
        ["drafts/"],
        ["*.txt"],
        ["docs/old/", "!docs/old/keep.md"],
        ["archive/docs/"],
        ["/sub/"],
        ["sub/*.txt", "docs/**/c.md"],
    ):
        walked = sorted(str(doc[0]) for doc in plan([given], exclude=patterns).docs)
        assert walked == [p.as_posix() for p in discover([Path(given)], patterns)], (where, patterns)
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(path) or real(path))
    next(iter(plan([given], exclude=["drafts/"]).docs))
    assert len(listed) == 1  # the first document comes before the rest of the archive is listed


def test_exclude_applies_below_a_url_too(tmp_path):
    """--exclude is not ignored for an archive given as a URL: patterns match the path below it."""
    from lexicon.audit.manifest import plan

    root = tmp_path / "archive"
    for name in ["report.md", "drafts/a.md", "docs/old/b.md", "docs/new/c.md"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("The report uses agreed terms.\n", encoding="utf-8")
    walked = sorted(str(doc[0]).rsplit("/archive/", 1)[1] for doc in plan([root.as_uri()], exclude=["drafts/", "docs/old/"]).docs)
    assert walked == ["docs/new/c.md", "report.md"]


def test_a_folder_that_cannot_be_listed_is_reported_not_skipped(runner, tmp_path, monkeypatch):
    """A folder the walk cannot open (permissions, a disk error) gets a row with its error
    and exit code 2; the other documents are audited."""
    archive, out = tmp_path / "archive", tmp_path / "out"
    build(archive, 6)
    locked = archive / "ngo-c"
    refuse_listing(monkeypatch, locked)
    result = audit(runner, archive, "-o", out)
    assert result.exit_code == 2
    assert f"{locked}: a folder that cannot be listed (Permission denied)" in result.stderr
    documents = rows(out / "documents.csv")
    assert [r["path"] for r in documents if r["error"]] == [str(locked)]
    assert len(documents) == 1 + sum(1 for p in archive.rglob("note*") if locked not in p.parents)


def _restamp_steps(runner, tmp_path, monkeypatch, documents: int) -> int:
    """SQLite's work (in steps of 20 instructions) to bring the shown stamps up to date on a
    re-run that adds one document to an archive of `documents`."""
    from lexicon.audit.store import ResultStore

    archive, out = tmp_path / str(documents) / "archive", tmp_path / str(documents) / "out"
    build(archive, documents)
    assert audit(runner, archive, "-o", out).exit_code == 0
    build(archive, 1, start=documents)
    steps = [0]
    real = ResultStore._restamp

    def counted(self, folder):
        def step():
            steps[0] += 1
            return 0

        self.db.set_progress_handler(step, 20)
        try:
            real(self, folder)
        finally:
            self.db.set_progress_handler(None, 20)

    with monkeypatch.context() as m:
        m.setattr(ResultStore, "_restamp", counted)
        assert f"{documents + 1} document(s): 1 checked, {documents} from the cache" in audit(runner, archive, "-o", out).stderr
    return steps[0]


def test_a_rerun_brings_the_shown_stamps_up_to_date_without_reading_every_shown_row(runner, tmp_path, monkeypatch):
    """Finding the touched files among the ones the outputs show starts from this run's few
    planned documents: its work does not grow with the archive (it had read every row the
    folder shows, 20 MB on an archive of 100,000 documents)."""
    small = _restamp_steps(runner, tmp_path, monkeypatch, 30)
    large = _restamp_steps(runner, tmp_path, monkeypatch, 300)
    assert large <= small + 5, (small, large)
