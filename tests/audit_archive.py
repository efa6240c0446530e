"""A small generated archive for the audit tests: organisations, years, a manifest."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.conftest import TEST_GLOSSARY
from tests.project_env import use_builtin

# Sentences in the register of a policy report: agreed terms, a term to avoid in the
# author's own voice and in a quotation, and none at all.
SENTENCES = (
    "The agency recorded more reports of child sexual abuse material.",
    "The hotline received more reports of child pornography in 2024.",
    'The minister said: "Reports of child pornography rose again this year."',
    "Police referred a child exploited in prostitution to support services.",
    "The ministry funded training for judges and prosecutors.",
)
ORGS = ("hotline-a", "ministry-b", "ngo-c")


def build(root: Path, count: int, *, seed: int = 3, start: int = 0) -> list[Path]:
    """`count` Markdown/text files under root/ORG/YEAR/, the same every time for a seed."""
    rng = random.Random(seed + start)
    made = []
    for i in range(start, start + count):
        folder = root / ORGS[i % 3] / str(2016 + i % 5)
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))
        path = folder / (f"note{i:04d}.md" if i % 2 else f"note{i:04d}.txt")
        path.write_text(f"Briefing {i}\n\n{body}\n", encoding="utf-8")
        made.append(path)
    return made


@pytest.fixture(name="only_test_glossary")
def only_test_glossary_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in glossary is the small test glossary, so counts do not follow terms/ edits."""
    use_builtin(monkeypatch, tmp_path / "builtin", *sorted(TEST_GLOSSARY.glob("*.yaml")))


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """os.scandir fails on `folder` as on a folder without read permission (the tests run as
    root, for whom permissions refuse nothing)."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if isinstance(path, (str, os.PathLike)) and Path(path).resolve() == folder.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
