"""The bad-input catalogue: each bad file gives one line on stderr naming it and the reason,
the good file next to it is still checked, and the exit code is 2. Nothing crashes."""

from __future__ import annotations

import codecs
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lexicon.cli import app
from lexicon.errors import ReadError
from lexicon.readers import Limits, read_document
from lexicon.readers.decode import decode_text
from tests.conftest import TEST_GLOSSARY
from tests.office_fixtures import pdf, replace_member, simple_docx
from tests.project_env import project_fixture  # noqa: F401

GOOD = "The agency reviewed reports of child pornography in 2023.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>Secret: &xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def empty(folder: Path) -> Path:
    (folder / "empty.txt").write_bytes(b"")
    return folder / "empty.txt"


def binary_as_text(folder: Path) -> Path:
    (folder / "logo.md").write_bytes(PNG)
    return folder / "logo.md"


def binary_unknown(folder: Path) -> Path:
    (folder / "archive.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return folder / "archive.doc"


def invalid_utf8(folder: Path) -> Path:
    (folder / "broken.txt").write_bytes("Le résumé du rapport ".encode() + b"\xff\xfe" + " était prêt.\n".encode())
    return folder / "broken.txt"


def huge(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)  # sparse: no disk used, nothing read
    return path


def docx_not_zip(folder: Path) -> Path:
    (folder / "report.docx").write_text("This is plain text saved with the wrong extension.\n")
    return folder / "report.docx"


def docx_bomb(folder: Path) -> Path:
    path = simple_docx(folder / "bomb.docx", "Cover page.")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z, z.open("word/media/x.bin", "w") as f:
        for _ in range(5):
            f.write(bytes(8 * 1024 * 1024))  # 40 MB of zeros, a few kB packed
    return path


def docx_xxe(folder: Path) -> Path:
    path = simple_docx(folder / "xxe.docx", "placeholder")
    replace_member(path, "word/document.xml", XXE)
    return path


def pdf_encrypted(folder: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return pdf(
        folder / "locked.pdf", [["Restricted report on child pornography."]], encrypt=StandardEncryption("secret", ownerPassword="owner")
    )


def pdf_truncated(folder: Path) -> Path:
    path = pdf(folder / "cut.pdf", [["A report on child pornography."]] * 2)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def missing(folder: Path) -> Path:
    return folder / "does-not-exist.md"


def symlink_loop_file(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


CATALOGUE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (empty, "empty file (nothing to check)"),
    "binary with a text extension": (binary_as_text, "binary file, not text"),
    "binary with an unknown extension": (binary_unknown, "unsupported format '.doc': binary file, not text (save it as .docx)"),
    "invalid UTF-8": (invalid_utf8, "invalid UTF-8 at byte 23 (the rest is UTF-8; fix that byte or re-save the file as UTF-8)"),
    "1 GB text file": (huge, "file too large (1024 MB > 256 MB limit; raise it with --max-size)"),
    ".docx that is not a zip": (docx_not_zip, "not a valid Word document (not a zip archive: File is not a zip file)"),
    "zip bomb .docx": (docx_bomb, "refused: word/media/x.bin expands"),
    ".docx with an external entity": (docx_xxe, "refused: word/document.xml declares a DTD or entities"),
    "encrypted PDF": (pdf_encrypted, "encrypted PDF (password required); not checked"),
    "truncated PDF": (pdf_truncated, "damaged or truncated PDF"),
    "path that does not exist": (missing, "no such file"),
    "symlink loop": (symlink_loop_file, "cannot read: Too many levels of symbolic links"),
}


@pytest.mark.parametrize("case", list(CATALOGUE))
def test_bad_input_is_one_line_and_the_rest_is_checked(case, project, runner, tmp_path):  # noqa: F811
    make, reason = CATALOGUE[case]
    folder = tmp_path / "docs"
    folder.mkdir()
    bad = make(folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    args = ["check", "--format", "json", "-j", "1", "-g", str(TEST_GLOSSARY), str(folder / "good.txt"), str(bad)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}: {reason}"), lines
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert [x["matched"] for x in files["good.txt"]["findings"]] == ["child pornography"]
    assert files[bad.name]["error"].startswith(reason)


def test_xxe_is_never_resolved_even_when_parsed(tmp_path):
    """Behind the DTD refusal, python-docx's parser does not expand entities either."""
    from docx.oxml.parser import parse_xml

    element = parse_xml(XXE)
    assert "root:" not in "".join(element.itertext())


def test_zip_bomb_limit_follows_max_unpacked(tmp_path):
    path = simple_docx(tmp_path / "big.docx", "Cover page.")
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/media/noise.bin", os.urandom(2 * 1024 * 1024))
    with pytest.raises(ReadError, match=r"refused: archive would unpack to \d MB \(> 1 MB limit; possible zip bomb\)"):
        read_document(path, Limits(max_unpacked=1024 * 1024))


def test_unreadable_file_is_reported(project, runner, tmp_path, monkeypatch):  # noqa: F811
    """Permission denied (simulated: the tests may run as root, who can read anything)."""
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    real_open = os.open

    def guarded(path, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    result = runner.invoke(app, ["check", "--format", "json", "-g", str(TEST_GLOSSARY), str(locked)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{locked}: permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_file_for_real(linter, tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    assert linter.check_path(locked).error == "permission denied"


def test_symlink_loop_in_a_folder_is_not_followed(project, runner, tmp_path):  # noqa: F811
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "note.md").write_text(GOOD)
    result = runner.invoke(app, ["check", "--format", "json", "-g", str(TEST_GLOSSARY), str(folder)])
    assert result.exit_code == 1
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["note.md"]


def test_utf16_with_bom_is_read_and_offsets_are_characters(linter, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Résumé: reports of child pornography.\n".encode("utf-16-le"))
    doc = read_document(path)
    result = linter.check_document(doc)
    assert [(f.matched, f.start.column) for f in result.findings] == [("child pornography", 20)]
    assert all(doc.source[f.start.offset : f.end.offset] == f.matched for f in result.findings)


def test_windows_1252_is_detected(linter, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The ministry’s “résumé” mentions child pornography.\n".encode("cp1252"))
    doc = read_document(path)
    result = linter.check_document(doc)
    assert [(f.matched, f.start.column) for f in result.findings] == [("child pornography", 34)]
    assert all(doc.source[f.start.offset : f.end.offset] == f.matched for f in result.findings)
    text, encoding = decode_text(path.read_bytes(), str(path))
    assert text.startswith("The ministry’s “résumé”") and encoding.startswith("cp125")
