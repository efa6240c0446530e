"""Project configuration: discovery, validation, precedence (flags over config over
defaults), `lexicon config`, and a sample repository configured only through pyproject.toml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from lexicon.cli import app
from lexicon.config import find_config
from lexicon.errors import ConfigError
from tests.conftest import DATA, TEST_GLOSSARY
from tests.project_env import REPORT, project_fixture, write_pyproject  # noqa: F401

pytestmark = pytest.mark.usefixtures("project")
WARNING_ONLY = "Sextortion cases doubled, according to the agency.\n"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# discovery


def test_found_by_walking_up_from_a_subfolder(project: Path) -> None:
    write_pyproject(project, 'fail-on = "warning"\n')
    (project / "docs" / "annex").mkdir(parents=True)
    values, origin = find_config(project / "docs" / "annex")  # type: ignore[misc]
    assert values["fail_on"] == "warning"
    assert values["glossary"] == [TEST_GLOSSARY.resolve()]
    assert origin == f"{project / 'pyproject.toml'} [tool.lexicon]"


def test_pyproject_without_the_table_is_skipped(project: Path) -> None:
    (project / ".lexicon.yaml").write_text("lang: fr\n", encoding="utf-8")
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    values, origin = find_config(project / "sub")  # type: ignore[misc]
    assert values == {"lang": "fr"} and origin.endswith(".lexicon.yaml")


def test_lexicon_yaml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    write_pyproject(project, 'lang = "es"\n')
    (project / ".lexicon.yaml").write_text("lang: fr\n", encoding="utf-8")
    assert find_config(project)[0] == {"lang": "fr"}  # type: ignore[index]


def test_no_configuration(project: Path) -> None:
    assert find_config(project) is None


def test_dash_and_underscore_spellings(project: Path) -> None:
    (project / ".lexicon.yaml").write_text("fail-on: info\nshow_info: true\nmax-size: 5\n", encoding="utf-8")
    assert find_config(project)[0] == {"fail_on": "info", "show_info": True, "max_size": 5}  # type: ignore[index]
    (project / ".lexicon.yaml").write_text("fail-on: info\nfail_on: error\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="given twice"):
        find_config(project)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('fial_on = "error"', "unknown key 'tool.lexicon.fial_on' (did you mean 'fail_on'?)"),
        ('fail-on = "warn"', "'tool.lexicon.fail-on' must be one of error, warning, info, never"),
        ("jobs = -1", "'tool.lexicon.jobs' must be a whole number"),
        ('severity = { sexual-extortion = "high" }', "'sexual-extortion' must be one of error, warning, info"),
        ("exclude = [1]", "'tool.lexicon.exclude' must be a string or a list"),
        ("show_info = 'yes'", "'tool.lexicon.show_info' must be true or false"),
        ("lang = [", "invalid TOML"),
    ],
)
def test_invalid_configuration_is_one_line_and_exit_2(runner: CliRunner, project: Path, line: str, message: str) -> None:
    path = write_pyproject(project, line + "\n")
    Path("a.md").write_text(WARNING_ONLY, encoding="utf-8")
    code, out, err = run(runner, "check", "a.md")
    assert code == 2 and out == ""
    assert err.startswith(f"lexicon: {path}: ") and message in err
    assert err.count("\n") == 1


def test_invalid_yaml_names_the_line(runner: CliRunner, project: Path) -> None:
    (project / ".lexicon.yaml").write_text("lang: en\nexclude: [a\n", encoding="utf-8")
    code, _, err = run(runner, "config")
    assert code == 2 and ".lexicon.yaml:" in err and "invalid YAML" in err


# precedence


def test_glossary_paths_are_relative_to_the_config_file(
    runner: CliRunner,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(TEST_GLOSSARY, project / "terms-local")
    (project / ".lexicon.yaml").write_text("glossary: terms-local\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "a.md").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(project / "docs")
    code, out, _ = run(runner, "check", "a.md", "-f", "json-lines")
    assert code == 1
    assert {json.loads(line)["concept"] for line in out.splitlines()} == {"child-sexual-abuse-material", "sexual-extortion"}


def test_flags_override_config_over_defaults(runner: CliRunner, project: Path) -> None:
    write_pyproject(project, 'fail-on = "warning"\nformat = "json"\n')
    Path("a.md").write_text(WARNING_ONLY, encoding="utf-8")
    code, out, _ = run(runner, "check", "a.md")
    assert code == 1 and json.loads(out)["summary"]["warnings"] == 1
    code, out, _ = run(runner, "check", "a.md", "--fail-on", "error", "-f", "text")
    assert code == 0 and out.startswith("a.md:1:1 warning")
    code, _, _ = run(runner, "check", "a.md", "--no-config", "-g", str(TEST_GLOSSARY))
    assert code == 0


def test_severity_and_ignore_from_config_and_flags(runner: CliRunner, project: Path) -> None:
    write_pyproject(project, '[tool.lexicon.severity]\nsexual-extortion = "error"\n')
    Path("a.md").write_text(REPORT, encoding="utf-8")
    assert run(runner, "check", "a.md", "--ignore", "child-sexual-abuse-material")[0] == 1  # sextortion is now an error
    assert run(runner, "check", "a.md", "--ignore", "child pornography", "--severity", "sexual-extortion=warning")[0] == 0
    code, _, err = run(runner, "check", "a.md", "--severity", "sexual-extortion")
    assert code == 2 and "CONCEPT=error|warning|info" in err


def test_ignore_and_exclude_lists_add_to_the_config(runner: CliRunner, project: Path) -> None:
    write_pyproject(project, 'ignore = ["sexual-extortion"]\nexclude = ["drafts/"]\n')
    Path("docs/drafts").mkdir(parents=True)
    Path("docs/a.md").write_text(REPORT, encoding="utf-8")
    Path("docs/drafts/b.md").write_text(REPORT, encoding="utf-8")
    code, out, _ = run(runner, "check", "docs", "-f", "json", "--ignore", "child-sexual-abuse-material")
    data = json.loads(out)
    assert code == 0
    assert [f["path"] for f in data["files"]] == [str(Path("docs/a.md"))]
    assert data["summary"]["suppressed"] == 2


# lexicon config


def test_config_command_shows_values_and_origins(runner: CliRunner, project: Path) -> None:
    path = write_pyproject(project, 'fail_on = "warning"\nexclude = "drafts/"\n')
    code, out, _ = run(runner, "config", "-f", "json")
    data = json.loads(out)
    assert code == 0
    origin = f"{path} [tool.lexicon]"
    assert data["config"] == origin
    assert data["values"]["fail_on"] == {"value": "warning", "origin": origin}
    assert data["values"]["exclude"] == {"value": ["drafts/"], "origin": origin}
    assert data["values"]["format"] == {"value": "text", "origin": "default"}
    code, out, _ = run(runner, "config")
    assert code == 0 and f"# configuration: {origin}" in out
    assert any(line.startswith("fail_on") and line.endswith(f"# {origin}") for line in out.splitlines())


def test_config_command_without_configuration(runner: CliRunner) -> None:
    code, out, _ = run(runner, "config")
    assert code == 0 and "none found" in out


# the acceptance test


def test_sample_repository_configured_only_through_pyproject(runner: CliRunner, project: Path) -> None:
    shutil.copytree(TEST_GLOSSARY, project / "glossary")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "sample"\n\n[tool.lexicon]\nglossary = ["glossary"]\nfail-on = "warning"\nexclude = ["archive/"]\n',
        encoding="utf-8",
    )
    (project / "docs" / "archive").mkdir(parents=True)
    (project / "docs" / "report.md").write_text(REPORT, encoding="utf-8")
    (project / "docs" / "archive" / "old.md").write_text(REPORT, encoding="utf-8")
    (project / "docs" / "clean.md").write_text("Sexual extortion cases doubled.\n", encoding="utf-8")

    code, out, _ = run(runner, "check", "docs", "-f", "sarif")
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(log)
    assert code == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"docs/report.md"}

    code, out, _ = run(runner, "check", "docs", "-f", "github")
    assert code == 1
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == ["::error", "::warning"]
    assert all("file=docs/report.md," in line for line in out.splitlines())

    assert run(runner, "check", "docs/clean.md")[0] == 0
    assert run(runner, "check", "docs", "--fail-on", "never")[0] == 0
    assert run(runner, "check", "docs/missing.md")[0] == 2


def test_quoted_severity_comes_from_config_and_flag(runner, tmp_path, monkeypatch) -> None:
    import json as _json

    from lexicon.cli import app as _app

    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "q.md"
    doc.write_text("The minister said: \u201cwe will stamp out child pornography on every platform\u201d.\n", encoding="utf-8")
    glossary = Path(__file__).parent / "data" / "glossary"

    def severities(*args: str) -> list[str]:
        out = runner.invoke(_app, ["check", "-f", "json", "--show-info", "-g", str(glossary), *args, str(doc)])
        return [f["severity"] for f in _json.loads(out.stdout)["files"][0]["findings"] if f["rule"] == "avoid-term"]

    assert severities() == ["warning"]
    (tmp_path / ".lexicon.yaml").write_text("quoted: info\n", encoding="utf-8")
    assert severities() == ["info"]
    assert severities("--quoted", "warning") == ["warning"]
