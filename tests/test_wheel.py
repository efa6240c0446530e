"""The wheel a user installs holds the whole package: every module and the data files.

Builds the wheel from the checkout (pip fetches the build backend from the package index, as
`pip install .` does), installs it without dependencies into a fresh virtual
environment that borrows this environment's third-party packages (so nothing is downloaded),
and runs it from outside the checkout. A module or data folder missing from the package list
in pyproject.toml fails here, where an editable install would hide it."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin` folder of a fresh environment with only the built wheel of lexicon in it."""
    work = tmp_path_factory.mktemp("wheel")
    # a copy without build leftovers: an editable install's egg-info lists every file and
    # setuptools would package them whatever pyproject.toml says
    source = work / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            "*.egg-info", "build", "dist", ".git", ".venv", "venv", ".pytest_cache", ".hypothesis", "__pycache__"
        ),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(source)], capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    [wheel] = work.glob("lexicon_lg-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    target = Path(
        subprocess.check_output(
            [env_dir / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # this environment's third-party packages, after the new environment's own (a plain path:
    # its .pth files, such as an editable install of lexicon, are not run)
    borrowed = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    (target / "borrowed.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env_dir / "bin"


def source_modules() -> set[str]:
    """Every module of the checkout's package, by its files."""
    package = ROOT / "lexicon"
    return {
        ".".join(("lexicon", *p.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
        for p in package.rglob("*.py")
        if "__pycache__" not in p.parts
    }


def run_installed(installed: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the fresh environment's Python outside the checkout, with nothing added to its path."""
    return subprocess.run(
        [installed / "python", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": "", **env}
    )


def test_the_installed_wheel_holds_and_imports_every_module_of_the_checkout(installed, tmp_path):
    script = (
        "import importlib, pkgutil, lexicon\n"
        "names = ['lexicon'] + [m.name for m in pkgutil.walk_packages(lexicon.__path__, 'lexicon.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(lexicon.__file__)\n"
        "print('\\n'.join(names))\n"
    )
    out = run_installed(installed, tmp_path, "-c", script)
    assert out.returncode == 0, out.stderr
    where, *names = out.stdout.split()
    assert not where.startswith(str(ROOT)), "lexicon was imported from the checkout, not from the wheel"
    assert sorted(source_modules() - set(names) - {"lexicon.__main__"}) == []


def test_the_installed_wheel_holds_the_glossary_and_language_data(installed, tmp_path):
    script = (
        "import pathlib, lexicon.terms as t\n"
        "root = pathlib.Path(t.__file__).parent\n"
        "print('\\n'.join(str(p.relative_to(root)) for p in root.rglob('*') if p.suffix in ('.yaml', '.json')))\n"
    )
    out = run_installed(installed, tmp_path, "-c", script)
    assert out.returncode == 0, out.stderr
    data = ROOT / "terms"
    expected = {str(p.relative_to(data)) for p in data.rglob("*") if p.suffix in (".yaml", ".json")}
    assert sorted(expected - set(out.stdout.split())) == []


def test_the_installed_wheel_checks_the_bundled_example(installed, tmp_path):
    draft = tmp_path / "draft-policy.md"
    draft.write_bytes((ROOT / "examples" / "draft-policy.md").read_bytes())
    # a fresh install compiles the whole glossary in this run: on a loaded machine that took
    # longer than the default 30 s a file may take, so the budget is run_installed's 120 s
    args = ("-m", "lexicon", "check", "--no-config", "--timeout", "110", "-f", "json", str(draft))
    out = run_installed(installed, tmp_path, *args, LEXICON_CACHE_DIR=str(tmp_path / "cache"))
    assert out.returncode == 1, out.stderr
    assert '"avoid-term"' in out.stdout and '"child-sexual-abuse-material"' in out.stdout


def test_the_installed_wheel_carries_what_a_first_run_would_build(installed, tmp_path):
    """Issue 15: the wheel's prebuilt cache entries (made by setup.py) are found by a run on
    an empty cache, so it parses, validates and compiles nothing of the built-in glossary."""
    note = tmp_path / "note.md"
    note.write_text("# Annual report\n\nThe hotline received reports of child pornography in 2024.\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    out = run_installed(installed, tmp_path, "-m", "lexicon", "check", "--no-config", str(note), LEXICON_CACHE_DIR=str(cache_dir))
    assert out.returncode == 1, out.stderr
    assert "child pornography" in out.stdout
    built = sorted(p.name.split("-")[0] for p in cache_dir.glob("*.bin")) if cache_dir.exists() else []
    assert [kind for kind in built if kind in ("yaml", "valid", "language", "patterns", "gates")] == []
