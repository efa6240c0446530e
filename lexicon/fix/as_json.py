"""The fixes of `lexicon fix --format json`: per finding its applicability (like ruff's
`fix.applicability`), why it is not safe, whether it was applied, and each choice with the
edit that would write it (offsets into the decoded file, 0-based, end exclusive)."""

from __future__ import annotations

from typing import Any

from lexicon.fix.files import FixOutcome
from lexicon.fix.plan import Edit


def _edit(edit: Edit | None) -> dict[str, Any] | None:
    return None if edit is None else {"start": edit.start, "end": edit.end, "text": edit.text}


def outcome_dict(outcome: FixOutcome) -> dict[str, Any]:
    made = {(e.start, e.end, e.text) for e in outcome.applied}
    fixes = []
    for fix in outcome.fixes:
        f = fix.finding
        fixes.append(
            {
                "rule": f.rule.value,
                "concept": f.concept,
                "severity": f.severity.value,
                "matched": f.matched,
                "start": {"line": f.start.line, "column": f.start.column, "offset": f.start.offset},
                "end": {"line": f.end.line, "column": f.end.column, "offset": f.end.offset},
                "applicability": fix.applicability.value,
                "reason": fix.reason or None,
                "applied": any((c.edit.start, c.edit.end, c.edit.text) in made for c in fix.choices if c.edit),
                "choices": [{"suggestion": c.suggestion, "edit": _edit(c.edit), "problem": c.problem or None} for c in fix.choices],
            }
        )
    return {"path": outcome.path, "changed": outcome.changed, "fixes": fixes, "error": outcome.error}
