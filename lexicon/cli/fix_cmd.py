"""`lexicon fix`: apply the safe fixes to text, Markdown and HTML files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from lexicon.cli import app
from lexicon.cli.check import GlossaryOpt, LangOpt, VerboseOpt
from lexicon.cli.choices import TEXT_OR_JSON, Choice
from lexicon.cli.common import ExitCode, fail, load
from lexicon.config import PROFILES

if TYPE_CHECKING:
    from lexicon.fix.files import FixOutcome


@app.command()
def fix(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html) to fix in place.")],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of the fixes and change nothing.")] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Also apply the first suggestion of unsafe fixes.")] = False,
    backup: Annotated[bool, typer.Option("--backup", help="Keep the original as FILE.bak.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each finding: accept, pick another, skip, edit, quit.")
    ] = False,
    format: Annotated[
        str,
        typer.Option("--format", "-f", click_type=Choice(TEXT_OR_JSON), help="text, or json: each fix with its applicability and edits."),
    ] = "text",
    lang: LangOpt = None,
    glossary: GlossaryOpt = None,
    profile: Annotated[
        Optional[str], typer.Option("--profile", click_type=Choice(PROFILES), help="'legal' treats the whole document as legal text.")
    ] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Concept id or exact phrase not to fix (repeatable).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Gitignore-style pattern to skip (repeatable).")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore pyproject.toml / .lexicon.yaml.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Apply safe fixes in place (atomic write); --diff shows them instead."""
    from lexicon.check.pipeline import Linter
    from lexicon.cli.concept_ids import check_concept_ids
    from lexicon.cli.options import resolve
    from lexicon.discover import discover
    from lexicon.fix.files import fix_file

    opts = resolve(
        dict(lang=lang, glossary=glossary, profile=profile, ignore=ignore, exclude=exclude), use_config=not no_config, verbose=verbose
    )
    if diff and interactive:
        fail("--diff and --interactive cannot be used together")
    as_json = format == "json"
    records: list[dict[str, object]] = []
    gloss = load(opts.glossary, verbose=verbose)
    check_concept_ids(opts, gloss)
    linter = Linter(gloss, opts.settings())
    chooser = None
    if interactive:
        from lexicon.cli.fix_interactive import Asker

        chooser = Asker(sys.stdin, sys.stdout)
    errors = changed = applied = left = 0
    from lexicon.fix.files import FIXABLE

    named = {p.resolve() for p in paths if not p.is_dir()}
    targets = [p for p in discover(paths, opts.exclude or ()) if p.suffix.lower() in FIXABLE or p.resolve() in named]
    for path in targets:
        outcome = fix_file(path, linter, unsafe=unsafe, write=not diff, backup=backup, chooser=chooser)
        if as_json:
            from lexicon.fix.as_json import outcome_dict

            records.append(outcome_dict(outcome))
        if outcome.error is not None:
            sys.stderr.write(f"{outcome.path}: {outcome.error}\n")
            errors += 1
            continue
        changed += outcome.changed
        applied += len(outcome.applied) + outcome.later_applied
        left += _remaining(outcome)
        if as_json:
            pass
        elif diff:
            sys.stdout.write(outcome.diff())
        else:
            _report(outcome)
        if chooser is not None and chooser.quit:
            break
    if as_json:
        import json

        sys.stdout.write(json.dumps({"version": 1, "files": records}, ensure_ascii=False) + "\n")
    summary = sys.stderr if diff or as_json else sys.stdout  # standard output stays a clean patch / JSON
    summary.write(f"{'would fix' if diff else 'fixed'} {applied} finding(s) in {changed} file(s); {left} left to the writer\n")
    if errors:
        raise typer.Exit(ExitCode.ERROR)
    raise typer.Exit(ExitCode.FINDINGS if (diff and changed) or left else ExitCode.OK)


def _remaining(outcome: FixOutcome) -> int:
    from lexicon.fix.plan import Applicability

    return sum(outcome.left(a) for a in Applicability)


def _report(outcome: FixOutcome) -> None:
    from lexicon.fix.plan import Applicability

    if not outcome.fixes:
        return
    parts = [f"{len(outcome.applied) + outcome.later_applied} fixed"]
    unsafe, manual = outcome.left(Applicability.UNSAFE), outcome.left(Applicability.MANUAL)
    if unsafe:
        parts.append(f"{unsafe} unsafe (--unsafe or --interactive)")
    if manual:
        parts.append(f"{manual} need rewording")
    sys.stdout.write(f"{outcome.path}: {', '.join(parts)}\n")
