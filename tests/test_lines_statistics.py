"""`--format json-lines` (one finding per line) and `--statistics` (counts per rule and
concept, in text and JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexicon.cli import app
from tests.conftest import TEST_GLOSSARY
from tests.project_env import REPORT, project_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("project")
TWICE = REPORT + "Earlier reports also mentioned child pornography.\n"
TITLE = "The Child Pornography Prevention Act was cited.\n"


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), *args])
    return result.exit_code, result.stdout


def test_json_lines_is_one_finding_per_line(runner: CliRunner) -> None:
    Path("a.md").write_text(TWICE, encoding="utf-8")
    Path("b.md").write_text(REPORT, encoding="utf-8")
    code, out = run(runner, "a.md", "b.md", "missing.md", "-f", "json-lines")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2  # missing.md; its error goes to stderr, not into the stream
    assert [(r["path"], r["rule"], r["concept"], r["start"]["line"]) for r in records] == [
        ("a.md", "avoid-term", "child-sexual-abuse-material", 3),
        ("a.md", "avoid-term", "sexual-extortion", 4),
        ("a.md", "avoid-term", "child-sexual-abuse-material", 5),
        ("b.md", "avoid-term", "child-sexual-abuse-material", 3),
        ("b.md", "avoid-term", "sexual-extortion", 4),
    ]
    assert all(r["lang"] == "en" and "message" in r and "suggestions" in r for r in records)


def test_json_lines_with_no_findings_is_empty(runner: CliRunner) -> None:
    Path("a.md").write_text("Sexual extortion cases doubled.\n", encoding="utf-8")
    assert run(runner, "a.md", "-f", "json-lines") == (0, "")


def test_statistics_replace_the_findings_in_text(runner: CliRunner) -> None:
    Path("a.md").write_text(TWICE + TITLE, encoding="utf-8")
    code, out = run(runner, "a.md", "--statistics", "--show-info")
    assert code == 1
    rows = [line.split() for line in out.splitlines()[:-1]]
    assert rows == [
        ["3", "avoid-term/child-sexual-abuse-material", "error", "2,", "info", "1"],
        ["1", "avoid-term/sexual-extortion", "warning"],
    ]
    assert out.splitlines()[-1].startswith("1 file checked: 2 error(s), 1 warning(s), 1 info")
    assert "a.md:3" not in out


def test_statistics_in_json(runner: CliRunner) -> None:
    Path("a.md").write_text(TWICE, encoding="utf-8")
    _, out = run(runner, "a.md", "-f", "json")
    assert "statistics" not in json.loads(out)
    _, out = run(runner, "a.md", "-f", "json", "--statistics")
    data = json.loads(out)
    assert data["statistics"] == [
        {"rule": "avoid-term", "concept": "child-sexual-abuse-material", "count": 2, "severities": {"error": 2}},
        {"rule": "avoid-term", "concept": "sexual-extortion", "count": 1, "severities": {"warning": 1}},
    ]
    assert len(data["files"][0]["findings"]) == 3  # JSON keeps the findings


def test_statistics_from_the_config(runner: CliRunner) -> None:
    Path(".lexicon.yaml").write_text("statistics: true\n", encoding="utf-8")
    Path("a.md").write_text(REPORT, encoding="utf-8")
    _, out = run(runner, "a.md")
    assert out.splitlines()[0].split() == ["1", "avoid-term/child-sexual-abuse-material", "error"]
    _, out = run(runner, "a.md", "--no-statistics")
    assert out.startswith("a.md:3:33 error")
