"""The pre-commit hook definition runs `lexicon check` on the files lexicon reads, and typer's
shell completion is available (`lexicon --install-completion`)."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lexicon.cli import app
from lexicon.readers import READERS
from tests.conftest import TEST_GLOSSARY
from tests.project_env import REPORT, project_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["lexicon"]
    return hooks[0]  # type: ignore[no-any-return]


def test_hook_entry_is_the_console_script_and_check() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    program, command = shlex.split(str(hook()["entry"]))
    assert program in scripts and command == "check"
    assert hook()["language"] == "python"


def test_hook_files_pattern_covers_every_reader() -> None:
    pattern = re.compile(str(hook()["files"]))
    for suffix in READERS:
        assert pattern.search(f"docs/report{suffix}"), suffix
    assert not pattern.search("lexicon/check/pipeline.py")
    assert not pattern.search("docs/report.md.orig")


@pytest.mark.usefixtures("project")
def test_hook_invocation_exit_codes(runner: CliRunner) -> None:
    """pre-commit appends the staged file names to the entry; a failing hook exits non-zero."""
    Path("clean.md").write_text("Sexual extortion cases doubled.\n", encoding="utf-8")
    Path("report.md").write_text(REPORT, encoding="utf-8")
    Path(".lexicon.yaml").write_text(f"glossary: [{TEST_GLOSSARY}]\n", encoding="utf-8")
    args = shlex.split(str(hook()["entry"]))[1:]
    assert runner.invoke(app, [*args, "clean.md"]).exit_code == 0
    assert runner.invoke(app, [*args, "clean.md", "report.md"]).exit_code == 1


def test_shell_completion(runner: CliRunner) -> None:
    # the help drawn at a width of its own: rich takes the caller's terminal or COLUMNS, and
    # wrapped "--install-completion" over two lines in a terminal narrower than ~60 columns
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.stdout
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="lexicon")
    assert script.exit_code == 0 and "_LEXICON_COMPLETE=complete_bash" in script.stdout
    env = {"_LEXICON_COMPLETE": "complete_bash", "COMP_WORDS": "lexicon con", "COMP_CWORD": "1"}
    completed = runner.invoke(app, [], env=env, prog_name="lexicon")
    assert completed.stdout.split() == ["config"]
