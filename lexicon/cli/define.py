"""`lexicon define TERM` (the concept card) and `lexicon terms` (a table of the glossary).

Heavy modules (rich, the glossary) are imported when a command runs, not at start-up."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from lexicon.cli import app
from lexicon.cli.choices import TEXT_OR_JSON, Choice, languages, statuses
from lexicon.cli.common import ExitCode, load, use_color


@app.command()
def define(
    term: Annotated[str, typer.Argument(help="A term, acronym or concept id, in any language.")],
    lang: Annotated[
        Optional[str], typer.Option("--lang", "-l", click_type=Choice(languages), help="Language of the card (default: the term's).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", click_type=Choice(TEXT_OR_JSON), help="text or json")] = "text",
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g")] = None,
    source_lang: Annotated[
        Optional[str],
        typer.Option(
            "--source-lang", click_type=Choice(languages), help="Also show the card in this language, side by side (for translators)."
        ),
    ] = None,
) -> None:
    """Print the concept card for TERM: preferred terms, terms to avoid, definition, sources."""
    from rich.console import Console
    from rich.text import Text

    from lexicon.glossary.lookup import find_concept
    from lexicon.report.card import concept_dict, language_card, print_card, print_side_by_side

    g = load(glossary)
    result = find_concept(g, term, lang)
    if result.concept is None:
        hint = ", ".join(f'"{t}" ({code}, {cid})' for t, cid, _, code in result.suggestions[:3])
        sys.stderr.write(f"lexicon: no concept for '{term}'" + (f"; did you mean: {hint}" if hint else "") + "\n")
        raise typer.Exit(ExitCode.FINDINGS)
    card_lang = lang or (result.term.lang if result.term else "en")
    if format == "json":
        data = concept_dict(result.concept)
        data["query"] = {"text": term, "matched": result.term.text if result.term else None, "exact": result.exact, "lang": card_lang}
        if source_lang:
            data["query"]["source_lang"] = source_lang
            data["side_by_side"] = {code: language_card(result.concept, code) for code in (source_lang, card_lang)}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console(no_color=not use_color(sys.stdout), highlight=False, soft_wrap=True)
    if not result.exact and result.term is not None:
        console.print(Text(f'No exact match for "{term}". Did you mean "{result.term.text}"?', style="yellow"))
    if source_lang and source_lang != card_lang:
        print_side_by_side(console, result.concept, source_lang, card_lang)
        return
    print_card(console, result.concept, card_lang)


@app.command()
def terms(
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", click_type=Choice(languages), help="Only this language's terms.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", click_type=Choice(statuses), help="Only terms of this status.")] = None,
    section: Annotated[Optional[str], typer.Option("--section", help="Section id, e.g. material")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g")] = None,
) -> None:
    """A table of the glossary's terms."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from lexicon.report.card import STATUS_STYLE

    g = load(glossary)
    table = Table("concept", "lang", "status", "term", "suggest", "who says so", show_lines=False)
    for concept in g.concepts.values():
        if section and concept.section.id != section:
            continue
        for t in concept.terms:
            if (lang and t.lang != lang) or (status and t.status.value != status):
                continue
            table.add_row(
                concept.id,
                t.lang,
                Text(t.status.value, style=STATUS_STYLE[t.status.value]),
                t.text,
                "; ".join(t.alternatives[:2]),
                t.provenance_label(),
            )
    Console(no_color=not use_color(sys.stdout), width=200 if not use_color(sys.stdout) else None).print(table)
