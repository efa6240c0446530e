"""`lexicon glossary validate|stats`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lexicon.cli import glossary_app
from lexicon.cli.choices import TEXT_OR_JSON, Choice
from lexicon.cli.common import ExitCode, load


@glossary_app.command("validate")
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Glossary files or folders (default: the built-in glossary).")] = None,
    with_builtin: Annotated[bool, typer.Option("--with-builtin/--alone", help="Validate PATHS merged over the built-in glossary.")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Check a glossary: keys, ids, conflicting verdicts, evidence, and that examples pass.

    Without PATHS, checks the built-in glossary merged with the project's configured ones."""
    from lexicon.check.examples import check_examples
    from lexicon.glossary.validate import cross_check

    if not paths:
        from lexicon.cli.options import resolve

        paths = resolve({}, verbose=verbose).glossary
    builtin = with_builtin or not paths
    glossary = load(paths, builtin=builtin, verbose=verbose)
    problems = cross_check(glossary) + check_examples(glossary)
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    n_terms = len(glossary.terms)
    if problems:
        sys.stderr.write(f"lexicon: {len(problems)} problem(s) in {len(glossary.concepts)} concepts\n")
        raise typer.Exit(ExitCode.ERROR)
    typer.echo(f"ok: {len(glossary.concepts)} concepts, {n_terms} terms, {len(glossary.exceptions)} exceptions")


@glossary_app.command("stats")
def stats(
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g")] = None,
    format: Annotated[str, typer.Option("--format", "-f", click_type=Choice(TEXT_OR_JSON), help="text or json")] = "text",
) -> None:
    """Concepts, terms per language and status, verdicts by provenance and by language."""
    from lexicon.glossary.verdict import provenance_kind
    from lexicon.model import Status

    g = load(glossary)
    per_lang: Counter[str] = Counter(t.lang for t in g.terms)
    per_status: Counter[str] = Counter(t.status.value for t in g.terms)
    flagged = [t for t in g.terms if t.status in (Status.CARE, Status.AVOID)]
    kinds = ("guidelines quoted", "guidelines summarised", "other body", "inferred")
    by_kind = Counter(provenance_kind(t.provenance) for t in flagged)
    by_lang: dict[str, dict[str, int]] = {}
    for t in flagged:
        by_lang.setdefault(t.lang, dict.fromkeys(kinds, 0))[provenance_kind(t.provenance)] += 1
    langs = sorted(per_lang)
    coverage = {
        lang: {
            "terms": sum(1 for c in g.concepts.values() if c.terms_in(lang)),
            "definition": sum(1 for c in g.concepts.values() if lang in c.definition),
        }
        for lang in langs
    }
    data: dict[str, Any] = {
        "concepts": len(g.concepts),
        "terms": len(g.terms),
        "exceptions": len(g.exceptions),
        "terms_per_language": dict(sorted(per_lang.items())),
        "terms_per_status": dict(sorted(per_status.items())),
        "verdicts": {kind: by_kind.get(kind, 0) for kind in kinds},
        "verdicts_per_language": dict(sorted(by_lang.items())),
        "concepts_per_language": coverage,
        "sections": dict(Counter(c.section.id for c in g.concepts.values())),
    }
    if format == "json":
        import json

        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"concepts    {data['concepts']}")
    typer.echo(f"terms       {data['terms']}  ({', '.join(f'{k} {v}' for k, v in data['terms_per_language'].items())})")
    typer.echo(f"statuses    {', '.join(f'{k} {v}' for k, v in data['terms_per_status'].items())}")
    typer.echo(f"verdicts    {len(flagged)} care/avoid terms: " + ", ".join(f"{k} {v}" for k, v in data["verdicts"].items()))
    for lang, counts in data["verdicts_per_language"].items():
        typer.echo(f"  {lang:<9} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    typer.echo(f"coverage    concepts with terms / with a definition, of {len(g.concepts)}:")
    for lang, cover in coverage.items():
        typer.echo(f"  {lang:<9} {cover['terms']} / {cover['definition']}")
    typer.echo(f"exceptions  {data['exceptions']} official titles and names")
