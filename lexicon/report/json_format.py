"""JSON output, schema version 1 (documented in docs/output-formats.md; other tools read these names)."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TextIO

from lexicon.check.spool import Record, SpooledFindings, decode_record
from lexicon.glossary.types import Glossary
from lexicon.model import FileResult, Finding, Position, Provenance, Severity
from lexicon.report import RenderOptions

SCHEMA_VERSION = 1
# json.dumps(value, ensure_ascii=False) builds this encoder anew for every value: a report
# encodes a dozen values a file (issue 15: many small files)
COMPACT = json.JSONEncoder(ensure_ascii=False)


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


def visible(result: FileResult, options: RenderOptions) -> Sequence[Finding]:
    """The findings shown: info ones only with --show-info. Those of a file checked in parts
    stay on disk and are read as they are written out (`check/spool.py`)."""
    if isinstance(result.findings, SpooledFindings):
        return result.findings if options.show_info else result.findings.without_info()
    return [f for f in result.findings if options.show_info or f.severity is not Severity.INFO]


def file_dict(result: FileResult, options: RenderOptions, *, findings: bool = True) -> dict[str, Any]:
    """The file's report; `findings` False leaves them out (for writing them one by one)."""
    head: dict[str, Any] = {"path": result.path, "lang": result.lang, "languages": list(result.languages)}
    if findings:
        head["findings"] = [finding_dict(f) for f in visible(result, options)]
    return head | {"error": result.error, "stats": stats_dict(result)}


def stats_dict(result: FileResult) -> dict[str, Any] | None:
    stats = result.stats
    if stats is None:
        return None
    return {
        "concepts": list(stats.concepts),
        "agreed": stats.agreed,
        "total": stats.total,
        "agreed_share": stats.agreed_share,
        "suppressed": result.suppressed,
    }


def summary(results: list[FileResult], options: RenderOptions) -> dict[str, int]:
    counts = {"files": len(results), "errors": 0, "warnings": 0, "info": 0, "suppressed": 0, "unreadable": 0}
    for r in results:
        counts["unreadable"] += r.error is not None
        counts["suppressed"] += r.suppressed
        shown = visible(r, options)
        if isinstance(shown, SpooledFindings):  # counted as they were kept: not read again
            for severity, n in shown.counts.items():
                counts[_SUMMARY_KEY[severity.value]] += n
            continue
        for f in shown:
            counts[_SUMMARY_KEY[f.severity.value]] += 1
    return counts


_SUMMARY_KEY = {"error": "errors", "warning": "warnings", "info": "info"}


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
    dumps = COMPACT.encode
    out.write(f'{{"version": {SCHEMA_VERSION}, "tool": {dumps({"name": "lexicon", "version": options.tool_version})}, "files": [')
    for i, result in enumerate(results):
        shown = visible(result, options)
        if _one_piece(shown):  # (see _file_json)
            out.write(_file_json(result, shown, dumps, ", " if i else ""))
            continue
        data = file_dict(result, options, findings=False)
        out.write(", " if i else "")
        fields = list(data.items())
        out.write("{" + ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in fields[:3]) + ', "findings": [')
        provenances: dict[tuple[Any, ...], Provenance] = {}
        for j, finding in enumerate(shown.records() if isinstance(shown, SpooledFindings) else shown):
            out.write(", " if j else "")
            if isinstance(finding, tuple):  # as kept on disk: written without making the object
                _write_record(out, finding, dumps, provenances)
            else:
                _write_finding(out, finding, dumps)
        out.write("], " + ", ".join(f"{dumps(k)}: {dumps(v)}" for k, v in fields[3:]) + "}")
    counts = f', "statistics": {dumps(statistics(results, options))}' if options.statistics else ""
    out.write(f'], "summary": {dumps(summary(results, options))}{counts}}}')


ONE_PIECE = 1000  # findings, or places listed by one finding: a file's report written in one piece


def _one_piece(shown: Sequence[Finding]) -> bool:
    """Is the file's report small enough to be made as one string? (a large one is written
    as it is encoded, never held whole in memory)"""
    if isinstance(shown, SpooledFindings) or len(shown) > ONE_PIECE:
        return False
    return all(not f.related or sum(len(r.positions) for r in f.related) < ONE_PIECE for f in shown)


def _file_json(result: FileResult, shown: Sequence[Finding], dumps: Callable[[Any], str], lead: str) -> str:
    """`lead` and the file's report as `file_dict` gives it, encoded as `write_compact`
    writes it, as one string: written at once (with Python unbuffered, as under
    PYTHONUNBUFFERED, each write is a system call: there were six per file)."""
    parts = [f'{lead}{{"path": {_string(result.path)}, "lang": {"null" if result.lang is None else _string(result.lang)}, ']
    parts.append(f'"languages": {dumps(list(result.languages))}, "findings": [')
    for j, finding in enumerate(shown):
        if j:
            parts.append(", ")
        parts.append(_finding_json(finding) if not finding.related else _related_json(finding, dumps))
    error = "null" if result.error is None else _string(result.error)
    parts.append(f'], "error": {error}, "stats": {dumps(stats_dict(result))}}}')
    return "".join(parts)


def _related_json(finding: Finding, dumps: Callable[[Any], str]) -> str:
    """What `_write_finding` writes for a finding with related places, as a string."""
    held = io.StringIO()
    _write_finding(held, finding, dumps)
    return held.getvalue()


def _write_finding(out: TextIO, f: Finding, dumps: Callable[[Any], str]) -> None:
    """`dumps(finding_dict(f))`, with the positions of its related uses (a `mixed-terms`
    finding lists every use of the concept: most of the uses of a large file) written a
    thousand at a time instead of as one list of dicts."""
    if not f.related:
        out.write(_finding_json(f))
        return
    if sum(len(r.positions) for r in f.related) < 1000:
        out.write(dumps(finding_dict(f)))
        return
    head = dumps(finding_dict(replace(f, related=())))
    assert head.endswith('"related": []}')
    out.write(head[: -len("[]}")] + "[")
    for i, r in enumerate(f.related):
        out.write((", " if i else "") + f'{{"term": {dumps(r.term)}, "count": {dumps(r.count)}, "positions": [')
        places = iter(r.positions)
        for k in range(0, len(r.positions), 1000):
            chunk = itertools.islice(places, 1000)
            out.write((", " if k else "") + ", ".join(f'{{"line": {p.line}, "column": {p.column}, "offset": {p.offset}}}' for p in chunk))
        out.write("]}")
    out.write("]}")


# `json.dumps(finding_dict(f), ensure_ascii=False)` of a finding without related places,
# put together from pieces: what a finding says wherever it stands (rule, concept,
# severity, message, suggestions, reference, provenance, term, language, context) is
# encoded once per distinct value and kept; per finding only its text, places and
# snippet are encoded (the JSON report of a large file encoded the same message and
# provenance tens of thousands of times). A test compares the two on every kind of finding.
_string = json.encoder.encode_basestring  # what dumps(ensure_ascii=False) writes a str with (C)
_PIECES: dict[tuple[Any, ...], tuple[str, str]] = {}
PIECES_KEPT = 4096  # distinct pieces kept (a glossary's terms in their contexts: a few hundred)


def _pieces(f: Finding) -> tuple[str, str]:
    key = (f.rule, f.concept, f.severity, f.suggestions, f.message, f.reference, f.confirmed, f.provenance, f.term, f.lang, f.context)
    pieces = _PIECES.get(key)
    if pieces is None:
        whole = json.dumps(finding_dict(replace(f, matched="", locator=None, before="", after="")), ensure_ascii=False)
        head, rest = whole.split(', "matched": ""', 1)
        middle = rest[rest.index(', "suggestions": ') : rest.rindex(', "locator": null')]
        if len(_PIECES) >= PIECES_KEPT:
            _PIECES.clear()
        pieces = _PIECES[key] = (head + ', "matched": ', middle + ', "locator": ')
    return pieces


def _finding_json(f: Finding) -> str:
    s, e = f.start, f.end
    return _assemble(_pieces(f), f.matched, (s.line, s.column, s.offset), (e.line, e.column, e.offset), f.locator, f.before, f.after)


_RECORD_PIECES: dict[tuple[Any, ...], tuple[str, str]] = {}  # `_pieces`, by a record's fixed values


def _write_record(out: TextIO, record: Record, dumps: Callable[[Any], str], provenances: dict[tuple[Any, ...], Provenance]) -> None:
    """`_write_finding` of the finding a spool record stands for, without making the
    finding, its positions and provenance: the pieces it shares with others are looked up
    by the record's values (made, the first time, from the decoded finding)."""
    (rule, concept, severity, matched, start, end, message, suggestions, reference, confirmed, term, context, locator, related, _suppressed,
     before, after, provenance, lang) = record  # fmt: skip
    if related:
        _write_finding(out, decode_record(record, provenances), dumps)
        return
    key = (rule, concept, severity, suggestions, message, reference, confirmed, provenance, term, lang, context)
    pieces = _RECORD_PIECES.get(key)
    if pieces is None:
        if len(_RECORD_PIECES) >= PIECES_KEPT:
            _RECORD_PIECES.clear()
        pieces = _RECORD_PIECES[key] = _pieces(decode_record(record, provenances))
    out.write(_assemble(pieces, matched, start, end, locator, before, after))


def _assemble(pieces: tuple[str, str], matched: str, s: Any, e: Any, locator: str | None, before: str, after: str) -> str:
    """A finding's JSON from its pieces and what is its own; `s`, `e`: (line, column, offset)."""
    head, middle = pieces
    return (
        f'{head}{_string(matched)}, "start": {{"line": {s[0]}, "column": {s[1]}, "offset": {s[2]}}}, '
        f'"end": {{"line": {e[0]}, "column": {e[1]}, "offset": {e[2]}}}{middle}'
        f'{"null" if locator is None else _string(locator)}, "snippet": {{"before": {_string(before)}, '
        f'"after": {_string(after)}}}, "related": []}}'
    )
