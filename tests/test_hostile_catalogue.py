"""The hostile-input catalogue (issue 11): documents, glossaries, termbases, configuration,
cache folders and output targets. Each row gives the one line lexicon must print, the exit
code, and whether the good file beside the bad input is still checked (documents: always;
a bad glossary or configuration stops the run before any file, as the README says)."""

from __future__ import annotations

import codecs
import json
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lexicon.cli import app
from tests.conftest import TEST_GLOSSARY
from tests.office_fixtures import pdf, replace_member, simple_docx
from tests.project_env import project_fixture  # noqa: F401

GOOD = "The agency reviewed reports of child pornography in 2023.\n"
DTD = '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "x">]>\n<d>&e;</d>'
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


_PATCH: list[pytest.MonkeyPatch] = []  # the running test's monkeypatch, for helpers that patch


@dataclass
class Case:
    args: list[str]
    line: str  # the start of the one error line
    exit: int = 2
    checked: bool = True  # the good file is still checked and its finding reported
    extra: list[str] = field(default_factory=list)  # lines that follow (a glossary's problem count)


def check(bad: Path) -> list[str]:
    return ["check", "-f", "json", "-j", "1", "-g", str(TEST_GLOSSARY), "good.txt", str(bad)]


def doc(name: str, data: bytes | str, reason: str) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        path = root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return Case(check(path), f"{path}: {reason}")

    return make


def made(build: Callable[[Path], Path], reason: str) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        path = build(root)
        return Case(check(path), f"{path}: {reason}")

    return make


def zip_version_91(root: Path) -> Path:
    path = simple_docx(root / "future.docx", "A memo.")
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:  # "version needed to extract" of every central directory entry: 9.1
        data[at + 6 : at + 8] = (91).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def docx_member(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = simple_docx(root / "memo.docx", "A memo.")
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, data)
        return path

    return build


def docx_utf32_dtd(root: Path) -> Path:
    path = simple_docx(root / "wide.docx", "placeholder")
    replace_member(path, "word/document.xml", codecs.BOM_UTF32_LE + DTD.replace('"1.0"?', '"1.0" encoding="UTF-32"?').encode("utf-32-le"))
    return path


def huge(root: Path) -> Path:
    path = root / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)
    return path


def fifo(name: str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        os.mkfifo(root / name)
        return root / name

    return build


def symlink_loop(root: Path) -> Path:
    (root / "a.txt").symlink_to(root / "b.txt")
    (root / "b.txt").symlink_to(root / "a.txt")
    return root / "a.txt"


def encrypted_pdf(root: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return pdf(root / "locked.pdf", [["A restricted report."]], encrypt=StandardEncryption("secret", ownerPassword="o"))


def truncated_pdf(root: Path) -> Path:
    path = pdf(root / "cut.pdf", [["A report."]] * 2)
    path.write_bytes(path.read_bytes()[:300])
    return path


def newline_name(root: Path) -> Case:
    path = root / "forged\nlexicon: all clear.txt"
    path.write_bytes(b"")
    return Case(check(path), f"{root}/forged\\nlexicon: all clear.txt: empty file (nothing to check)")


def unreadable_folder(root: Path) -> Case:
    folder = root / "private"
    folder.mkdir()
    (folder / "note.md").write_text(GOOD)
    real = os.scandir

    def denied(path=".", *args):
        if os.path.abspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    _PATCH[0].setattr(os, "scandir", denied)
    return Case(
        ["check", "-f", "json", "-j", "1", "-g", str(TEST_GLOSSARY), "good.txt", "private"],
        "private: cannot read folder: permission denied",
    )


def slow_file(root: Path) -> Case:
    path = root / "slow.txt"
    path.write_text("A report that takes for ever to check.\n")
    from lexicon.check.pipeline import Linter

    real = Linter.check_document

    def stall(self, document):
        if document.path.endswith("slow.txt"):
            while True:
                pass
        return real(self, document)

    _PATCH[0].setattr(Linter, "check_document", stall)
    return Case(check(path) + ["--timeout", "0.1"], f"{path}: not checked: took longer than 0.1 s")


def glossary(build: Callable[[Path], Path], reason: str) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        path = build(root)
        return Case(
            ["check", "-g", str(path), "good.txt"], f"{path}{reason}", checked=False, extra=["lexicon: the glossary has 1 problem(s)"]
        )

    return make


def text_file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return root / name

    return build


def sparse(name: str, size: int) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        with (root / name).open("wb") as handle:
            handle.truncate(size)
        return root / name

    return build


def config(text: str, reason: str, *flags: str, extra: tuple[str, ...] = ()) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        (root / ".lexicon.yaml").write_text(text)
        return Case(["check", *flags, "good.txt"], reason.format(config=root / ".lexicon.yaml"), checked=False, extra=list(extra))

    return make


def termbase(name: str, data: bytes | str, reason: str) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        path = root / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return Case(["import", str(path), "-o", str(root / "out.yaml"), "--no-builtin"], reason.format(path=path), checked=False)

    return make


def fifo_termbase(root: Path) -> Case:
    os.mkfifo(root / "pipe.csv")
    return Case(
        ["import", str(root / "pipe.csv"), "-o", "out.yaml", "--no-builtin"],
        f"lexicon: {root / 'pipe.csv'}: not a regular file",
        checked=False,
    )


def existing_output(root: Path) -> Case:
    (root / "terms.csv").write_text("my own notes\n")
    return Case(["export", "-f", "csv", "-o", "terms.csv"], "lexicon: terms.csv exists (use --force to replace it)", checked=False)


def existing_import_output(root: Path) -> Case:
    (root / "house.yaml").write_text("# my own notes\n")
    (root / "in.csv").write_text("language,term,status\nen,child in care,preferred\n")
    return Case(
        ["import", "in.csv", "-o", "house.yaml", "--no-builtin"], "lexicon: house.yaml exists (use --force to overwrite)", checked=False
    )


def output_in_missing_folder(root: Path) -> Case:
    return Case(
        ["export", "-f", "csv", "-o", "nowhere/terms.csv"],
        "lexicon: cannot write nowhere/terms.csv: No such file or directory",
        checked=False,
    )


def output_is_a_folder(root: Path) -> Case:
    (root / "out").mkdir()
    return Case(["export", "-f", "csv", "-o", "out", "--force"], "lexicon: cannot write out: Is a directory", checked=False)


def cache_folder(prepare: Callable[[Path], None], reason: str) -> Callable[[Path], Case]:
    def make(root: Path) -> Case:
        folder = root / "cache"
        prepare(folder)
        _PATCH[0].setenv("LEXICON_CACHE_DIR", str(folder))
        _PATCH[0].setattr("lexicon.cache._checked", {})
        args = ["check", "-f", "json", "-j", "1", "-g", str(TEST_GLOSSARY), "good.txt"]
        return Case(args, f"lexicon: warning: cache folder {folder} {reason}", exit=1)

    return make


def world_writable(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o777)


def symlinked(folder: Path) -> None:
    (folder.parent / "real-cache").mkdir(mode=0o700)
    folder.symlink_to(folder.parent / "real-cache", target_is_directory=True)


def a_file(folder: Path) -> None:
    folder.write_text("not a folder")


CATALOGUE: dict[str, Callable[[Path], Case]] = {
    # documents
    "empty file": doc("empty.txt", b"", "empty file (nothing to check)"),
    "binary with a text extension": doc("logo.md", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4, "binary file, not text"),
    "old Word binary": doc("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "unsupported format '.doc'"),
    "damaged UTF-8": doc(
        "broken.txt", "Le résumé du rapport ".encode() + b"\xff\xfe" + " était prêt.\n".encode(), "invalid UTF-8 at byte 23"
    ),
    "short damaged UTF-8": doc("short.txt", b"r\xc3\xa9sum\xe9 of child pornography\n", "invalid UTF-8 at byte 6"),
    "UTF-8 cut inside a character": doc("cut.txt", "Résumé\n".encode() + b"\xc3", "invalid UTF-8 at byte 9"),
    "UTF-16 without a BOM": doc("wide.txt", "A report on child protection.\n".encode("utf-16-le"), "binary file, not text"),
    "UTF-16 BOM with an odd byte": doc("odd.txt", codecs.BOM_UTF16_LE + "Report".encode("utf-16-le") + b"\x00\xd8", "invalid utf-16"),
    "UTF-32 BOM, damaged": doc("w32.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff", "invalid utf-32"),
    "1 GB text file": made(huge, "file too large (1024 MB > 256 MB limit"),
    "FIFO named .md": made(fifo("pipe.md"), "not a regular file"),
    "FIFO named .docx": made(fifo("pipe.docx"), "not a regular file"),
    "path that does not exist": made(lambda root: root / "missing.md", "no such file"),
    "symlink loop": made(symlink_loop, "cannot read: Too many levels of symbolic links"),
    "file name with a newline": newline_name,
    "unreadable folder": unreadable_folder,
    "file over its time budget": slow_file,
    ".docx that is not a zip": doc("plain.docx", "Plain text saved as .docx.\n", "not a valid Word document"),
    "zip bomb .docx": made(docx_member("word/media/zero.bin", bytes(64 * 1024 * 1024)), "refused: word/media/zero.bin expands"),
    ".docx with an entity in document.xml": made(
        lambda r: replace_member(simple_docx(r / "xxe.docx", "x"), "word/document.xml", DTD.encode()) or r / "xxe.docx",
        "refused: word/document.xml declares a DTD",
    ),
    ".docx with a DTD in UTF-32": made(docx_utf32_dtd, "refused: word/document.xml declares a DTD"),
    ".docx with a DTD in a part not named .xml": made(
        docx_member("word/glossary.part", DTD.encode("utf-16")), "refused: word/glossary.part declares a DTD"
    ),
    ".docx with a DTD in EBCDIC": made(
        docx_member("customXml/item9.xml", DTD.replace('"1.0"?', '"1.0" encoding="IBM037"?').encode("cp500")),
        "refused: customXml/item9.xml declares a DTD",
    ),
    ".docx needing zip version 9.1": made(zip_version_91, "unsupported feature in this file (zip file version 9.1)"),
    ".odt with an encrypted member (fuzz)": made(
        lambda r: _flag_encrypted(_zip(r / "locked.odt", {"content.xml": b"<x/>"})),
        "encrypted archive member content.xml (password required)",
    ),
    ".odt with an empty member name (fuzz)": made(lambda r: _empty_name(r), "damaged archive member  (File name in directory"),
    ".docx without text": made(lambda r: simple_docx(r / "blank.docx", ""), "no text found in the Word document"),
    ".odt that is not a zip": doc("plain.odt", "Plain text saved as .odt.\n", "not a valid OpenDocument text"),
    ".odt without content.xml": made(lambda r: _zip(r / "empty.odt", {"mimetype": b"x"}), "not an OpenDocument text (no content.xml)"),
    ".odt with damaged XML": made(lambda r: _zip(r / "bad.odt", {"content.xml": b"<office:document-content"}), "damaged OpenDocument text"),
    ".odt with a DTD in UTF-16": made(
        lambda r: _zip(r / "dtd.odt", {"content.xml": DTD.encode("utf-16")}), "refused: content.xml declares a DTD"
    ),
    "encrypted PDF": made(encrypted_pdf, "encrypted PDF (password required)"),
    "truncated PDF": made(truncated_pdf, "damaged or truncated PDF"),
    # glossaries
    "glossary /dev/zero": glossary(lambda r: Path("/dev/zero"), ": not a regular file"),
    "glossary FIFO": glossary(fifo("pipe.yaml"), ": not a regular file"),
    "glossary billion laughs": glossary(text_file("laughs.yaml", LAUGHS), ":2: YAML aliases (*name) are not allowed here"),
    "glossary too large": glossary(sparse("big.yaml", 9 * 1024 * 1024), ": file too large"),
    "glossary not UTF-8": glossary(text_file("latin.yaml", "section: {id: x, title: Résumé}\n".encode("latin-1")), ": not UTF-8 text"),
    "glossary invalid YAML": glossary(text_file("bad.yaml", "section: [unclosed\n"), ":2: invalid YAML"),
    "glossary that does not exist": glossary(lambda r: r / "missing.yaml", ": no such glossary file or folder"),
    # configuration
    "config max-size 1e15": config("max-size: 1000000000000000\n", "lexicon: {config}: 'max-size' must be a whole number from 1 to 4096"),
    "config max-size 0": config("max-size: 0\n", "lexicon: {config}: 'max-size' must be a whole number from 1 to 4096"),
    "flag --max-size 1e15": config(
        "", "lexicon: Invalid value for '--max-size': 1000000000000000 is not in the range 1<=x<=4096.", "--max-size", "1000000000000000"
    ),
    "config jobs -1": config("jobs: -1\n", "lexicon: {config}: 'jobs' must be a whole number from 0 to 1024"),
    "config timeout negative": config("timeout: -5\n", "lexicon: {config}: 'timeout' must be a number of seconds from 0"),
    "config glossary of aliases": config("x: &x [a, b]\nglossary: [*x, *x]\n", "lexicon: {config}: unknown key 'x'"),
    "config glossary /dev/zero": config(
        "glossary: /dev/zero\n", "/dev/zero: not a regular file", extra=("lexicon: the glossary has 1 problem(s)",)
    ),
    "config file too large": config("# " + "x" * (1024 * 1024 + 10) + "\n", "lexicon: {config}: configuration file is too large"),
    # termbases
    "CSV field over 128 KB": termbase(
        "big.csv",
        "language,term,status,definition\nen,care leaver,preferred," + "x" * 200_000 + "\n",
        "lexicon: big.csv:2: malformed CSV (field larger than field limit (131072))",
    ),
    "CSV not UTF-8": termbase("latin.csv", "language,term\nen,résumé\n".encode("latin-1"), "lexicon: latin.csv: CSV must be UTF-8"),
    "CSV without the term column": termbase("cols.csv", "language,word\nen,x\n", "lexicon: cols.csv: CSV needs the column(s) term"),
    "TBX with an entity": termbase("xxe.tbx", DTD, "lexicon: xxe.tbx"),
    "termbase FIFO": fifo_termbase,
    # output targets
    "export over an existing file": existing_output,
    "import over an existing file": existing_import_output,
    "export into a missing folder": output_in_missing_folder,
    "export onto a folder": output_is_a_folder,
    # cache folders (a warning, then the run goes on without a cache)
    "cache folder writable by others": cache_folder(world_writable, "can be written by other users"),
    "cache folder is a symlink": cache_folder(symlinked, "is a symbolic link"),
    "cache folder is a file": cache_folder(a_file, "is not a folder"),
}


def _empty_name(root: Path) -> Path:
    """A central directory entry whose name is empty (zipfile's ZipInfo.is_dir() then fails)."""
    path = _zip(root / "noname.odt", {"Z": b"x", "content.xml": b"<x/>"})
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # the first entry: "Z"
    data[at + 28 : at + 30] = (0).to_bytes(2, "little")  # name length 0 ...
    data[at + 30 : at + 32] = (int.from_bytes(data[at + 30 : at + 32], "little") + 1).to_bytes(2, "little")  # "Z" now extra
    path.write_bytes(bytes(data))
    return path


def _flag_encrypted(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # general purpose bit 0: encrypted
        at = data.find(signature)
        data[at + flags_at] |= 1
    path.write_bytes(bytes(data))
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_catalogue_has_at_least_forty_inputs():
    assert len(CATALOGUE) >= 40


@pytest.mark.parametrize("case", list(CATALOGUE))
def test_hostile_input_gives_one_line_and_the_rest_is_checked(case, project, runner, monkeypatch):  # noqa: F811
    _PATCH[:] = [monkeypatch]  # the helpers' patches end with the test
    (project / "good.txt").write_text(GOOD, encoding="utf-8")
    row = CATALOGUE[case](project)
    started = time.monotonic()
    result = runner.invoke(app, row.args)
    elapsed = time.monotonic() - started
    assert result.exit_code == row.exit, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(row.line), lines
    assert lines[1:] == row.extra, lines
    if row.checked:
        files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
        assert [x["matched"] for x in files["good.txt"]["findings"]] == ["child pornography"]
    else:
        assert "child pornography" not in result.stdout
    assert elapsed < 10, f"{elapsed:.1f} s"  # a hang guard; the configuration cases are timed below
