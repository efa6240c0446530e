"""`lexicon review`: a Word copy with each finding as a comment (and safe fixes as tracked changes)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from lexicon.cli import app
from lexicon.cli.check import GlossaryOpt, LangOpt, VerboseOpt
from lexicon.cli.common import ExitCode, fail, load


@app.command()
def review(
    path: Annotated[Path, typer.Argument(help="The Word document (.docx) to review; it is never modified.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The review copy (default: NAME.reviewed.docx).")] = None,
    track_changes: Annotated[bool, typer.Option("--track-changes", help="Write the safe fixes as tracked changes by 'lexicon'.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    show_info: Annotated[bool, typer.Option("--show-info", help="Also comment info findings (titles, mentions).")] = False,
    lang: LangOpt = None,
    glossary: GlossaryOpt = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore pyproject.toml / .lexicon.yaml.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write a review copy of a Word document: findings as comments on the matched words."""
    from lexicon.check.pipeline import Linter
    from lexicon.cli.concept_ids import check_concept_ids
    from lexicon.cli.options import resolve
    from lexicon.errors import LexiconError
    from lexicon.review.copy import default_output, review_docx

    if path.suffix.lower() != ".docx":
        fail(f"{path}: review copies are written for Word .docx files (use 'lexicon fix' for text, Markdown and HTML)")
    target = output or default_output(path)
    if target.resolve() == path.resolve():
        fail(f"{target}: the review copy cannot replace the original; choose another name")
    opts = resolve(dict(lang=lang, glossary=glossary), use_config=not no_config, verbose=verbose)
    gloss = load(opts.glossary, verbose=verbose)
    check_concept_ids(opts, gloss)
    linter = Linter(gloss, opts.settings())
    try:
        outcome = review_docx(path, target, linter, track_changes=track_changes, show_info=show_info, overwrite=force)
    except LexiconError as exc:
        fail(f"{path}: {exc.message}", verbose=verbose)
    except FileExistsError:
        fail(f"{target} exists (use --force to replace it)", verbose=verbose)
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}", verbose=verbose)
    for line in outcome.skipped:
        sys.stderr.write(f"{path} {line}\n")
    changes = f", {outcome.changes} tracked change(s)" if track_changes else ""
    sys.stdout.write(f"{target}: {outcome.comments} comment(s){changes}\n")
    raise typer.Exit(ExitCode.OK)
