"""Word documents built in code: findings and where they are (paragraph, heading, page)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from lexicon.readers import read_document
from tests.conftest import TEST_GLOSSARY
from tests.office_fixtures import add_notes, body_xml, run, simple_docx
from tests.project_env import project_fixture  # noqa: F401


def avoid(result) -> list[tuple[str, str, str | None]]:
    return [(f.concept, " ".join(f.matched.split()), f.locator) for f in result.findings if f.rule.value == "avoid-term"]


@pytest.fixture(name="report")
def report_fixture(tmp_path: Path) -> Path:
    """A report with headings, a term split across runs, a page break and a table."""
    document = docx.Document()
    document.add_heading("1. Introduction", level=1)
    document.add_paragraph("This report follows the Luxembourg Guidelines.")
    paragraph = document.add_paragraph("The agency counted reports of child ")
    paragraph.add_run("porno").bold = True
    paragraph.add_run("graphy in 2023.")
    document.add_page_break()
    document.add_heading("3. Definitions", level=1)
    document.add_paragraph("The statute still speaks of a child prostitute.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Term"
    table.cell(1, 1).text = "child pornography"
    path = tmp_path / "report.docx"
    document.save(str(path))
    return path


def test_terms_are_found_at_their_paragraph_heading_and_page(linter, report):
    result = linter.check_path(report)
    assert result.error is None
    assert avoid(result) == [
        ("child-sexual-abuse-material", "child pornography", "paragraph 3 on page 1 (under '1. Introduction')"),
        ("child-exploited-in-prostitution", "child prostitute", "paragraph 5 on page 2 (under '3. Definitions')"),
        ("child-sexual-abuse-material", "child pornography", "paragraph 7 on page 2 (table row 2, cell 2, under '3. Definitions')"),
    ]


def test_text_output_names_the_paragraph_and_heading(project, runner, report):  # noqa: F811
    from lexicon.cli import app

    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), str(report)])
    assert result.exit_code == 1
    assert "(paragraph 5 on page 2 (under '3. Definitions'))" in result.stdout
    assert "“child prostitute”" in result.stdout


def test_split_runs_tracked_changes_and_hyperlinks_make_one_term(linter, tmp_path):
    document = docx.Document()
    tracked = "w:id='{}' w:author='Ed' w:date='2024-01-01T00:00:00Z'"
    body_xml(
        document,
        f"<w:p>{run('Reports of child ')}<w:ins {tracked.format(1)}>{run('porno')}</w:ins>"
        f"<w:del {tracked.format(2)}><w:r><w:delText>graphic material and child porno</w:delText></w:r></w:del>"
        f"{run('graphy')}{run(' rose.')}</w:p>",
    )
    body_xml(
        document,
        f"<w:p>{run('See the page on child ')}<w:hyperlink r:id='rId99'>{run('prost', True)}"
        f"{run('itutes')}</w:hyperlink>{run(' for the terminology.')}</w:p>",
    )
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.text == "Reports of child pornography rose.\n\nSee the page on child prostitutes for the terminology."
    assert [m[1] for m in avoid(linter.check_document(doc))] == ["child pornography", "child prostitutes"]


def test_headers_footers_footnotes_endnotes_and_text_boxes_are_read(linter, tmp_path):
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Draft on child pornography laws"
    section.footer.paragraphs[0].text = "Working paper, not for citation"
    document.add_paragraph("The review covers the period 2019-2023.")
    box = (
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
        f"<w:p>{run('Box: child prostitutes in the statistics')}</w:p></w:txbxContent></wps:txbx></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"<w:p>{run('Box: child prostitutes in the statistics')}</w:p></w:txbxContent></v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    body_xml(document, box)
    path = tmp_path / "parts.docx"
    document.save(str(path))
    add_notes(path, "footnote", ["The 1999 act speaks of child pornography."])
    add_notes(path, "endnote", ["Source: agency data on child prostitutes."])
    found = avoid(linter.check_path(path))
    assert [(m, where) for _c, m, where in found] == [  # the text box once, although Word stores it twice
        ("child prostitutes", "text box at paragraph 1"),
        ("child pornography", "footnote 1"),
        ("child prostitutes", "endnote 1"),
        ("child pornography", "header"),
    ]


def test_comments_are_left_out(linter, tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("The minister presented the plan.")
    document.add_comment(paragraph.runs, text="Reviewers asked about child pornography here.", author="Ed")
    path = tmp_path / "comments.docx"
    document.save(str(path))
    doc = read_document(path)
    assert "pornography" not in doc.text
    assert avoid(linter.check_document(doc)) == []


def test_quote_style_paragraphs_are_quotations(tmp_path):
    document = docx.Document()
    document.add_paragraph("The law of 1999 reads:")
    document.add_paragraph("Child pornography means any representation.", style="Quote")
    path = tmp_path / "quote.docx"
    document.save(str(path))
    doc = read_document(path)
    start = doc.text.index("Child")
    assert doc.quotes == ((start, len(doc.text)),)


def test_rendered_page_breaks_give_the_page(linter, tmp_path):
    document = docx.Document()
    document.add_paragraph("First page text about the programme.")
    body_xml(document, "<w:p><w:r><w:lastRenderedPageBreak/><w:t>Second page: child pornography cases.</w:t></w:r></w:p>")
    path = tmp_path / "rendered.docx"
    document.save(str(path))
    assert avoid(linter.check_path(path))[0][2] == "paragraph 2 on page 2"


def test_no_page_without_breaks(linter, tmp_path):
    path = simple_docx(tmp_path / "plain.docx", "Intro.", "The report mentions child pornography.")
    assert avoid(linter.check_path(path))[0][2] == "paragraph 2"


def test_a_word_file_without_text_is_reported(linter, tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    result = linter.check_path(path)
    assert result.error == "no text found in the Word document (nothing to check)"


def test_damaged_xml_inside_a_word_file_is_one_error(linter, tmp_path):
    from tests.office_fixtures import replace_member

    path = simple_docx(tmp_path / "damaged.docx", "Text.")
    replace_member(path, "word/document.xml", b"<w:document><w:body><w:p>")
    error = linter.check_path(path).error
    assert error.startswith("not a readable Word document (XMLSyntaxError")


def test_nested_tables_are_read_once(linter, tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Region"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Cases of child pornography"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.text.count("child pornography") == 1
    assert avoid(linter.check_document(doc))[0][2] == "paragraph 2 (table row 1, cell 2)"


def test_a_term_never_runs_from_one_paragraph_into_the_next(tmp_path):
    from tests.office_fixtures import simple_docx

    word = tmp_path / "memo.docx"
    simple_docx(word, "The unit protects every child", "Pornography laws for adults are not in its remit.")
    from tests.conftest import builtin_linter

    result = builtin_linter("en").check_path(word)
    assert [f.matched for f in result.findings if f.rule.value in ("avoid-term", "care-term")] == []
