"""JSON output, schema version 1 (documented in docs/output-formats.md; other tools read these names)."""

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
        "provenance": f.provenance.as_dict() if f.provenance else None,
        "term": f.term,
        "lang": f.lang,
        "context": f.context.value if f.context else None,
        "locator": f.locator,
        "snippet": {"before": f.before, "after": f.after},
        "related": [{"term": r.term, "count": r.count, "positions": [position(p) for p in r.positions]} for r in f.related],
    }


def visible(result: FileResult, options: RenderOptions) -> list[Finding]:
    return [f for f in result.findings if options.show_info or f.severity is not Severity.INFO]


def file_dict(result: FileResult, options: RenderOptions, *, findings: bool = True) -> dict[str, Any]:
    """The file's report; `findings` False leaves them out (for writing them one by one)."""
    stats = result.stats
    head: dict[str, Any] = {"path": result.path, "lang": result.lang, "languages": list(result.languages)}
    if findings:
        head["findings"] = [finding_dict(f) for f in visible(result, options)]
    return head | {
        "error": result.error,
        "stats": None
        if stats is None
        else {
            "concepts": list(stats.concepts),
            "agreed": stats.agreed,
            "total": stats.total,
            "agreed_share": stats.agreed_share,
            "suppressed": result.suppressed,
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


def statistics(results: list[FileResult], options: RenderOptions) -> list[dict[str, Any]]:
    """Counts per rule and concept, most frequent first (as `ruff --statistics`)."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in results:
        for f in visible(r, options):
            per_severity = counts.setdefault((f.rule.value, f.concept), {})
            per_severity[f.severity.value] = per_severity.get(f.severity.value, 0) + 1
    rows = [
        {
            "rule": rule,
            "concept": concept,
            "count": sum(sev.values()),
            "severities": {s.value: sev[s.value] for s in Severity if s.value in sev},
        }
        for (rule, concept), sev in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["rule"], row["concept"]))


def document(results: list[FileResult], options: RenderOptions) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "lexicon", "version": options.tool_version},
        "files": [file_dict(r, options) for r in results],
        "summary": summary(results, options),
    }
    if options.statistics:
        doc["statistics"] = statistics(results, options)
    return doc


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    pretty = bool(getattr(out, "isatty", lambda: False)())  # indented for people, compact for pipes
    if pretty:
        out.write(json.dumps(document(results, options), ensure_ascii=False, indent=2))
    else:
        write_compact(results, out, options)
    out.write("\n")


def write_compact(results: list[FileResult], out: TextIO, options: RenderOptions) -> None:
    """The same text as json.dumps(document(...)), written a finding at a time: the report
    of a file with a million findings is never held whole in memory (each finding still
    goes through the C encoder; dump() would run the pure-Python one)."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write(f'{{"version": {SCHEMA_VERSION}, "tool": {dumps({"name": "lexicon", "version": options.tool_version})}, "files": [')
    for i, result in enumerate(results):
        data = file_dict(result, options, findings=False)
        out.write(", " if i else "")
        fields = list(data.items())
        out.write("{" + ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in fields[:3]) + ', "findings": [')
        for j, finding in enumerate(visible(result, options)):
            out.write(", " + dumps(finding_dict(finding)) if j else dumps(finding_dict(finding)))
        out.write("], " + ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in fields[3:]) + "}")
    out.write(f'], "summary": {dumps(summary(results, options))}')
    if options.statistics:
        out.write(f', "statistics": {dumps(statistics(results, options))}')
    out.write("}")
