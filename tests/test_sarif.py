"""`--format sarif`: valid SARIF 2.1.0 (checked against the official schema), rules for what
fired, levels, regions that point at the matched text, relative URIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from lexicon.cli import app
from tests.conftest import DATA, TEST_GLOSSARY
from tests.project_env import REPORT, project_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("project")
SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", "-g", str(TEST_GLOSSARY), "-f", "sarif", *args])
    return result.exit_code, json.loads(result.stdout)


def validate(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)


def test_output_validates_against_the_official_schema(runner: CliRunner) -> None:
    Path("docs").mkdir()
    Path("docs/report.md").write_text(REPORT + "Reports of child sexual abuse material rose.\n", encoding="utf-8")
    Path("docs/title.md").write_text("The Child Pornography Prevention Act was cited.\n", encoding="utf-8")
    code, log = sarif(runner, "docs", "missing.md", "--show-info")
    validate(log)
    assert code == 2  # an unreadable file
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "missing.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert any("relatedLocations" in r for r in run["results"])  # mixed-terms lists the variants


def test_an_empty_run_validates(runner: CliRunner) -> None:
    Path("clean.md").write_text("Sexual extortion cases doubled.\n", encoding="utf-8")
    code, log = sarif(runner, "clean.md")
    validate(log)
    assert code == 0
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_rules_are_the_pairs_that_fired(runner: CliRunner) -> None:
    Path("report.md").write_text(REPORT, encoding="utf-8")
    code, log = sarif(runner, "report.md")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["avoid-term/child-sexual-abuse-material", "avoid-term/sexual-extortion"]
    assert code == 1
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    csam = rules[0]
    assert csam["fullDescription"]["text"].startswith("Material that depicts")
    assert "implies consent and legitimacy" in csam["help"]["text"]
    assert "child sexual abuse material" in csam["help"]["text"]
    assert "test section" in csam["help"]["text"]  # the section of the glossary that defines it
    assert csam["shortDescription"]["text"]


def test_levels_and_regions(runner: CliRunner) -> None:
    source = "# Rapport\n\nÉté 2024 — the child pornography unit noted sextortion.\n"
    Path("report.md").write_text(source, encoding="utf-8")
    _, log = sarif(runner, "report.md", "--lang", "en")
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"avoid-term/child-sexual-abuse-material": "error", "avoid-term/sexual-extortion": "warning"}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "report.md", "uriBaseId": "%SRCROOT%"}
        region = location["region"]
        start, length = region["charOffset"], region["charLength"]
        assert source[start : start + length] == region["snippet"]["text"]
        line = source.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]


def test_info_maps_to_note(runner: CliRunner) -> None:
    Path("title.md").write_text("The Child Pornography Prevention Act was cited.\n", encoding="utf-8")
    _, log = sarif(runner, "title.md", "--show-info")
    assert {r["level"] for r in log["runs"][0]["results"]} == {"note"}


def test_paths_outside_the_current_folder_are_absolute_uris(runner: CliRunner, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere dir" / "report.md"
    outside.parent.mkdir()
    outside.write_text(REPORT, encoding="utf-8")
    _, log = sarif(runner, str(outside))
    validate(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}
    assert "%20" in artifact["uri"]
