"""`lexicon export` (TBX, CSV, JSON, Markdown) and `lexicon import` (TBX or CSV -> YAML)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from lexicon import __version__
from lexicon.cli import app
from lexicon.cli.choices import Choice
from lexicon.cli.common import fail, load
from lexicon.errors import GlossaryError, LexiconError
from lexicon.exchange import FORMATS, export, read_termbase

GlossaryOpt = Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="Extra glossary file or folder (repeatable).")]


def parse_langs(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip())) or None


@app.command("export")
def export_cmd(
    format: Annotated[str, typer.Option("--format", "-f", click_type=Choice(FORMATS), help=f"Output: {', '.join(FORMATS)}.")] = "tbx",
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help="Languages to export, comma-separated (default: all).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    tbx_version: Annotated[
        int, typer.Option("--tbx-version", min=2, max=3, help="3: TBX-Basic ISO 30042:2019; 2: martif, for older tools.")
    ] = 3,
    glossary: GlossaryOpt = None,
    builtin: Annotated[bool, typer.Option("--builtin/--no-builtin", help="Include the built-in glossary.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
) -> None:
    """Export the glossary for translators and terminology tools."""
    if output is not None and output.exists() and not force:
        fail(f"{output} exists (use --force to replace it)")
    if not builtin and not glossary:
        fail("--no-builtin needs at least one --glossary")
    g = load(glossary, builtin=builtin)
    langs = parse_langs(lang)
    unknown = [code for code in langs or () if code not in g.languages]
    if unknown:
        fail(f"no terms in language(s) {', '.join(unknown)} (the glossary has {', '.join(g.languages)})")
    data = export(g, format, langs, tbx_version=tbx_version, tool=f"lexicon {__version__}")
    if output is None:
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
        else:  # pragma: no cover - a text-only stream
            sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    from lexicon.atomic import write_atomic

    try:
        write_atomic(output, data, overwrite=force)  # a temporary file renamed into place: never half a file
    except FileExistsError:
        fail(f"{output} exists (use --force to replace it)")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    sys.stderr.write(f"lexicon: wrote {output}\n")


@app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="A .tbx or .csv termbase (for example exported from a CAT tool).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="YAML file or folder to write, e.g. terms/house.yaml.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    builtin: Annotated[
        bool, typer.Option("--builtin/--no-builtin", help="Fill what the termbase lacks from the built-in glossary's same terms.")
    ] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Convert a TBX or CSV termbase into glossary YAML to lint with (use it with --glossary)."""
    from lexicon.exchange.complete import output_paths, render_glossary, write_glossary
    from lexicon.glossary import load_glossary

    base = load([], verbose=verbose) if builtin else None
    try:
        sections = read_termbase(source, base)
    except LexiconError as exc:
        fail(str(exc), verbose=verbose)
    existing = [p for p, _ in output_paths(sections, output) if p.exists()]
    if existing and not force:
        fail(f"{existing[0]} exists (use --force to overwrite)")
    header = f"# Imported by lexicon {__version__} from {source.name}; edit freely, then run `lexicon glossary validate`.\n"
    problems = imported_problems(render_glossary(sections, output, header), with_builtin=base is not None)
    if problems:
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        fail(f"the imported glossary would not pass `lexicon glossary validate`; nothing written ({len(problems)} problem(s))")
    try:
        paths = write_glossary(sections, output, header, overwrite=force)
    except FileExistsError as exc:
        fail(str(exc), verbose=verbose)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", verbose=verbose)
    g = load_glossary(paths, builtin=False)
    for path in paths:
        sys.stderr.write(f"lexicon: wrote {path}\n")
    sys.stderr.write(f"lexicon: {len(g.concepts)} concept(s), {len(g.terms)} term(s) in {', '.join(g.languages)}\n")


def imported_problems(files: list[tuple[Path, str]], *, with_builtin: bool) -> list[str]:
    """What `lexicon glossary validate` would say about `files` (path, YAML text) used with
    the built-in glossary (or alone), found in a scratch folder before anything is written.
    Problems name the final paths."""
    import tempfile

    from lexicon.check.examples import check_examples
    from lexicon.glossary import load_glossary
    from lexicon.glossary.validate import cross_check

    with tempfile.TemporaryDirectory(prefix="lexicon-import-") as scratch:
        names = {}
        for i, (path, text) in enumerate(files):
            draft = Path(scratch) / f"{i}-{path.name}"
            draft.write_text(text, encoding="utf-8")
            names[str(draft)] = str(path)
        try:
            g = load_glossary([Path(p) for p in names], builtin=with_builtin)
            problems = [str(p) for p in cross_check(g) + check_examples(g, set(names))]
        except GlossaryError as exc:
            problems = [str(p) for p in exc.problems]
    for written, final in names.items():
        problems = [p.replace(written, final) for p in problems]
    return problems
