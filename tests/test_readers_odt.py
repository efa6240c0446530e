"""OpenDocument text: paragraphs, headings, tables, notes; comments left out."""

from __future__ import annotations

from tests.office_fixtures import odt

BODY = (
    '<text:h text:outline-level="1">2. Scope</text:h>'
    "<text:p>The study reviewed <text:span>child por</text:span>nography"
    '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
    "<text:note-body><text:p>See the report on child prostitutes.</text:p></text:note-body></text:note> cases.</text:p>"
    "<text:p>Reviewed<office:annotation><text:p>child pornography</text:p></office:annotation> twice.</text:p>"
    "<table:table><table:table-row><table:table-cell><text:p>child<text:s/>pornography</text:p>"
    "</table:table-cell></table:table-row></table:table>"
)


def test_odt_paragraphs_headings_tables_and_footnotes(linter, tmp_path):
    result = linter.check_path(odt(tmp_path / "scope.odt", BODY))
    assert result.error is None
    found = [(" ".join(f.matched.split()), f.locator) for f in result.findings if f.rule.value == "avoid-term"]
    assert found == [
        ("child pornography", "paragraph 2 (under '2. Scope')"),
        ("child pornography", "paragraph 4 (under '2. Scope')"),
        ("child prostitutes", "footnote 1"),
    ]


def test_odt_without_content_is_an_error(linter, tmp_path):
    import zipfile

    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert linter.check_path(path).error == "not an OpenDocument text (no content.xml)"
