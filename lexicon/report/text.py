"""Human output with rich: location, severity, rule and concept, the words in context,
the suggestion, the reason and the Guidelines reference; one summary line per run."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from lexicon.glossary.types import Glossary
from lexicon.model import FileResult, Severity
from lexicon.report import RenderOptions
from lexicon.report.json_format import statistics, summary, visible

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(results: list[FileResult], glossary: Glossary, out: TextIO, options: RenderOptions) -> None:
    console = Console(file=out, no_color=not options.color, highlight=False, soft_wrap=True, emoji=False,
                      force_terminal=options.color or None, width=None if options.color else 10_000)
    for result in results:
        if result.error is not None:
            console.print(Text.assemble((result.path, "bold"), ": ", ("read error", "bold red"), f": {result.error}"))
            continue
        for f in [] if options.statistics else visible(result, options):
            where = f"{result.path}:{f.start.line}:{f.start.column}"
            if f.locator:
                where += f" ({f.locator})"
            head = Text.assemble((where, "bold"), " ", (f.severity.value, STYLE[f.severity]), " ",
                                 (f.rule.value, "magenta"), " ", (f"[{f.concept}]", "dim"))
            console.print(head)
            console.print(Text.assemble("  ", ("“", "dim"), (" ".join(f.matched.split()), "bold"), ("”", "dim"),
                                        " ", f.message))
            if f.suggestions:
                console.print(Text.assemble("  → ", (", ".join(f.suggestions), "green")))
            for related in f.related:
                places = ", ".join(f"{p.line}:{p.column}" for p in related.positions[:8])
                more = " …" if len(related.positions) > 8 else ""
                console.print(Text(f"    {related.term!r} ×{related.count} at {places}{more}", style="dim"))
            console.print(Text(f"  {f.reference}", style="dim"))
    if options.statistics:
        _statistics(console, results, options)
    counts = summary(results, options)
    line = (f"{counts['files']} file{'s' * (counts['files'] != 1)} checked: {counts['errors']} error(s), "
            f"{counts['warnings']} warning(s)")
    if counts["info"]:
        line += f", {counts['info']} info"
    if counts["suppressed"]:
        line += f", {counts['suppressed']} suppressed"
    if counts["unreadable"]:
        line += f", {counts['unreadable']} unreadable"
    console.print(Text(line, style="bold"))


def _statistics(console: Console, results: list[FileResult], options: RenderOptions) -> None:
    """One line per rule and concept, instead of the findings: count, rule/concept, severities."""
    rows = statistics(results, options)
    count_width = max((len(str(row["count"])) for row in rows), default=1)
    id_width = max((len(row["rule"]) + 1 + len(row["concept"]) for row in rows), default=1)
    for row in rows:
        severities: dict[str, int] = row["severities"]
        levels = next(iter(severities)) if len(severities) == 1 else ", ".join(f"{k} {v}" for k, v in severities.items())
        console.print(Text.assemble(
            f"{row['count']:>{count_width}}  ", (f"{row['rule']}/{row['concept']}".ljust(id_width), "magenta"),
            "  ", (levels, STYLE[Severity(next(iter(severities)))]),
        ))
