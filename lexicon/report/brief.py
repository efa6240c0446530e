"""Shorter output: each term's explanation once per file, and a summary line per file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from lexicon.model import Severity

if TYPE_CHECKING:
    from lexicon.model import FileResult, Finding
    from lexicon.report import RenderOptions


def explained_once(findings: Iterable[Finding]) -> Iterator[tuple[Finding, bool]]:
    """Each finding with whether it is the first of its rule, concept and term in the file
    (the reason, suggestions and reference are the same for the later ones)."""
    seen: set[tuple[str, str, str]] = set()
    for f in findings:
        key = (f.rule.value, f.concept, f.term or f.message)  # findings without a term: by their message
        yield f, key not in seen
        seen.add(key)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def file_summary(result: FileResult, options: RenderOptions) -> str:
    """'draft.md: 2 errors, 7 warnings, 1 hidden info, agreed terms 55% (6 of 11)'."""
    counts = {s: result.count(s) for s in Severity}
    parts = [plural(counts[Severity.ERROR], "error"), plural(counts[Severity.WARNING], "warning")]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} {'info' if options.show_info else 'hidden info'}")
    if result.suppressed:
        parts.append(f"{result.suppressed} suppressed")
    stats = result.stats
    if stats is not None and stats.total:
        parts.append(f"agreed terms {round(100 * stats.agreed / stats.total)}% ({stats.agreed} of {stats.total})")
    return f"{result.path}: {', '.join(parts)}"
