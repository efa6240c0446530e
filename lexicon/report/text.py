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


def finding_lines(path: str, f: Finding) -> list[tuple[Part | str, ...]]:
    where = f"{path}:{f.start.line}:{f.start.column}" + (f" ({f.locator})" if f.locator else "")
    lines: list[tuple[Part | str, ...]] = [
        ((where, "bold"), " ", (f.severity.value, STYLE[f.severity]), " ", (f.rule.value, "magenta"), " ", (f"[{f.concept}]", "dim")),
        ("  ", (f.before, "dim"), ("“", "dim"), (" ".join(f.matched.split()), "bold"), ("”", "dim"), (f.after, "dim")),
        ("  ", f.message),
    ]
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
        for f in [] if options.statistics else visible(result, options):
            for parts in finding_lines(result.path, f):
                writer.line(*parts)
    if options.statistics:
        _statistics(writer, results, options)
    counts = summary(results, options)
    line = (f"{counts['files']} file{'s' * (counts['files'] != 1)} checked: {counts['errors']} error(s), "
            f"{counts['warnings']} warning(s)")
    if counts["info"]:
        line += f", {counts['info']} info"
    if counts["suppressed"]:
        line += f", {counts['suppressed']} suppressed"
    if counts["unreadable"]:
        line += f", {counts['unreadable']} unreadable"
    writer.line((line, "bold"))


def _statistics(writer: _Writer, results: list[FileResult], options: RenderOptions) -> None:
    """One line per rule and concept, instead of the findings: count, rule/concept, severities."""
    rows = statistics(results, options)
    count_width = max((len(str(row["count"])) for row in rows), default=1)
    id_width = max((len(row["rule"]) + 1 + len(row["concept"]) for row in rows), default=1)
    for row in rows:
        severities: dict[str, int] = row["severities"]
        levels = next(iter(severities)) if len(severities) == 1 else ", ".join(f"{k} {v}" for k, v in severities.items())
        writer.line(
            f"{row['count']:>{count_width}}  ", (f"{row['rule']}/{row['concept']}".ljust(id_width), "magenta"),
            "  ", (levels, STYLE[Severity(next(iter(severities)))]),
        )
