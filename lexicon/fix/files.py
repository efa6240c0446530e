"""Fix files on disk: read, check, plan, apply, and write back atomically in the file's own
encoding. Only text formats whose offsets are offsets into the file (.txt, .md, .html);
Word files get a review copy instead (`lexicon review`)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lexicon.atomic import write_atomic
from lexicon.check.pipeline import Linter
from lexicon.errors import LexiconError
from lexicon.fix.apply import apply_edits, select
from lexicon.fix.plan import Applicability, Edit, Fix, plan_fixes
from lexicon.model import Document, FileResult

FIXABLE = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

# Given the fixes of one file, the edits to make (the interactive mode asks the writer).
Chooser = Callable[[Document, list[Fix]], list[Edit]]


@dataclass
class FixOutcome:
    path: str
    original: str = ""
    fixed: str = ""
    applied: list[Edit] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    result: FileResult | None = None
    error: str | None = None
    later_applied: int = 0
    left_over: list[Fix] | None = None  # the last check's fixes, when later passes ran

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def left(self, applicability: Applicability) -> int:
        if self.left_over is not None:
            return sum(1 for f in self.left_over if f.applicability is applicability)
        made = {(e.start, e.end) for e in self.applied}
        return sum(1 for f in self.fixes if f.applicability is applicability and (f.edit is None or (f.edit.start, f.edit.end) not in made))

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def read_for_fix(path: Path, linter: Linter) -> tuple[Document, str]:
    """The document as the checker sees it, and the file's encoding (to write it back)."""
    import importlib

    from lexicon.readers.decode import decode_text, read_bytes

    fmt = FIXABLE.get(path.suffix.lower())
    if fmt is None:
        raise LexiconError(
            f"cannot fix {path.suffix or 'this'} files in place (text, Markdown and HTML only; for Word use 'lexicon review')"
        )
    text, encoding = decode_text(read_bytes(path, linter.settings.limits.max_bytes), str(path))
    reader = importlib.import_module(f"lexicon.readers.{fmt}")
    return reader.from_text(text, str(path)), encoding


MAX_PASSES = 10  # like ruff: re-check and fix again until nothing changes, within a bound


def fix_text(doc: Document, linter: Linter, *, unsafe: bool = False, chooser: Chooser | None = None) -> FixOutcome:
    """Plan and apply the fixes of one document (nothing is written).

    Without a chooser the fixed text is checked again and fixed again until a pass changes
    nothing (at most MAX_PASSES), because a replacement can change the context of another
    term (a child word now stands near it), so that a second `lexicon fix` would otherwise
    still find something to do. `fixes` and `applied` are those of the first pass, whose
    offsets refer to the original; `later_applied` counts the edits of later passes and
    `left_over` holds the fixes the last check still found."""
    result = linter.check_document(doc)
    fixes = plan_fixes(doc, result, linter.glossary)
    source = doc.source if doc.source is not None else doc.text
    edits = chooser(doc, fixes) if chooser else select(fixes, unsafe=unsafe)
    fixed, applied = apply_edits(source, edits)
    outcome = FixOutcome(path=doc.path, original=source, fixed=fixed, applied=applied, fixes=fixes, result=result)
    if chooser is None and applied:
        outcome.left_over = _fix_again(outcome, doc.format, linter, unsafe)
    return outcome


def _fix_again(outcome: FixOutcome, fmt: str, linter: Linter, unsafe: bool) -> list[Fix]:
    import importlib

    reader = importlib.import_module(f"lexicon.readers.{fmt}")
    for _ in range(MAX_PASSES - 1):
        doc = reader.from_text(outcome.fixed, outcome.path)
        fixes = plan_fixes(doc, linter.check_document(doc), linter.glossary)
        fixed, applied = apply_edits(outcome.fixed, select(fixes, unsafe=unsafe))
        if not applied:
            return fixes
        outcome.fixed = fixed
        outcome.later_applied += len(applied)
    return fixes


def fix_file(
    path: Path, linter: Linter, *, unsafe: bool = False, write: bool = True, backup: bool = False, chooser: Chooser | None = None
) -> FixOutcome:
    """Fix one file; with `write`, replace it atomically (keeping `<name>.bak` with `backup`)."""
    try:
        doc, encoding = read_for_fix(path, linter)
    except LexiconError as exc:
        return FixOutcome(path=str(path), error=exc.message)
    outcome = fix_text(doc, linter, unsafe=unsafe, chooser=chooser)
    if not (write and outcome.changed):
        return outcome
    try:
        data = outcome.fixed.encode(encoding)
    except UnicodeEncodeError:
        outcome.error = f"the fixed text cannot be written in the file's encoding ({encoding}); nothing changed"
        return outcome
    target = path.resolve()  # through a symbolic link: the file it points to is fixed, the link stays
    try:
        if backup:
            write_atomic(f"{path}.bak", path.read_bytes())
        write_atomic(target, data, overwrite=True)
    except FileExistsError:
        outcome.error = f"{path}.bak exists: move it away or fix without --backup; nothing changed"
    except OSError as exc:
        outcome.error = f"cannot write: {exc.strerror or exc}; nothing changed"
    return outcome
