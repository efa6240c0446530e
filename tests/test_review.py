"""`lexicon review`: a Word copy with comments on the matched words and, on request, the
safe fixes as tracked changes; the original is never modified."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lexicon.cli import app
from lexicon.readers import read_document
from tests.office_fixtures import add_notes, body_xml
from tests.office_fixtures import run as xml_run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def memo(path):
    import docx

    d = docx.Document()
    d.add_heading("Annual report", 1)
    p = d.add_paragraph("The hotline received reports of ")
    p.add_run("child").bold = True  # the term is split across two runs with different formatting
    p.add_run(" pornography in 2024, and a child prostitute was found.")
    d.add_paragraph("Outreach to schools will address sexting among pupils.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Reports of child pornography"
    table.cell(0, 1).text = "12"
    d.save(str(path))
    return path


def review(runner, *args):
    return runner.invoke(app, ["review", "--no-config", *args])


def anchored(path):
    """(comment id, the document text between its range start and end) for each comment."""
    import docx

    body = docx.Document(str(path)).element.body
    # walk the document in order, collecting text while a range is open
    open_ids: set[str] = set()
    collected: dict[str, list[str]] = {}
    for node in body.iter():
        if node.tag == W + "commentRangeStart":
            open_ids.add(node.get(W + "id"))
        elif node.tag == W + "commentRangeEnd":
            open_ids.discard(node.get(W + "id"))
        elif node.tag in (W + "t", W + "delText"):
            for cid in open_ids:
                collected.setdefault(cid, []).append(node.text or "")
    return {cid: "".join(parts) for cid, parts in collected.items()}


def comments(path):
    import docx

    return {str(c.comment_id): c for c in docx.Document(str(path)).comments}


def test_review_copy_has_a_comment_on_each_finding_and_the_original_is_untouched(runner, tmp_path):
    original = memo(tmp_path / "memo.docx")
    before = original.read_bytes()
    result = review(runner, str(original), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 0, result.output
    assert original.read_bytes() == before
    notes = comments(tmp_path / "out.docx")
    spans = anchored(tmp_path / "out.docx")
    assert sorted(spans.values()) == ["child pornography", "child pornography", "child prostitute", "sexting"]
    by_words = {spans[cid]: c for cid, c in notes.items()}
    note = by_words["child prostitute"]
    assert note.author == "lexicon"
    assert "Write instead: child exploited in prostitution" in note.text
    assert "Source: Luxembourg Guidelines 2016" in note.text
    assert "Definition: " in note.text


def test_definition_is_in_the_language_of_the_document(runner, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Le rapport annuel de la police mentionne la pornographie enfantine et les chiffres de l'année.")
    d.save(str(tmp_path / "note.docx"))
    assert review(runner, str(tmp_path / "note.docx"), "--lang", "fr").exit_code == 0
    from lexicon.glossary import load_glossary

    french = load_glossary(()).concepts["child-sexual-abuse-material"].definition["fr"]
    [note] = comments(tmp_path / "note.reviewed.docx").values()
    assert " ".join(french.split()) in note.text


def test_track_changes_writes_safe_fixes_as_revisions_by_lexicon(runner, tmp_path):
    original = memo(tmp_path / "memo.docx")
    out = tmp_path / "memo.reviewed.docx"
    result = review(runner, str(original), "--track-changes")
    assert result.exit_code == 0, result.output
    assert "3 tracked change(s)" in result.stdout
    import docx

    body = docx.Document(str(out)).element.body
    deleted = ["".join(t.text for t in d.iter(W + "delText")) for d in body.iter(W + "del")]
    inserted = ["".join(t.text for t in i.iter(W + "t")) for i in body.iter(W + "ins")]
    assert deleted == ["child pornography", "child prostitute", "child pornography"]
    assert inserted == ["child sexual abuse material", "child exploited in prostitution", "child sexual abuse material"]
    assert {e.get(W + "author") for e in [*body.iter(W + "del"), *body.iter(W + "ins")]} == {"lexicon"}
    # accepted, the copy reads as the fixed text; the care term (unsafe) is only commented
    text = read_document(out).text
    assert "reports of child sexual abuse material in 2024" in text and "address sexting" in text


def test_footnotes_and_existing_tracked_changes_are_reported_not_dropped(runner, tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Introduction to the annual figures.")
    body_xml(
        d,
        '<w:p><w:ins w:id="7" w:author="Editor" w:date="2025-01-01T00:00:00Z">'
        + xml_run("Reports of child pornography rose.")
        + "</w:ins></w:p>",
    )
    path = tmp_path / "edited.docx"
    d.save(str(path))
    add_notes(path, "footnote", ["The 2015 form mentions child prostitutes in its annex."])
    result = review(runner, str(path), "--track-changes")
    assert result.exit_code == 0, result.output
    assert "footnote 1: 'child prostitutes' not annotated" in result.stderr
    assert "commented but not changed (inside an existing tracked change" in result.stderr
    assert "1 comment(s), 0 tracked change(s)" in result.stdout


def test_review_refuses_to_overwrite_and_to_replace_the_original(runner, tmp_path):
    original = memo(tmp_path / "memo.docx")
    (tmp_path / "memo.reviewed.docx").write_bytes(b"an earlier copy")
    result = review(runner, str(original))
    assert result.exit_code == 2 and "exists (use --force" in result.stderr
    assert (tmp_path / "memo.reviewed.docx").read_bytes() == b"an earlier copy"
    same = review(runner, str(original), "-o", str(original))
    assert same.exit_code == 2 and "cannot replace the original" in same.stderr
    assert review(runner, str(original), "--force").exit_code == 0


def test_a_damaged_word_file_is_one_line_exit_2(runner, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip archive")
    result = review(runner, str(bad))
    assert result.exit_code == 2
    assert "broken.docx" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_review_copy_and_shows_the_comments(runner, tmp_path):
    """A real office suite reads the copy: converted to PDF with its comments (as PDF notes,
    or in the margin where LibreOffice supports it), the comment texts and the tracked
    insertion are there."""
    from pypdf import PdfReader

    original = memo(tmp_path / "memo.docx")
    assert review(runner, str(original), "--track-changes").exit_code == 0
    export = (
        'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
    )
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            export,
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / "memo.reviewed.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "memo.reviewed.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    pages = PdfReader(str(pdf)).pages
    notes = [str(a.get_object().get("/Contents")) for page in pages for a in page.get("/Annots") or () if a.get_object().get("/Contents")]
    text = " ".join(" ".join(part.split()) for part in [*(page.extract_text() for page in pages), *notes])
    assert "lexicon: error avoid-term [child-exploited-in-prostitution]" in text
    assert "lexicon: warning care-term [sexting]" in text
    assert text.count("Write instead: ") == 4 and text.count("Definition: ") == 4
    assert "child sexual abuse material in 2024" in text  # the tracked insertion
