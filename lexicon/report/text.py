"""Human output: location, severity, rule and concept, the words in context, the
suggestion, the reason and the Guidelines reference; one summary line per run.

Colour comes from rich on a terminal; piped or with NO_COLOR the same lines are written
as plain text without importing rich (it is the slowest import of a small check)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from lexicon.model import Severity
from lexicon.report.escape import printable
from lexicon.report.json_format import statistics, summary, visible

if TYPE_CHECKING:
    from lexicon.glossary.types import Glossary
    from lexicon.model import FileResult, Finding
    from lexicon.report import RenderOptions

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Part = tuple[str, str]  # (text, rich style; "" for none)


class _Writer:
    """Writes lines made of styled parts, with rich or as plain text."""

    def __init__(self, out: TextIO, color: bool) -> None:
        self.out = out
        self.console = None
        if color:
            from rich.console import Console

            self.console = Console(file=out, highlight=False, soft_wrap=True, emoji=False, force_terminal=True)

    def line(self, *parts: Part | str) -> None:
        pieces = [(printable(p), "") if isinstance(p, str) else (printable(p[0]), p[1]) for p in parts]
        if self.console is None:
            self.out.write("".join(text for text, _ in pieces) + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*pieces))


def where(path: str, f: Finding) -> str:
    """The place of a finding: line:col in text files; for Word and PDF, whose lines are
    those of the extracted text, the locator the writer can find (paragraph, page, heading)."""
    return f"{path} ({f.locator})" if f.locator else f"{path}:{f.start.line}:{f.start.column}"


def place_lines(path: str, f: Finding) -> list[tuple[Part | str, ...]]:
    """The place and the words in context (a repeat of an explanation already shown)."""
    return [
        (
            (where(path, f), "bold"),
            " ",
            (f.severity.value, STYLE[f.severity]),
            " ",
            (f.rule.value, "magenta"),
            " ",
            (f"[{f.concept}]", "dim"),
        ),
        ("  ", (f.before, "dim"), ("“", "dim"), (" ".join(f.matched.split()), "bold"), ("”", "dim"), (f.after, "dim")),
    ]


def finding_lines(path: str, f: Finding) -> list[tuple[Part | str, ...]]:
    lines = place_lines(path, f) + [("  ", f.message)]
    if f.suggestions:
        lines.append(("  → ", (", ".join(f.suggestions), "green")))
    for related in f.related:
        places = ", ".join(f"{p.line}:{p.column}" for p in related.positions[:8])
        more = " …" if len(related.positions) > 8 else ""
        lines.append(((f"    {related.term!r} ×{related.count} at {places}{more}", "dim"),))
    lines.append(((f"  {f.reference}", "dim"),))
    return lines


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    writer = _Writer(out, options.color)
    for result in results:
        if result.error is not None:
            writer.line((result.path, "bold"), ": ", ("read error", "bold red"), f": {result.error}")
            continue
        if not (options.statistics or options.quiet):
            _file(writer, result, options)
    if options.statistics:
        _statistics(writer, results, options)
    writer.line((summary_line(results, options), "bold"))


def summary_line(results: list[FileResult], options: RenderOptions) -> str:
    counts = summary(results, options)
    line = f"{counts['files']} file{'s' * (counts['files'] != 1)} checked: {counts['errors']} error(s), {counts['warnings']} warning(s)"
    if counts["info"]:
        line += f", {counts['info']} info"
    if counts["suppressed"]:
        line += f", {counts['suppressed']} suppressed"
    if counts["unreadable"]:
        line += f", {counts['unreadable']} unreadable"
    assumed = sorted({code for r in results for code in r.languages})
    line += f"; language{'s' * (len(assumed) != 1)} checked: {', '.join(assumed)}" if assumed else "; language: undetermined"
    return line


def _file(writer: _Writer, result: FileResult, options: RenderOptions) -> None:
    """The findings of one file, each term's explanation only the first time, then its
    summary line."""
    from lexicon.report.brief import explained_once, file_summary

    findings = visible(result, options)
    for f, first in explained_once(findings):
        for parts in finding_lines(result.path, f) if first else place_lines(result.path, f):
            writer.line(*parts)
        if not first and f.context is not None:
            from lexicon.check.rules.term import CONTEXT_NOTE

            writer.line((f"  ({CONTEXT_NOTE[f.context]})", "dim"))
    if findings or result.stats and result.stats.total:
        writer.line((file_summary(result, options), "dim"))


def _statistics(writer: _Writer, results: list[FileResult], options: RenderOptions) -> None:
    """One line per rule and concept, instead of the findings: count, rule/concept, severities."""
    rows = statistics(results, options)
    count_width = max((len(str(row["count"])) for row in rows), default=1)
    id_width = max((len(row["rule"]) + 1 + len(row["concept"]) for row in rows), default=1)
    for row in rows:
        severities: dict[str, int] = row["severities"]
        levels = next(iter(severities)) if len(severities) == 1 else ", ".join(f"{k} {v}" for k, v in severities.items())
        writer.line(
            f"{row['count']:>{count_width}}  ",
            (f"{row['rule']}/{row['concept']}".ljust(id_width), "magenta"),
            "  ",
            (levels, STYLE[Severity(next(iter(severities)))]),
        )
