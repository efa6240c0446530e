"""Write the review copy of a .docx: read it as `check` does, anchor a comment on the
matched words of each finding, and with `track_changes` write each safe fix as a tracked
change. Findings that cannot be anchored (footnotes, headers and footers live in other
parts of the file; field codes) are reported in `skipped`, never dropped silently."""

from __future__ import annotations

import bisect
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexicon.atomic import write_atomic
from lexicon.check.pipeline import Linter
from lexicon.fix.plan import Applicability, Fix, plan_fixes
from lexicon.model import FileResult, Finding, Severity
from lexicon.review import track
from lexicon.review.runs import runs_for

INITIALS = "LX"


@dataclass
class ReviewOutcome:
    path: str
    output: str
    result: FileResult
    comments: int = 0
    changes: int = 0
    skipped: list[str] = field(default_factory=list)  # "paragraph 3: not annotated (…)"


def comment_lines(f: Finding, linter: Linter, lang: str | None) -> list[str]:
    """What the writer reads in the margin: rule, what to write instead, why, who says so,
    and the agreed definition in the document's language."""
    lines = [f"lexicon: {f.severity.value} {f.rule.value} [{f.concept}]"]
    if f.suggestions:
        lines.append("Write instead: " + "; ".join(f.suggestions))
    lines.append(f"Why: {f.message}")
    if f.reference:
        lines.append(f"Source: {f.reference}")
    concept = linter.glossary.concepts.get(f.concept)
    definition = concept.text_in(concept.definition, lang or "en") if concept else None
    if definition:
        lines.append(f"Definition: {' '.join(definition.split())}")
    return lines


def review_docx(
    path: Path, output: Path, linter: Linter, *, track_changes: bool = False, show_info: bool = False, overwrite: bool = False
) -> ReviewOutcome:
    """Check `path` and write the annotated copy to `output` (atomically). Raises
    LexiconError when the file cannot be read, OSError/FileExistsError when the copy cannot
    be written; `path` itself is only read."""
    from docx.text.run import Run

    from lexicon.readers.docx import load

    doc, word, elements = load(path, linter.settings.limits)
    result = linter.check_document(doc)
    outcome = ReviewOutcome(path=str(path), output=str(output), result=result)
    fixes: dict[int, Fix] = {}
    if track_changes:
        fixes = {id(x.finding): x for x in plan_fixes(doc, result, linter.glossary) if x.applicability is Applicability.SAFE}
    revisions = track.Revisions(word.element.body)
    starts = [s.start for s in doc.segments]
    shown = [f for f in result.findings if show_info or f.severity is not Severity.INFO]
    # from the end, so that a tracked change never moves the text of a finding still to do
    for f in sorted(shown, key=lambda f: (f.start.offset, f.end.offset), reverse=True):
        index = bisect.bisect_right(starts, f.start.offset) - 1
        segment, paragraph = doc.segments[index], elements[index]
        if paragraph is None:
            outcome.skipped.append(f"{segment.locator}: {f.matched!r} not annotated (comments go in the main text only)")
            continue
        fix = fixes.get(id(f))
        start, end = (fix.edit.start, fix.edit.end) if fix and fix.edit else (f.start.offset, f.end.offset)
        last = bisect.bisect_right(starts, end - 1) - 1
        if last != index:  # the matched words run on into the next paragraph
            runs = _across(doc, elements, index, last, start, end)
            fix = None
        else:
            runs = runs_for(paragraph, start - segment.start, end - segment.start)
            if runs is not None and _run_text(runs) != doc.text[start:end]:
                runs = None
        if runs is None:
            outcome.skipped.append(f"{segment.locator}: {f.matched!r} not annotated (the words are in a field or symbol)")
            continue
        lines = comment_lines(f, linter, result.lang)
        comment = word.add_comment(
            [Run(runs[0], None), Run(runs[-1], None)],  # type: ignore[arg-type]  # python-docx takes None for a free-standing run
            text=lines[0],
            author="lexicon",
            initials=INITIALS,
        )
        for line in lines[1:]:
            comment.add_paragraph(line)
        outcome.comments += 1
        if fix and fix.edit:
            problem = track.why_not(runs, paragraph)
            if problem is None:
                track.replace_runs(runs, fix.edit.text, revisions)
                outcome.changes += 1
            else:
                outcome.skipped.append(f"{segment.locator}: {f.matched!r} commented but not changed ({problem})")
    buffer = io.BytesIO()
    word.save(buffer)
    write_atomic(output, buffer.getvalue(), overwrite=overwrite)
    outcome.skipped.reverse()  # in document order
    return outcome


def _across(doc: Any, elements: list[Any], first: int, last: int, start: int, end: int) -> list[Any] | None:
    """The first and last runs of words that run from one paragraph into the next (a
    comment may span paragraphs; a tracked change is not attempted there)."""
    head, tail = doc.segments[first], doc.segments[last]
    if elements[last] is None:
        return None
    opening = runs_for(elements[first], start - head.start, head.end - head.start)
    closing = runs_for(elements[last], 0, end - tail.start)
    return [opening[0], closing[-1]] if opening and closing else None


def _run_text(runs: list[Any]) -> str:
    from lexicon.readers.docx import W

    return "".join(t.text or "" for r in runs for t in r.iter(W + "t"))


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.reviewed{path.suffix}")
