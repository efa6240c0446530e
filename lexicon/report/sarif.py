"""SARIF 2.1.0 output (one run), for GitHub code scanning and other SARIF viewers.

`ruleId` is "rule/concept"; `tool.driver.rules` holds only the pairs that fired. Columns
count Unicode code points (`columnKind` says so). Paths under the current folder are
relative URIs against `%SRCROOT%`. Where a finding has a locator (Word paragraph, PDF page)
lines and columns count in the extracted text, so no character offsets are given.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from lexicon.check.rules.term import RULE_SUMMARY
from lexicon.glossary.types import Concept, Glossary, Term
from lexicon.model import FileResult, Finding, Position, Severity
from lexicon.report import RenderOptions
from lexicon.report.json_format import visible

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_id(f: Finding) -> str:
    return f"{f.rule.value}/{f.concept}"


RESULTS_DEPTH = 3  # indents of the line of "results": root > runs > run


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    """The text `json.dump(document(...), indent=2)` writes, with the results written one at
    a time: a file with a million findings (kept on disk, see check/spool.py) is never
    held whole in memory, neither as findings nor as the log."""
    root = Path.cwd()
    marker = "\x00results\x00"
    log = json.dumps(document(results, glossary, options, root, results_as=marker), ensure_ascii=False, indent=2)
    head, tail = log.split(json.dumps(marker), 1)
    out.write(head)
    index = {rid: i for i, rid in enumerate(sorted(_fired(results, options)))}
    pad = "\n" + "  " * (RESULTS_DEPTH + 1)
    written = 0
    for r in results:
        for f in visible(r, options):
            text = json.dumps(result(f, r.path, index[rule_id(f)], root), ensure_ascii=False, indent=2)
            out.write(("," if written else "[") + pad + text.replace("\n", pad))
            written += 1
    out.write(("\n" + "  " * RESULTS_DEPTH + "]") if written else "[]")
    out.write(tail)
    out.write("\n")


def _fired(results: list[FileResult], options: RenderOptions) -> dict[str, tuple[Finding, str | None, set[str]]]:
    """Per rule id that fired: its first finding, that file's language, the terms it flagged."""
    fired: dict[str, tuple[Finding, str | None, set[str]]] = {}
    for r in results:
        for f in visible(r, options):
            fired.setdefault(rule_id(f), (f, r.lang, set()))[2].add(f.term)
    return fired


def document(
    results: list[FileResult], glossary: Glossary, options: RenderOptions, root: Path, *, results_as: str | None = None
) -> dict[str, Any]:
    """The SARIF log for `results`; paths under `root` become relative URIs. `results_as`:
    this string stands for the list of results (which `render` writes one by one)."""
    fired = _fired(results, options)
    ids = sorted(fired)
    index = {rid: i for i, rid in enumerate(ids)}
    sarif_results: Any = results_as
    if results_as is None:
        sarif_results = [result(f, r.path, index[rule_id(f)], root) for r in results for f in visible(r, options)]
    notes = [notification(r, root) for r in results if r.error is not None]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lexicon",
                "version": options.tool_version,
                "rules": [rule(rid, *fired[rid], glossary) for rid in ids],
            }
        },
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "originalUriBaseIds": {ROOT: {"uri": _folder_uri(root)}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def rule(rid: str, first: Finding, lang: str | None, terms: set[str], glossary: Glossary) -> dict[str, Any]:
    """A reportingDescriptor: what the rule flags, the concept's definition, how to fix it."""
    entry: dict[str, Any] = {"id": rid}
    concept = glossary.concepts.get(first.concept)
    summary = RULE_SUMMARY[first.rule]
    if concept is None:
        entry["shortDescription"] = {"text": f"{summary[:1].upper()}{summary[1:]} ({first.concept})."}
        return entry
    lang = lang or "en"
    preferred = [t.text for t in concept.preferred(lang) or concept.preferred("en")]
    short = f"{summary[:1].upper()}{summary[1:]}"
    if preferred:
        short += f"; prefer “{preferred[0]}”"
    entry["shortDescription"] = {"text": short + "."}
    entry["fullDescription"] = {"text": concept.text_in(concept.definition, lang) or concept.id}
    used = [t for t in concept.terms if t.text in terms and (t.reason or t.alternatives)]
    entry["help"] = help_text(concept, used, preferred)
    url = next((s.url for s in concept.sources if s.url), None)
    if url:
        entry["helpUri"] = url
    entry["properties"] = {"tags": ["terminology", "luxembourg-guidelines", concept.section.id]}
    return entry


def help_text(concept: Concept, terms: list[Term], preferred: list[str]) -> dict[str, str]:
    """Reason and suggestions for each term that fired, then the Guidelines section."""
    text: list[str] = []
    markdown: list[str] = []
    for t in terms:
        line = f"“{t.text}”"
        if t.reason:
            line += f": {t.reason.rstrip('.')}."
        if t.alternatives:
            line += f" Use instead: {', '.join(t.alternatives)}."
        if t.fine_when:
            line += f" Fine when {t.fine_when.rstrip('.')}."
        if t.provenance:
            line += f" Who says so: {t.provenance.label()}."
        text.append(line)
        markdown.append(f"- {line}")
    if preferred:
        text.append(f"Preferred: {', '.join(preferred)}.")
        markdown.append(f"\n**Preferred:** {', '.join(preferred)}.")
    text.append(f"See {concept.reference()}.")
    markdown.append(f"\nSee *{concept.reference()}*.")
    return {"text": "\n".join(text), "markdown": "\n".join(markdown).strip()}


def result(f: Finding, path: str, rule_index: int, root: Path) -> dict[str, Any]:
    message = f.message
    if f.suggestions:
        message += f" Suggested: {', '.join(f.suggestions)}."
    if f.provenance:
        message += f" Who says so: {f.provenance.label()}."
    if f.locator:
        message += f" ({f.locator})"
    entry: dict[str, Any] = {
        "ruleId": rule_id(f),
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(path, root),
                    "region": region(f.start, f.end, f.matched, f.locator is None),
                }
            }
        ],
        "properties": {
            "concept": f.concept,
            "suggestions": list(f.suggestions),
            "context": f.context.value if f.context else None,
            "locator": f.locator,
            "reference": f.reference,
            "provenance": f.provenance.as_dict() if f.provenance else None,
        },
    }
    related = [(r.term, p) for r in f.related for p in r.positions]
    if related:
        entry["relatedLocations"] = [
            {
                "id": i,
                "message": {"text": f"“{term}”"},
                "physicalLocation": {"artifactLocation": artifact(path, root), "region": region(p, None, None, f.locator is None)},
            }
            for i, (term, p) in enumerate(related)
        ]
    return entry


def region(start: Position, end: Position | None, snippet: str | None, offsets: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"startLine": start.line, "startColumn": start.column}
    if end is not None:
        out.update(endLine=end.line, endColumn=end.column)
    if offsets:
        out["charOffset"] = start.offset
        if end is not None:
            out["charLength"] = end.offset - start.offset
    if snippet is not None:
        out["snippet"] = {"text": snippet}
    return out


def notification(r: FileResult, root: Path) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": r.error or "cannot read"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(r.path, root)}}],
    }


def artifact(path: str, root: Path) -> dict[str, Any]:
    """A relative URI against %SRCROOT% when `path` lies under `root`, else an absolute file URI."""
    if path in ("-", "") or path.startswith("<"):
        return {"uri": quote(path or "-")}
    absolute = Path(os.path.abspath(root / path))
    try:
        relative = absolute.relative_to(os.path.abspath(root))
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": ROOT}


def _folder_uri(root: Path) -> str:
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"
