"""HTML: visible text only, offsets and line/column those of the source file."""

from __future__ import annotations

from lexicon.readers import html
from tests.conftest import TEST_GLOSSARY
from tests.project_env import project_fixture  # noqa: F401

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Annual report</title>
<style>.child-pornography { color: red }</style>
<script>var label = "child pornography";</script></head>
<body>
<h1>Terms used in the report</h1>
<p class="lead">The agency reviewed reports of child&nbsp;pornography in 2023.</p>
<pre>child pornography</pre>
<p>Use <code>child prostitute</code> only in code.</p>
<!-- child pornography in a comment -->
<blockquote>The 1999 act speaks of <b>child prostitutes</b>.</blockquote>
<table><tr><td>child</td><td>pornography</td></tr></table>
<!-- lexicon-disable -->
<p>Quoted headline: child pornography ring</p>
<!-- lexicon-enable -->
<p><a href="/child-pornography">Link text about child sexual abuse material</a></p>
</body></html>
"""


def test_visible_text_keeps_source_length_and_lines():
    doc = html.from_text(PAGE, "page.html")
    assert len(doc.text) == len(PAGE)
    assert doc.text.count("\n") == PAGE.count("\n")
    assert "var label" not in doc.text and "color" not in doc.text and "<p" not in doc.text
    assert "Terms used in the report" in doc.text


def test_findings_are_source_offsets_outside_code_script_and_comments(linter):
    doc = html.from_text(PAGE, "page.html")
    result = linter.check_document(doc)
    found = [(f.matched, f.start.line, f.start.column) for f in result.findings if f.rule.value == "avoid-term"]
    assert found == [("child&nbsp;pornography", 7, 48), ("child prostitutes", 11, 39)]
    for f in result.findings:
        assert PAGE[f.start.offset : f.end.offset] == f.matched
    assert result.suppressed == 1  # the disabled headline


def test_blockquotes_are_quotations_and_cells_do_not_join():
    doc = html.from_text(PAGE, "page.html")
    ((start, end),) = doc.quotes
    assert PAGE[start:end].startswith("<blockquote>") and PAGE[start:end].endswith("</blockquote>")
    cells = doc.text[PAGE.index("<table>") : PAGE.index("</table>")]
    assert "child" in cells and "pornography" in cells and "¶" in cells.split("child")[1]


def test_entities_keep_offsets():
    source = "<p>children&rsquo;s rights &amp; child&#160;pornography</p>"
    doc = html.from_text(source, "e.html")
    assert len(doc.text) == len(source)
    assert "child      pornography" in doc.text
    assert doc.text[source.index("&amp;")] == "&"


def test_unclosed_and_broken_markup_is_still_read(linter):
    source = "<p>Reports of child pornography<div><script>unclosed"
    doc = html.from_text(source, "broken.html")
    assert len(doc.text) == len(source)
    assert [f.matched for f in linter.check_document(doc).findings] == ["child pornography"]


def test_cli_reports_line_and_column_in_the_html_file(project, runner, tmp_path):  # noqa: F811
    from lexicon.cli import app

    path = tmp_path / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), str(path)])
    assert result.exit_code == 1
    assert f"{path}:7:48" in result.stdout
    assert f"{path}:11:39" in result.stdout
