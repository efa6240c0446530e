"""The command line through typer's CliRunner: formats, exit codes, errors, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexicon import __version__
from lexicon.cli import app
from tests.conftest import TEST_GLOSSARY

DONE_WHEN = "Child pornography, child-prostitutes and child sex\ntourism appear in the old draft.\n"


def run(runner, *args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_json_reports_each_term_with_exact_offsets(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(DONE_WHEN, encoding="utf-8")
    result = run(runner, "check", "--format", "json", "-g", str(TEST_GLOSSARY), str(doc))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    findings = [f for f in data["files"][0]["findings"] if f["rule"] == "avoid-term"]
    assert [f["matched"] for f in findings] == ["Child pornography", "child-prostitutes", "child sex\ntourism"]
    for f in findings:
        assert DONE_WHEN[f["start"]["offset"] : f["end"]["offset"]] == f["matched"]
        assert set(f) >= {"rule", "concept", "severity", "matched", "start", "end", "suggestions", "message", "reference", "confirmed"}
    tourism = findings[2]
    assert (tourism["start"]["line"], tourism["start"]["column"], tourism["end"]["line"], tourism["end"]["column"]) == (1, 42, 2, 8)
    assert data["files"][0]["error"] is None
    assert data["summary"]["errors"] == 3


def test_text_output_names_place_rule_concept_and_suggestion(runner, tmp_path):
    doc = tmp_path / "draft.md"
    doc.write_text("# Draft\n\nWe saw child pornography.\n", encoding="utf-8")
    result = run(runner, "check", "-g", str(TEST_GLOSSARY), str(doc))
    assert result.exit_code == 1
    assert f"{doc}:3:8 error avoid-term [child-sexual-abuse-material]" in result.stdout
    assert "→ child sexual abuse material" in result.stdout
    assert "1 file checked: 1 error(s)" in result.stdout


def test_exit_zero_when_nothing_reaches_fail_on(runner, tmp_path):
    doc = tmp_path / "ok.md"
    doc.write_text("Reports of sextortion rose.\n", encoding="utf-8")  # unconfirmed: a warning
    assert run(runner, "check", "-g", str(TEST_GLOSSARY), str(doc)).exit_code == 0
    assert run(runner, "check", "--fail-on", "warning", "-g", str(TEST_GLOSSARY), str(doc)).exit_code == 1
    assert run(runner, "check", "--fail-on", "never", "-g", str(TEST_GLOSSARY), str(tmp_path)).exit_code == 0


def test_missing_file_is_exit_2_and_other_files_are_still_checked(runner, tmp_path):
    good = tmp_path / "a.md"
    good.write_text("We saw child pornography.\n", encoding="utf-8")
    result = run(runner, "check", "--format", "json", "-g", str(TEST_GLOSSARY), str(tmp_path / "nope.md"), str(good))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path[str(tmp_path / "nope.md")]["error"] == "no such file"
    assert by_path[str(good)]["findings"][0]["matched"] == "child pornography"
    assert f"{tmp_path / 'nope.md'}: no such file" in result.stderr


def test_stdin_is_checked(runner):
    result = run(runner, "check", "-f", "json", "-g", str(TEST_GLOSSARY), "-", input="A child prostitute was named.\n")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["findings"][0]["concept"] == "child-exploited-in-prostitution"


def test_folder_is_walked_for_known_extensions_in_sorted_order(runner, tmp_path):
    (tmp_path / "b.md").write_text("child porn\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("child porn\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    result = run(runner, "check", "-f", "json", "-g", str(TEST_GLOSSARY), str(tmp_path))
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(result.stdout)["files"]]
    assert paths == ["b.md", "sub/a.txt"]


def test_info_findings_are_hidden_unless_asked(runner, tmp_path):
    doc = tmp_path / "t.md"
    doc.write_text("The Optional Protocol on the sale of children, child prostitution and child pornography.\n", encoding="utf-8")
    hidden = json.loads(run(runner, "check", "-f", "json", "-g", str(TEST_GLOSSARY), str(doc)).stdout)
    shown = json.loads(run(runner, "check", "-f", "json", "--show-info", "-g", str(TEST_GLOSSARY), str(doc)).stdout)
    assert hidden["files"][0]["findings"] == []
    assert {f["severity"] for f in shown["files"][0]["findings"]} == {"info"}


def test_usage_errors_are_one_line_and_exit_2(runner, tmp_path):
    result = run(runner, "check", "--format", "yaml", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "'--format'" in result.stderr and "'yaml' is not one of" in result.stderr
    assert run(runner, "check", "--lang", "xx", str(tmp_path)).exit_code == 2


def test_version_and_help(runner):
    assert run(runner, "--version").stdout.strip() == f"lexicon {__version__}"
    for command in (["--help"], ["check", "--help"], ["define", "--help"], ["glossary", "validate", "--help"]):
        assert run(runner, *command).exit_code == 0


def test_define_exact_acronym_and_other_language(runner):
    result = run(runner, "define", "CSAM", "--lang", "es", "-f", "json")
    data = json.loads(result.stdout)
    assert data["id"] == "child-sexual-abuse-material"
    assert {"en", "fr", "es"} <= set(data["terms"])
    result = run(runner, "define", "pornografía infantil")
    assert result.exit_code == 0 and "child sexual abuse material" in result.stdout


def test_define_fuzzy_suggests_a_term(runner):
    result = run(runner, "define", "child pornografy")
    assert result.exit_code == 0
    assert "Did you mean" in result.stdout and "child-sexual-abuse-material" in result.stdout


def test_define_unknown_term_exits_1_with_hints(runner):
    result = run(runner, "define", "zzzzqqq")
    assert result.exit_code == 1 and "no concept for 'zzzzqqq'" in result.stderr


@pytest.mark.slow  # starts a Python
def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "lexicon", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("lexicon ")


def test_findings_show_the_words_around_them(runner, tmp_path):
    doc = tmp_path / "s.md"
    doc.write_text("Intro.\n\nIn 2024 the hotline received many reports of child pornography, a rise on 2023.\n\nNext.\n", encoding="utf-8")
    data = json.loads(run(runner, "check", "-f", "json", "-g", str(TEST_GLOSSARY), str(doc)).stdout)
    snippet = data["files"][0]["findings"][0]["snippet"]
    assert snippet == {"before": "…the hotline received many reports of ", "after": ", a rise on 2023."}
    text = run(runner, "check", "-g", str(TEST_GLOSSARY), str(doc)).stdout
    assert "…the hotline received many reports of “child pornography”, a rise on 2023." in text
