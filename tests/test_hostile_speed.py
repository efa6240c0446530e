"""Inputs that once hung or took quadratic time: each now finishes within a generous bound
("under 2 s per 10 KB", at least 2 s), so a regression shows as a failure, not as a CI job
that never ends. The inputs are the minimal reproducers of issue 11."""

from __future__ import annotations

import os
import time

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import load_glossary
from lexicon.readers import html, markdown, read_document
from tests.conftest import builtin_linter
from tests.office_fixtures import odt


@pytest.fixture(scope="module")
def builtin() -> Linter:
    return builtin_linter("en")


def budget(size: int) -> float:
    return max(2.0, 2.0 * size / 10_000)


def timed(fn, size: int):
    started = time.monotonic()
    out = fn()
    elapsed = time.monotonic() - started
    assert elapsed < budget(size), f"{elapsed:.1f} s for {size} characters"
    return out


TITLE_TRAP = (
    "Special attention to self-generated, peer-to-peer, non-consensual, e-mail, on-line, follow-up, "
    "co-operation, cross-border, long-term, high-risk, age-appropriate, multi-agency child pornography cases"
)


@pytest.mark.parametrize(
    "text",
    [
        TITLE_TRAP,
        "Optional " + ",".join(["a"] * 25) + " child pornography",
        "Optional " + ",".join(["a"] * 60) + " child pornography",
        "Directive " + "-x, " * 200 + "child pornography",
    ],
    ids=["hyphenated-adjectives", "24-commas", "60-commas", "directive-punctuation"],
)
def test_title_words_before_a_term_do_not_backtrack(builtin, text):
    result = timed(lambda: builtin.check_document(markdown.from_text(text, "t.md")), len(text))
    assert [f.matched for f in result.findings if f.rule.value == "avoid-term"] == ["child pornography"]


def test_official_title_is_still_recognised_with_words_left_out(builtin):
    """The linear title pattern still finds a treaty cited with its middle shortened."""
    text = (
        "States ratified the Optional Protocol to the Convention on the Rights of the Child on the sale of "
        "children, child prostitution and child pornography in 2002."
    )
    result = builtin.check_document(markdown.from_text(text, "t.md"))
    assert {f.context.value for f in result.findings if f.matched == "child pornography"} == {"title"}


@pytest.mark.slow  # a 1 MB document
def test_many_matches_on_one_long_line_are_linear(builtin):
    """Word and PDF text has no blank lines: per-match work must not rescan the line."""
    text = " ".join(["Reports of child pornography rose."] * 30_000)  # ~1 MB, 30,000 matches, one line
    started = time.monotonic()
    result = builtin.check_document(markdown.from_text(text, "t.txt"))
    assert time.monotonic() - started < 60, "quadratic: was minutes"
    assert sum(f.matched == "child pornography" for f in result.findings) == 30_000


def test_markdown_backtick_runs_are_linear():
    text = "".join("`" * k + "a" for k in range(1, 280))  # ~40 KB of unmatched runs of distinct lengths
    doc = timed(lambda: markdown.from_text(text, "t.md"), len(text))
    assert doc.text == text  # no run has a partner: nothing is code


def test_markdown_inline_code_still_blanked():
    doc = markdown.from_text("Say `child pornography` or ``a ` b`` here.", "t.md")
    assert doc.text == "Say " + " " * len("`child pornography`") + " or " + " " * len("``a ` b``") + " here."


def test_markdown_reference_lines_without_bracket_are_linear():
    text = "[note\n" * 20_000
    doc = timed(lambda: markdown.from_text(text, "t.md"), len(text))
    assert doc.text == text


def test_html_unmatched_quote_end_tags_are_linear():
    text = "<blockquote>" * 20_000 + "</q>" * 20_000
    timed(lambda: html.from_text(text, "t.html"), len(text))


def test_html_many_open_blockquotes_do_not_slow_each_match(builtin):
    text = "<blockquote>" * 5000 + "<p>Reports of child pornography rose.</p>" * 2000
    result = timed(lambda: builtin.check_document(html.from_text(text, "t.html")), len(text))
    assert {f.context.value for f in result.findings if f.rule.value == "avoid-term"} == {"quoted"}


def test_html_unknown_marked_section_is_not_an_assertion_error():
    doc = html.from_text("<p>Before <![a[ hidden ]]> after child pornography.</p>", "t.html")
    assert "after child pornography" in doc.text


def test_odt_with_many_paragraphs_is_linear(tmp_path):
    body = "".join(f"<text:p>Paragraph {os.urandom(6).hex()} on child protection.</text:p>" for _ in range(40_000))
    path = odt(tmp_path / "long.odt", body)
    doc = timed(lambda: read_document(path), len(body) // 20)  # the bound of its text, not its markup
    assert len(doc.segments) == 40_000 and doc.segments[-1].locator == "paragraph 40000"


@pytest.mark.slow  # 10,000 findings
def test_many_suppression_comments_cost_no_per_finding_scan(builtin):
    line = "<!-- lexicon-disable-next-line -->\nReports of child pornography rose.\nReports of child pornography fell.\n"
    text = line * 5000
    result = timed(lambda: builtin.check_document(markdown.from_text(text, "t.md")), len(text))
    assert result.suppressed >= 5000  # each comment silences its own next line ...
    assert sum(f.matched == "child pornography" for f in result.findings) == 5000  # ... and no other


@pytest.mark.parametrize(
    "source",
    [
        "<a b" * 20_000,
        "<a b='" * 20_000,
        "<a " * 30_000,
        "<!--" * 20_000,
        "<!--" * 20_000 + ">",
        "<![CDATA[" * 10_000,
    ],
    ids=["unclosed-tags", "unclosed-quoted", "tag-spaces", "unclosed-comments", "comments-then-gt", "marked-sections"],
)
def test_html_unclosed_constructs_are_linear(source):
    """html.parser searched from every unclosed construct to the end of the text."""
    doc = timed(lambda: html.from_text(source, "t.html"), len(source))
    assert len(doc.text) == len(source)


def test_html_text_after_an_unclosed_tag_is_still_checked(builtin):
    source = "<p>Reports of child pornography rose.</p> Totals: 3 < 4 and child pornography"
    result = builtin.check_document(html.from_text(source, "t.html"))
    assert [source[f.start.offset : f.end.offset] for f in result.findings if f.rule.value == "avoid-term"] == ["child pornography"] * 2


def test_unclosed_suppression_comments_are_linear():
    source = "<!-- lexicon-disable " * 10_000
    doc = timed(lambda: markdown.from_text(source, "t.md"), len(source))
    assert doc.suppressions == ()


def test_runs_of_punctuation_lines_are_linear(builtin):
    """The article-heading cue skipped non-word characters across line ends, from every line."""
    text = "> ;\r\n```\n" * 10_000 + "Article 3 covers child pornography.\n"
    result = timed(lambda: builtin.check_document(markdown.from_text(text, "t.md")), len(text))
    assert [f.context.value for f in result.findings if f.matched == "child pornography"] == ["legal"]


def test_a_house_title_is_no_new_trigger(tmp_path):
    """Any title a house glossary adds gets the same linear pattern as the built-in ones."""
    from tests.conftest import TEST_GLOSSARY

    house = tmp_path / "house.yaml"
    house.write_text(
        "section: {id: house, title: House terms}\nconcepts:\n  - id: child-sexual-abuse-material\n    exceptions:\n"
        "      en:\n        - text: Regional Framework for Cooperation on the Protection of Children from Online Sexual "
        "Exploitation and child pornography\n",
        encoding="utf-8",
    )
    linter = Linter(load_glossary([TEST_GLOSSARY, house], builtin=False), Settings(lang="en"))
    hostile = "Regional " + ", ".join(["self-generated", "peer-to-peer", "e-mail", "co-operation"] * 20) + " child pornography cases"
    result = timed(lambda: linter.check_document(markdown.from_text(hostile, "t.md")), len(hostile))
    assert [f.context for f in result.findings if f.matched == "child pornography"] == [None]
    cited = "The Regional Framework on the Protection of Children from Online Sexual Exploitation and child pornography applies."
    assert {f.context.value for f in linter.check_document(markdown.from_text(cited, "t.md")).findings} == {"title"}
