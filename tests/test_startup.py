"""Start-up of a short check (issue 15): only the modules and the command it needs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from lexicon.cli import app, main, only_the_command_run, run
from tests.conftest import TEST_GLOSSARY

IMPORTS_OF_A_SHORT_CHECK = """
import sys
from lexicon.cli import main
sys.argv = ["lexicon", "check", "--no-config", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(m for m in ("hyperscan", "multiprocessing", "concurrent.futures", "yaml", "tomllib", "importlib.resources") if m in sys.modules)))
"""


@pytest.mark.slow  # starts a Python
def test_a_short_check_imports_only_what_it_needs(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("The ministry's report still speaks of child pornography in one table.\n", encoding="utf-8")
    env = {**os.environ, "LEXICON_CACHE_DIR": str(tmp_path / "cache")}
    for expected in ("yaml", ""):  # an empty cache parses the glossary; a warm one needs no YAML either
        done = subprocess.run(
            [sys.executable, "-c", IMPORTS_OF_A_SHORT_CHECK, str(note)], capture_output=True, text=True, env=env, check=True
        )
        assert "child pornography" in done.stdout
        assert done.stdout.splitlines()[-1] == expected


def run_main(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, entry: Callable[[], object] = main
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["lexicon", *argv])
    with pytest.raises(SystemExit) as done:
        entry()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--no-config", "-g", "GLOSSARY", "NOTE"],
        ["check", "--no-config", "-g", "GLOSSARY", "-f", "json", "NOTE"],
        ["check", "--format", "nope", "NOTE"],
        ["check", "--help"],
        ["check"],
        ["define", "--no-config", "-g", "GLOSSARY", "sextortion"],
        ["chek", "NOTE"],
    ],
)
def test_the_command_alone_answers_as_the_whole_app(argv, tmp_path, capsys, monkeypatch):
    note = tmp_path / "note.md"
    note.write_text("The agency's report counted cases of sextortion and of child pornography.\n", encoding="utf-8")
    argv = [str(note) if a == "NOTE" else str(TEST_GLOSSARY) if a == "GLOSSARY" else a for a in argv]
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run_main(argv, capsys, monkeypatch)
    whole = run_main(argv, capsys, monkeypatch, app)  # the whole app, started the same way
    assert (code, out, err) == whole


def test_only_a_named_command_is_built_alone(monkeypatch):
    assert [c.callback.__name__ for c in only_the_command_run(["lexicon", "check", "x.md"]).registered_commands] == ["check"]
    for argv in (["lexicon"], ["lexicon", "--help"], ["lexicon", "glossary", "validate"], ["lexicon", "chek"]):
        assert only_the_command_run(argv) is app
    monkeypatch.setenv("_LEXICON_COMPLETE", "complete_bash")
    assert only_the_command_run(["lexicon", "check"]) is app


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--no-config", "-g", "GLOSSARY", "-f", "json", "NOTE"],
        ["check", "--no-config", "-g", "GLOSSARY", "MISSING"],
        ["check", "--format", "nope", "NOTE"],
    ],
)
def test_the_program_answers_as_main(argv, tmp_path, capsys, monkeypatch):
    """`run` (the console script, `python -m lexicon`) ends the process as `main` does:
    the same output, errors and exit code; only the shutdown's collections are spared."""
    import gc

    note = tmp_path / "note.md"
    note.write_text("The agency's report counted cases of sextortion and of child pornography.\n", encoding="utf-8")
    argv = [
        str(note) if a == "NOTE" else str(TEST_GLOSSARY) if a == "GLOSSARY" else str(tmp_path / "gone.md") if a == "MISSING" else a
        for a in argv
    ]
    try:
        program = run_main(argv, capsys, monkeypatch, run)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process goes on
    assert program == run_main(argv, capsys, monkeypatch)
    assert program[0] in (1, 2)


def test_the_installed_command_is_the_program():
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="lexicon")
    assert script.load() is run


def test_typer_reads_the_check_options_without_compiling_them():
    """typer reads `check`'s annotations several times per start: as strings (a
    `from __future__ import annotations` in cli/check.py) each read compiled and evaluated
    all of them again, a twentieth of a one-page check."""
    from lexicon.cli.check import check

    assert check.__annotations__ and not [name for name, a in check.__annotations__.items() if isinstance(a, str)]
