"""`--format github`: GitHub Actions workflow commands, escaped as the Actions toolkit does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexicon.cli import app
from lexicon.model import Finding, Position, Rule, Severity
from lexicon.report.github import annotation, escape_data, escape_property
from tests.conftest import TEST_GLOSSARY
from tests.project_env import REPORT, project_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("project")
COMMAND = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")


def github(runner: CliRunner, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), "-f", "github", *args])
    return result.exit_code, result.stdout.splitlines()


def properties(line: str) -> dict[str, str]:
    match = COMMAND.match(line)
    assert match, line
    return dict(item.split("=", 1) for item in match.group(2).split(","))


def test_one_command_per_finding(runner: CliRunner) -> None:
    Path("report.md").write_text(REPORT, encoding="utf-8")
    code, lines = github(runner, "report.md")
    assert code == 1
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]
    assert properties(lines[0]) == {
        "file": "report.md",
        "line": "3",
        "col": "33",
        "endLine": "3",
        "endColumn": "50",
        "title": "lexicon avoid-term/child-sexual-abuse-material",
    }
    assert "Suggested: child sexual abuse material, CSAM." in lines[0]


def test_info_is_a_notice(runner: CliRunner) -> None:
    Path("title.md").write_text("The Child Pornography Prevention Act was cited.\n", encoding="utf-8")
    code, lines = github(runner, "title.md", "--show-info")
    assert code == 0
    assert lines and all(line.startswith("::notice ") for line in lines)


def test_fail_on_sets_the_exit_code(runner: CliRunner) -> None:
    Path("note.md").write_text("Sextortion cases doubled.\n", encoding="utf-8")
    assert github(runner, "note.md")[0] == 0
    assert github(runner, "note.md", "--fail-on", "warning")[0] == 1


def test_unreadable_file_is_an_error_command(runner: CliRunner) -> None:
    code, lines = github(runner, "missing.md")
    assert code == 2
    assert lines[0].startswith("::error file=missing.md,title=lexicon::cannot check this file")


def test_file_names_are_escaped(runner: CliRunner) -> None:
    Path("a,b:c%.md").write_text("Sextortion cases doubled.\n", encoding="utf-8")
    _, lines = github(runner, "a,b:c%.md")
    assert properties(lines[0])["file"] == "a%2Cb%3Ac%25.md"


def test_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_multi_line_messages_stay_on_one_line() -> None:
    start, end = Position(2, 5, 10), Position(3, 4, 30)
    finding = Finding(
        rule=Rule.CARE_TERM,
        concept="perpetrator-labels",
        severity=Severity.WARNING,
        matched="child\nsex",
        start=start,
        end=end,
        message="Line one\nline two: 100%",
    )
    line = annotation("docs/x.md", finding)
    assert "\n" not in line
    assert line.endswith("::Line one%0Aline two: 100%25")
    assert properties(line)["endLine"] == "3"
