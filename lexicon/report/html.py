"""The HTML report: one self-contained file (inline style and script, no network) that a
non-programmer opens in a browser.

Per document: the text with each finding highlighted by severity, and beside it a panel
with each finding (suggestion, reason, provenance, definition). Above: totals, a summary per
document and per concept (counts and the share of agreed terms, with small bar charts), and
filters by severity and concept. The counts are those of the JSON output (same `visible`).

The text of each document is read again from its file; a document larger than
`FULL_TEXT` characters, or past `BUDGET` in total, shows only its paragraphs with findings,
so a folder of 500 reports stays a file a browser opens quickly.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lexicon.model import Severity
from lexicon.report.html_assets import CSS, JS
from lexicon.report.json_format import summary, visible

if TYPE_CHECKING:
    from lexicon.glossary.types import Glossary
    from lexicon.model import Document, FileResult, Finding
    from lexicon.report import RenderOptions

FULL_TEXT = 200_000
BUDGET = 6_000_000
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
e = html.escape


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    counts = summary(results, options)
    shown = {r.path: list(visible(r, options)) for r in results}  # read by index below
    concepts = sorted({f.concept for fs in shown.values() for f in fs})
    w = out.write
    w(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>lexicon report: {counts['files']} document(s)</title><style>{CSS}</style></head><body>\n"
    )
    w(_header(counts, concepts, glossary))
    w("<main>\n")
    w(_document_table(results, shown))
    w(_concept_table(results, shown, glossary))
    budget = BUDGET
    for number, result in enumerate(results):
        budget -= _document(w, number, result, shown[result.path], glossary, budget, open_=len(results) == 1)
    w(f"</main><script>{JS}</script></body></html>\n")


def _header(counts: dict[str, int], concepts: list[str], glossary: Glossary) -> str:
    total = counts["errors"] + counts["warnings"] + counts["info"]
    parts = [
        f'<span class="count" id="total-{k}" data-count="{k}">{counts[k]}</span> {k}'
        for k in ("files", "errors", "warnings", "info", "suppressed", "unreadable")
    ]
    options = "".join(f'<option value="{e(c)}">{e(_name(glossary, c))}</option>' for c in concepts)
    boxes = "".join(f'<label><input type="checkbox" name="severity" value="{s.value}" checked> {s.value}</label>' for s in SEVERITIES)
    return (
        f'<header><h1>lexicon report</h1><div class="totals">{" · ".join(parts)}</div>'
        f'<div class="filters"><span>Severity:</span>{boxes}<label>Concept: <select id="filter-concept">'
        f'<option value="">all concepts</option>{options}</select></label>'
        f'<span>showing <b id="shown">{total}</b> of <b id="total-findings">{total}</b> findings</span></div></header>\n'
    )


def _name(glossary: Glossary, concept_id: str) -> str:
    concept = glossary.concepts.get(concept_id)
    preferred = concept.preferred("en") if concept else ()
    return f"{preferred[0].text} ({concept_id})" if preferred else concept_id


def _bar(kind: str, value: int, scale: int, width: int = 120) -> str:
    px = round(width * value / scale) if scale else 0
    return f'<span class="bar {kind}" style="width:{px}px"></span>' if px else ""


def _share(agreed: int, total: int) -> str:
    if not total:
        return '<td class="num">–</td><td></td>'
    pct = round(100 * agreed / total)
    return (
        f'<td class="num">{pct}% ({agreed} of {total})</td>'
        f'<td class="bars">{_bar("agreed", agreed, total, 100)}{_bar("rest", total - agreed, total, 100)}</td>'
    )


def _document_table(results: list[FileResult], shown: dict[str, list[Finding]]) -> str:
    scale = max((len(fs) for fs in shown.values()), default=0)
    rows = []
    for number, r in enumerate(results):
        c = Counter(f.severity for f in shown[r.path])
        stats = r.stats
        bars = "".join(_bar(s.value, c[s], scale) for s in SEVERITIES)
        rows.append(
            f'<tr class="doc-row" data-path="{e(r.path)}"><td><a href="#doc-{number}" data-target="doc-{number}">{e(r.path)}</a>'
            + (f' <span class="note">(unreadable: {e(r.error)})</span>' if r.error else "")
            + "</td>"
            + "".join(f'<td class="num" data-count="{s.value}">{c[s]}</td>' for s in SEVERITIES)
            + f'<td class="bars">{bars}</td>'
            + _share(stats.agreed if stats else 0, stats.total if stats else 0)
            + "</tr>"
        )
    return (
        '<section class="card" id="documents"><h2>Documents</h2><table><thead><tr><th>document</th>'
        "<th>errors</th><th>warnings</th><th>info</th><th>findings</th><th>agreed terms</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>\n"
    )


def _concept_table(results: list[FileResult], shown: dict[str, list[Finding]], glossary: Glossary) -> str:
    by: dict[str, Counter[Severity]] = {}
    for fs in shown.values():
        for f in fs:
            by.setdefault(f.concept, Counter())[f.severity] += 1
    uses: dict[str, list[int]] = {}
    for r in results:
        for cid, agreed, total in r.stats.per_concept if r.stats else ():
            pair = uses.setdefault(cid, [0, 0])
            pair[0] += agreed
            pair[1] += total
    ids = sorted(set(by) | set(uses), key=lambda c: (-sum(by.get(c, Counter()).values()), c))
    scale = max((sum(c.values()) for c in by.values()), default=0)
    rows = []
    for cid in ids:
        c = by.get(cid, Counter())
        agreed, total = uses.get(cid, [0, 0])
        rows.append(
            f'<tr class="concept-row" data-concept="{e(cid)}"><td>{e(_name(glossary, cid))}</td>'
            + "".join(f'<td class="num" data-count="{s.value}">{c[s]}</td>' for s in SEVERITIES)
            + f'<td class="bars">{"".join(_bar(s.value, c[s], scale) for s in SEVERITIES)}</td>'
            + _share(agreed, total)
            + "</tr>"
        )
    return (
        '<section class="card" id="concepts"><h2>Concepts</h2><table><thead><tr><th>concept</th><th>errors</th>'
        "<th>warnings</th><th>info</th><th>findings</th><th>agreed terms (own voice)</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>\n"
    )


def _read(path: str) -> Document | None:
    from lexicon.errors import LexiconError
    from lexicon.readers import read_document

    if path == "-" or not Path(path).is_file():
        return None
    try:
        return read_document(Path(path))
    except (LexiconError, OSError, ValueError, RecursionError):
        return None


def _display(doc: Document) -> str:
    """The text shown: the file itself for text and Markdown, the visible text otherwise."""
    if doc.format in ("text", "markdown") and doc.source is not None:
        return doc.source
    return doc.text.replace("\u00b6", " ")


def _document(
    w: Callable[[str], object], number: int, r: FileResult, findings: list[Finding], glossary: Glossary, budget: int, open_: bool
) -> int:
    c = Counter(f.severity for f in findings)
    head = ", ".join(f"{c[s]} {s.value}" for s in SEVERITIES)
    w(
        f'<section class="card" id="doc-{number}"><details{" open" if open_ else ""}><summary>{e(r.path)} '
        f'<span class="note">({head})</span></summary>\n'
    )
    if r.error:
        w(f'<p class="note">Could not be read: {e(r.error)}</p></details></section>\n')
        return 0
    doc = _read(r.path) if findings or open_ else None
    used = 0
    spans = _spans(findings) if doc is not None else []
    mark_of = {k: ks[0] for _, _, ks in spans for k in ks}  # findings at one place share its mark
    w('<div class="doc"><div>')
    if doc is None:
        w('<p class="note">The text is not available (standard input, or the file changed).</p>')
    else:
        text = _display(doc)
        full = len(text) <= FULL_TEXT and len(text) <= budget
        used = len(text) if full else 0
        if not full:
            w('<p class="note">Long document: only the paragraphs with findings are shown.</p>')
        w(f'<div class="text">{_highlighted(text, findings, spans, number, full, doc.format == "html")}</div>')
    w('</div><div class="panel">')
    from lexicon.report.brief import explained_once

    first_of: dict[tuple[str, str, str], int] = {}
    for k, (f, first) in enumerate(explained_once(findings)):
        key = (f.rule.value, f.concept, f.term or f.message)
        first_of.setdefault(key, k)
        w(_card(number, k, f, r, glossary, None if first else first_of[key], mark_of.get(k)))
    if not findings:
        w('<p class="note">No findings.</p>')
    w("</div></div></details></section>\n")
    return used


def _spans(findings: list[Finding]) -> list[tuple[int, int, list[int]]]:
    """Highlight spans: one per distinct place (findings sharing it listed), no overlaps."""
    places: dict[tuple[int, int], list[int]] = {}
    for k, f in enumerate(findings):
        if f.end.offset > f.start.offset:
            places.setdefault((f.start.offset, f.end.offset), []).append(k)
    out, pos = [], -1
    for (start, end), ks in sorted(places.items()):
        if start >= pos:
            out.append((start, end, ks))
            pos = end
    return out


def _plain(text: str, squeeze: bool) -> str:
    if squeeze:
        import re

        text = re.sub(r"[ \t]{2,}", " ", text)
        text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
    return e(text)


def _highlighted(
    text: str, findings: list[Finding], spans: list[tuple[int, int, list[int]]], number: int, full: bool, squeeze: bool
) -> str:
    parts: list[str] = []
    pos = 0
    for start, end, ks in spans:
        if not full:  # only the paragraph (line) around each finding
            lo = text.rfind("\n", 0, start) + 1
            if lo > pos:
                parts.append("<hr>" if parts else "")
                pos = lo
        worst = max((findings[k] for k in ks), key=lambda f: f.severity.rank)
        parts.append(_plain(text[pos:start], squeeze))
        ids = " ".join(f"f-{number}-{k}" for k in ks)
        parts.append(
            f'<mark id="m-{number}-{ks[0]}" class="{worst.severity.value}" data-severity="{worst.severity.value}" '
            f'data-concept="{e(worst.concept)}" data-target="f-{number}-{ks[0]}" data-findings="{ids}" '
            f'title="{e(worst.rule.value)} [{e(worst.concept)}]">{e(text[start:end])}</mark>'
        )
        pos = end
        if not full:
            hi = text.find("\n", end)
            hi = len(text) if hi == -1 else hi
            next_start = next((s for s, _, _ in spans if s >= end), None)
            if next_start is None or next_start > hi:
                parts.append(_plain(text[pos:hi], squeeze))
                pos = hi
    if full:
        parts.append(_plain(text[pos:], squeeze))
    return "".join(parts)


def _card(number: int, k: int, f: Finding, r: FileResult, glossary: Glossary, same_as: int | None, mark: int | None) -> str:
    """A finding in the panel; after the first of its term in the document (`same_as`), the
    reason, source and definition are a link to that first card instead of a repeat."""
    concept = glossary.concepts.get(f.concept)
    definition = concept.text_in(concept.definition, r.lang or "en") if concept else None
    place = f.locator or f"line {f.start.line}, column {f.start.column}"
    rows = [
        f'<div><span class="sev">{f.severity.value}</span> {e(f.rule.value)} <code>[{e(f.concept)}]</code></div>',
        '<div class="where">'
        + (f'<a href="#m-{number}-{mark}" data-target="m-{number}-{mark}">{e(place)}</a>' if mark is not None else e(place))
        + f": “{e(' '.join(f.matched.split()))}”</div>",
    ]
    if f.suggestions:
        rows.append(f'<div>→ <span class="suggest">{e(", ".join(f.suggestions))}</span></div>')
    if same_as is not None:
        rows.append(
            f'<div class="ref"><a href="#f-{number}-{same_as}" data-target="f-{number}-{same_as}">'
            "why, source and definition: as above</a></div>"
        )
    else:
        rows.extend(_details(f, definition))
    return (
        f'<div class="finding {f.severity.value}" id="f-{number}-{k}" data-severity="{f.severity.value}" '
        f'data-concept="{e(f.concept)}">{"".join(rows)}</div>\n'
    )


def _details(f: Finding, definition: str | None) -> list[str]:
    rows = []
    rows.append(f'<div class="reason">{e(f.message)}</div>')
    if f.reference:
        rows.append(f'<div class="ref">{e(f.reference)}</div>')
    if definition:
        rows.append(f'<div class="def"><b>Definition:</b> {e(" ".join(definition.split()))}</div>')
    return rows
