"""The HTML report without a browser: self-contained, every document text escaped, long
documents shown as excerpts."""

from __future__ import annotations

import re

from lexicon.cli import app


def html_of(runner, tmp_path, *paths):
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["check", "--no-config", "-f", "html", "-o", str(page), *paths])
    assert result.exit_code in (0, 1), result.output
    return page.read_text(encoding="utf-8")


def test_no_external_assets_and_document_text_is_escaped(runner, tmp_path):
    doc = tmp_path / "note.md"
    doc.write_text(
        '<script>alert("x")</script>\n\nReports of child pornography rose.\n<img src="http://example.org/a.png">\n', encoding="utf-8"
    )
    page = html_of(runner, tmp_path, str(doc))
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;alert" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "default-src 'none'" in page  # the browser refuses any request the page might make
    assert '<mark id="m-0-0" class="error"' in page


def test_long_documents_show_only_the_paragraphs_with_findings(runner, tmp_path, monkeypatch):
    from lexicon.report import html

    monkeypatch.setattr(html, "FULL_TEXT", 200)
    doc = tmp_path / "long.txt"
    doc.write_text(
        "An unrelated opening paragraph about budgets.\n" * 10
        + "Reports of child pornography rose.\n"
        + "A closing paragraph about staffing.\n" * 10,
        encoding="utf-8",
    )
    page = html_of(runner, tmp_path, str(doc))
    assert "only the paragraphs with findings are shown" in page
    assert "Reports of <mark" in page and "budgets" not in page and "staffing" not in page


def test_each_explanation_once_per_document_and_every_link_has_a_target(runner, tmp_path):
    doc = tmp_path / "draft.md"
    doc.write_text(
        "Reports of child pornography rose.\n\nThe unit seized child pornography.\n\n"
        "CSAM is the agreed term, yet the annex counts child pornography cases.\n",
        encoding="utf-8",
    )
    page = html_of(runner, tmp_path, str(doc))
    assert page.count("Avoid &quot;child pornography&quot;") == 1
    assert page.count("why, source and definition: as above") == 2
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = set(re.findall(r'data-target="([^"]+)"', page))
    assert targets and targets <= ids
