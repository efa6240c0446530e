"""PDFs made with reportlab: text per page, hyphenation rejoined, running heads once."""

from __future__ import annotations

from lexicon.readers import read_document
from lexicon.readers.pdf import _drop_repeated, _rejoin
from tests.conftest import TEST_GLOSSARY
from tests.office_fixtures import pdf
from tests.project_env import project_fixture  # noqa: F401

HEADER = "Council report on child protection - child pornography statistics"
PAGES = [
    ["Summary of the year.", "The hotline assessed reports of child por-", "nography and other material.", "End of summary."],
    ["Second chapter on prevention.", "Schools trained staff in every region."],
    ["Third chapter on victims.", "The court heard about child", "prostitutes in the capital."],
]


def avoid(result) -> list[tuple[str, str | None]]:
    return [(" ".join(f.matched.split()), f.locator) for f in result.findings if f.rule.value == "avoid-term"]


def test_findings_name_page_and_line_and_hyphenation_is_rejoined(linter, tmp_path):
    path = pdf(tmp_path / "report.pdf", PAGES, header=HEADER, footer=True)
    result = linter.check_path(path)
    assert result.error is None
    assert avoid(result) == [
        ("child pornography", "page 1, line 1"),  # the running header, reported on its first page only
        ("child pornography", "page 1, line 3"),
        ("child prostitutes", "page 3, line 3"),
    ]


def test_text_is_per_page_with_running_heads_blanked_after_the_first(tmp_path):
    doc = read_document(pdf(tmp_path / "report.pdf", PAGES, header=HEADER, footer=True))
    assert [s.locator for s in doc.segments] == ["page 1", "page 2", "page 3"]
    pages = [doc.text[s.start : s.end].split("\n") for s in doc.segments]
    assert pages[0][:3] == [HEADER, "Summary of the year.", "The hotline assessed reports of child pornography"]
    assert pages[0][3] == "and other material."  # the rest of the line stays on its line
    assert pages[1][0] == "" and pages[2][0] == ""  # header blanked, line kept so lines still count
    assert "Page 1 of 3" in pages[0] and not any("Page" in line for line in pages[1] + pages[2])


def test_rejoin_keeps_line_count_and_joins_only_words():
    assert _rejoin("child por-\nnography is here\nnext") == "child pornography\nis here\nnext"
    assert _rejoin("in 2019-\n2023 the rate") == "in 2019-\n2023 the rate"
    assert _rejoin("child-\nren") == "children\n"


def test_repeated_edge_lines_ignore_page_numbers():
    first = "Annual report 2024\nIntroduction\nsame line\nsame line\nlast line a\n- 1 -"
    second = "Annual report 2024\nMethods\nsame line\nsame line\nlast line b\n- 2 -"
    assert _drop_repeated([first, second]) == [first, "\nMethods\nsame line\nsame line\nlast line b\n"]


def test_cli_text_output_names_page_and_line(project, runner, tmp_path):  # noqa: F811
    from lexicon.cli import app

    path = pdf(tmp_path / "r.pdf", PAGES)
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), str(path)])
    assert result.exit_code == 1
    assert "(page 3, line 2)" in result.stdout
    assert "(page 1, line 2)" in result.stdout


def test_a_pdf_without_text_is_reported(linter, tmp_path):
    path = pdf(tmp_path / "blank.pdf", [[], []])
    assert linter.check_path(path).error == "no text layer in the PDF (scanned images?); nothing to check"
