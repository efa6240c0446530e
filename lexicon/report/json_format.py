"""JSON output, schema version 1 (documented in README; other tools read these names)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from lexicon.glossary.types import Glossary
from lexicon.model import FileResult, Finding, Position, Severity
from lexicon.report import RenderOptions

SCHEMA_VERSION = 1


def position(p: Position) -> dict[str, int]:
    return {"line": p.line, "column": p.column, "offset": p.offset}


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule.value,
        "concept": f.concept,
        "severity": f.severity.value,
        "matched": f.matched,
        "start": position(f.start),
        "end": position(f.end),
        "suggestions": list(f.suggestions),
        "message": f.message,
        "reference": f.reference,
        "confirmed": f.confirmed,
        "term": f.term,
        "context": f.context.value if f.context else None,
        "locator": f.locator,
        "related": [
            {"term": r.term, "count": r.count, "positions": [position(p) for p in r.positions]} for r in f.related
        ],
    }


def visible(result: FileResult, options: RenderOptions) -> list[Finding]:
    return [f for f in result.findings if options.show_info or f.severity is not Severity.INFO]


def file_dict(result: FileResult, options: RenderOptions) -> dict[str, Any]:
    stats = result.stats
    return {
        "path": result.path,
        "lang": result.lang,
        "findings": [finding_dict(f) for f in visible(result, options)],
        "error": result.error,
        "stats": None if stats is None else {
            "concepts": list(stats.concepts), "agreed": stats.agreed, "total": stats.total,
            "agreed_share": stats.agreed_share, "suppressed": result.suppressed,
        },
    }


def summary(results: list[FileResult], options: RenderOptions) -> dict[str, int]:
    counts = {"files": len(results), "errors": 0, "warnings": 0, "info": 0, "suppressed": 0, "unreadable": 0}
    for r in results:
        counts["unreadable"] += r.error is not None
        counts["suppressed"] += r.suppressed
        for f in visible(r, options):
            counts[{"error": "errors", "warning": "warnings", "info": "info"}[f.severity.value]] += 1
    return counts


def document(results: list[FileResult], options: RenderOptions) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "lexicon", "version": options.tool_version},
        "files": [file_dict(r, options) for r in results],
        "summary": summary(results, options),
    }


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    json.dump(document(results, options), out, ensure_ascii=False, indent=2)
    out.write("\n")
