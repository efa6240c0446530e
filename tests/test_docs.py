"""The documentation a user reads: README, CHANGELOG, CONTRIBUTING and docs/*.md. Every
relative link points to a file that exists (and to a heading that exists, when it names
one), the README stays short and links every guide, and the docs name every command,
rule and option the CLI has."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from lexicon.cli import app
from lexicon.model import Rule

ROOT = Path(__file__).parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "CONTRIBUTING.md", ROOT / "terms" / "README.md", *DOCS]

INLINE_LINK = re.compile(r"\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
CODE_SPAN = re.compile(r"(`+).+?\1")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    out, fence = [], ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        out.append((number, line))
    return out


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading keeps its text
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def links(path: Path) -> list[tuple[int, str]]:
    out = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        reference = REFERENCE_LINK.match(line)
        if reference:
            out.append((number, reference.group(1)))
            continue
        out.extend((number, target) for target in INLINE_LINK.findall(CODE_SPAN.sub("", line)))
    return out


def broken_links(path: Path) -> list[str]:
    """One line per relative link of `path` whose file or heading does not exist."""
    problems = []
    for number, target in links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{number}: {target}"
        if not linked.exists():
            problems.append(f"{where}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{where}: no heading with this anchor in {linked.name}")
    return problems


@pytest.mark.parametrize("page", [p for p in PAGES if p.exists()], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_to_a_file_and_heading_that_exist(page: Path) -> None:
    assert broken_links(page) == []


def test_the_link_check_reports_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text("# Guide\n\n## Bad input\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "See [the guide](guide.md#bad-input), [gone](gone.md), [no heading](guide.md#good-input),\n"
        "[the site](https://example.org/x.md) and [this page](#page).\n\n"
        "```md\n[inside a code block](nowhere.md)\n```\n\n# Page\n\n[ref]: missing/ref.md\n",
        encoding="utf-8",
    )
    problems = broken_links(page)
    assert len(problems) == 3
    assert problems[0].endswith("gone.md: no such file")
    assert "guide.md#good-input: no heading" in problems[1]
    assert problems[2].endswith("missing/ref.md: no such file")


def test_heading_anchors_follow_github() -> None:
    assert slug("Only what changed: `--diff-base`") == "only-what-changed---diff-base"
    assert slug("JSON output (schema version 1)") == "json-output-schema-version-1"
    assert slug("`lexicon check`") == "lexicon-check"


def test_the_project_files_a_contributor_looks_for_exist() -> None:
    for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE"):
        assert (ROOT / name).is_file(), name


def test_readme_is_short_and_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 12 * 1024
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    # .ci/run and a new user both rely on these two lines, word for word
    assert blocks[:2] == [
        "pip install . && lexicon check examples/draft-policy.md",
        "pip install -e '.[test]' && pytest -m \"slow or not slow\"",
    ]
    # CI runs the README's test command, word for word: every test, the slow ones included
    ci_tests = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.startswith("pytest")]
    assert ci_tests == [blocks[1].split(" && ")[1]]


def test_readme_links_every_guide_and_ends_with_the_documentation_list() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    last_section = readme[readme.rindex("\n## ") :]
    assert last_section.startswith("\n## Documentation\n")
    for page in DOCS:
        assert f"(docs/{page.name})" in last_section, page.name


def cli_commands() -> dict[str, list[list[str]]]:
    """'lexicon check' -> its options, each as its long forms (`--show-info`, `--hide-info`),
    for every command and sub-command."""
    out: dict[str, list[list[str]]] = {}

    def walk(command, name: str) -> None:  # type: ignore[no-untyped-def]
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                walk(sub, f"{name} {sub_name}")
            return
        options = [
            [o for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
            for p in command.params
            if p.param_type_name == "option" and p.name != "help"
        ]
        out[name] = [forms for forms in options if forms]

    walk(typer.main.get_command(app), "lexicon")
    return out


def test_readme_and_usage_name_every_command_and_usage_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    for rule in Rule:
        assert f"`{rule.value}`" in usage, rule
    for command in cli_commands():
        assert command in readme, command
        assert command in usage, command


def test_the_docs_mention_every_option_of_every_command() -> None:
    """An option is documented when one of its forms is (`--no-builtin` for `--builtin`)."""
    docs = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *DOCS])
    missing = [
        f"{command} {forms[0]}"
        for command, options in cli_commands().items()
        for forms in options
        if not any(re.search(re.escape(form) + r"(?![\w-])", docs) for form in forms)
    ]
    assert missing == []


EXAMPLE = ROOT / "examples" / "draft-policy.md"
SAMPLE = re.compile(r"```text\n\$ (lexicon [^\n]*)\n(.*?)```", re.S)


def runnable_samples() -> list[tuple[str, str, list[str]]]:
    """(page, command, output lines) of every sample that runs on the bundled example (or
    needs no file): README and docs show real output, so it must still be what lexicon prints."""
    out = []
    for page in [ROOT / "README.md", *DOCS]:
        for command, output in SAMPLE.findall(page.read_text(encoding="utf-8")):
            words = shlex.split(command)[1:]
            files = [w for w in words if w.endswith(".md")]
            if files and all(Path(f).name == EXAMPLE.name for f in files) or words[0] == "define":
                out.append((page.name, command, output.splitlines()))
    return out


def first_missing(sample: list[str], actual: list[str]) -> str | None:
    """The first sample line not found, in order, in the actual output. A line '…' stands for
    lines left out; a line ending in ' …' was cut short and matches the start of a line."""
    lines = [line.rstrip() for line in actual]
    i = 0
    for line in (s.rstrip() for s in sample):
        if line == "…":
            continue
        prefix = line[:-2] if line.endswith(" …") else None
        while i < len(lines) and lines[i] != line and not (prefix and lines[i].startswith(prefix)):
            i += 1
        if i == len(lines):
            return line
        i += 1
    return None


def test_samples_are_found_and_the_comparison_can_fail() -> None:
    assert any(page == "README.md" for page, _, _ in runnable_samples())
    assert first_missing(["a", "…", "c d …"], ["a", "b", "c d e"]) is None
    assert first_missing(["b", "a"], ["a", "b"]) == "a"  # order matters
    assert first_missing(["a x"], ["a"]) == "a x"


@pytest.mark.parametrize("page,command,sample", runnable_samples(), ids=lambda v: v if isinstance(v, str) else "")
def test_output_samples_in_the_docs_are_what_lexicon_prints(
    page: str, command: str, sample: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)  # for commands that name the draft directly
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert first_missing(sample, result.output.splitlines()) is None, f"{page}: $ {command}\n{result.output}"


def keys(value: object, path: str = "") -> set[str]:
    """Every key path in a JSON value ('files[].findings[].start.line'); lists by their first item."""
    if isinstance(value, dict):
        return {f"{path}{k}" for k in value} | {p for k, v in value.items() for p in keys(v, f"{path}{k}.")}
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        return keys(value[0], f"{path[:-1]}[].")
    return set()


def test_the_json_sample_has_exactly_the_fields_lexicon_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "output-formats.md").read_text(encoding="utf-8")
    sample = json.loads(re.search(r"## JSON output.*?```json\n(.*?)```", page, re.S).group(1))  # type: ignore[union-attr]
    monkeypatch.chdir(ROOT)
    actual = json.loads(CliRunner().invoke(app, ["check", "--no-config", "-f", "json", "examples/draft-policy.md"]).stdout)
    assert keys(sample) == keys(actual)
