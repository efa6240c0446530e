"""Set-up shared by the ecosystem tests (SARIF, GitHub, config, custom glossaries): a fresh
project folder as the current folder, and the built-in glossary swapped for a folder the
test chooses, so these tests never depend on `terms/` (which terminologists edit)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lexicon.glossary.load import DATA_FILES, builtin_dir
from tests.conftest import TEST_GLOSSARY

# Sentences in the register of a policy report.
REPORT = (
    "# Annual report\n\nThe hotline received reports of child pornography in 2024.\nSextortion cases doubled, according to the agency.\n"
)


@pytest.fixture(name="project")
def project_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder, made the current folder; the built-in glossary has
    no concepts (only the spelling tables)."""
    root = tmp_path / "project"
    root.mkdir()
    use_builtin(monkeypatch, tmp_path / "builtin")
    monkeypatch.chdir(root)
    return root


def use_builtin(monkeypatch: pytest.MonkeyPatch, folder: Path, *glossaries: Path) -> None:
    """Make `folder` the built-in glossary: the real spelling tables plus `glossaries`."""
    folder.mkdir(exist_ok=True)
    real = builtin_dir()
    for name in DATA_FILES:
        if (real / name).exists():
            shutil.copy(real / name, folder / name)
    for path in glossaries:
        shutil.copy(path, folder / path.name)
    monkeypatch.setattr("lexicon.glossary.load.builtin_dir", lambda: folder)


def write_pyproject(root: Path, table: str) -> Path:
    """A pyproject.toml whose [tool.lexicon] adds the test glossary, plus `table` lines."""
    path = root / "pyproject.toml"
    path.write_text(
        f'[project]\nname = "sample"\n\n[tool.lexicon]\nglossary = [{str(TEST_GLOSSARY.resolve())!r}]\n{table}',
        encoding="utf-8",
    )
    return path
