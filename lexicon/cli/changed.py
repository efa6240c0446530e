"""`check --diff-base REV`: keep only the findings on lines changed since REV (git).

Lines are those the working tree adds or changes relative to REV (`git diff -U0 REV`).
A file git does not track yet counts as changed throughout. Word, PDF and OpenDocument
files have no lines git can compare: their findings are kept when the file changed at all.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

from lexicon.cli.common import fail
from lexicon.model import FileResult

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
LINE_FILES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        fail("--diff-base needs git, which is not installed")


def changed_lines(path: Path, rev: str) -> set[int] | None:
    """Lines added or changed since `rev`; None when every line counts (untracked file)."""
    folder, name = path.parent, path.name
    if _git(["ls-files", "--error-unmatch", "--", name], folder).returncode != 0:
        return None
    diff = _git(["diff", "--no-color", "--no-ext-diff", "-U0", rev, "--", name], folder)
    if diff.returncode != 0:
        fail(f"--diff-base {rev}: {diff.stderr.strip().splitlines()[-1] if diff.stderr.strip() else 'git diff failed'}")
    if path.suffix.lower() not in LINE_FILES:
        return None if diff.stdout.strip() else set()
    lines: set[int] = set()
    for m in HUNK.finditer(diff.stdout):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines


def only_changed(results: list[FileResult], rev: str, *, verbose: bool = False) -> list[FileResult]:
    if not results:
        return results
    probe = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], Path(results[0].path).resolve().parent)
    if probe.returncode != 0:
        fail(f"--diff-base {rev}: not a revision of a git checkout here", verbose=verbose)
    out = []
    for r in results:
        if r.error is not None or r.path == "-":
            out.append(r)
            continue
        lines = changed_lines(Path(r.path).resolve(), rev)
        if lines is None:
            out.append(r)
            continue
        out.append(replace(r, findings=tuple(f for f in r.findings if f.start.line in lines or f.end.line in lines)))
    return out
