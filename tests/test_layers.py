"""Imports go one way: CLI -> reports/runner -> pipeline -> rules/context/matching ->
glossary/readers -> model (docs/development.md). A module may import its own layer or a lower
one; every module of the package belongs to a layer. Read from the source with `ast`, so a
lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lexicon"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("model", ("lexicon.model", "lexicon.errors", "lexicon.atomic", "lexicon.cache", "lexicon.terms")),
    ("glossary/readers", ("lexicon.glossary", "lexicon.readers", "lexicon.languages")),
    (
        "rules/context/matching",
        ("lexicon.check.match", "lexicon.check.context", "lexicon.check.language", "lexicon.check.rules"),
    ),
    ("pipeline", ("lexicon.check",)),  # pipeline.py, translation.py, examples.py
    (
        "reports/runner",
        ("lexicon.report", "lexicon.check.batch", "lexicon.discover", "lexicon.fix", "lexicon.review", "lexicon.exchange", "lexicon.audit"),
    ),
    ("cli", ("lexicon.cli", "lexicon.config", "lexicon.__main__")),
]


def layer_of(module: str) -> int | None:
    if module == "lexicon":
        return 0  # the package itself holds only its version
    found = [(len(p), i) for i, (_, prefixes) in enumerate(LAYERS) for p in prefixes if module == p or module.startswith(p + ".")]
    return max(found)[1] if found else None


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {
        ".".join(("lexicon", *p.relative_to(package).with_suffix("").parts)).removesuffix(".__init__"): p for p in package.rglob("*.py")
    }


def imported(path: Path) -> list[tuple[str, int]]:
    """(module, line) of every lexicon module the file imports ("from lexicon import x" names x)."""
    out: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "lexicon":
                out += [(f"lexicon.{a.name}", node.lineno) for a in node.names]
            else:
                out.append((node.module, node.lineno))
    return [(m, line) for m, line in out if m == "lexicon" or m.startswith("lexicon.")]


def back_imports(package: Path = PACKAGE) -> list[str]:
    problems = []
    for name, path in sorted(modules(package).items()):
        mine = layer_of(name)
        if mine is None:
            problems.append(f"{name}: in no layer (add it to LAYERS and docs/development.md)")
            continue
        for other, line in imported(path):
            theirs = layer_of(other)
            if theirs is not None and theirs > mine:
                problems.append(f"{name}:{line} ({LAYERS[mine][0]}) imports {other} ({LAYERS[theirs][0]})")
    return problems


def test_every_import_goes_down_the_layers():
    assert back_imports() == []


def test_a_back_import_is_caught(tmp_path):
    # a copy of two modules where the model imports the engine: the check must name it
    package = tmp_path / "lexicon"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "model.py").write_text("from lexicon.check.pipeline import Linter\n", encoding="utf-8")
    (package / "check").mkdir()
    (package / "check" / "__init__.py").write_text("", encoding="utf-8")
    (package / "check" / "pipeline.py").write_text("from lexicon.model import Finding\n", encoding="utf-8")
    (package / "stray.py").write_text("", encoding="utf-8")
    assert back_imports(package) == [
        "lexicon.model:1 (model) imports lexicon.check.pipeline (pipeline)",
        "lexicon.stray: in no layer (add it to LAYERS and docs/development.md)",
    ]


BUILDER = "lexicon/check/rules/finding.py"
# rebuilds, field for field, the findings it kept on disk (built by the builder before): issue 15
SPOOL = "lexicon/check/spool.py"


def finding_calls(package: Path = PACKAGE) -> list[str]:
    """file:line of every `Finding(...)` call outside the one builder."""
    found = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package.parent).as_posix()
        if where in (BUILDER, SPOOL):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Finding":
                found.append(f"{where}:{node.lineno}")
    return found


def test_every_rule_builds_its_findings_with_the_one_builder():
    # position, locator, quoted text and reference are worked out in one place (issue 13)
    assert finding_calls() == []


def test_a_finding_built_by_hand_is_caught(tmp_path):
    package = tmp_path / "lexicon"
    (package / "check").mkdir(parents=True)
    (package / "check" / "rule.py").write_text("from lexicon.model import Finding\n\nx = Finding(rule=None)\n", encoding="utf-8")
    assert finding_calls(package) == ["lexicon/check/rule.py:3"]
