"""Helpers shared by commands: loading the glossary, one-line errors, exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from lexicon.errors import GlossaryError, LexiconError

if TYPE_CHECKING:
    from lexicon.glossary import Glossary


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def fail(message: str, *, verbose: bool = False) -> NoReturn:
    """Print one line on stderr and exit 2 (a traceback only with --verbose)."""
    if verbose:
        traceback.print_exc()
    from lexicon.report.escape import printable

    sys.stderr.write(f"lexicon: {printable(message)}\n")  # a file name cannot add a line
    raise typer.Exit(ExitCode.ERROR)


def load(paths: list[Path] | None, *, builtin: bool = True, verbose: bool = False) -> Glossary:
    from lexicon.glossary import load_glossary

    try:
        return load_glossary(tuple(paths or ()), builtin=builtin)
    except GlossaryError as exc:
        from lexicon.report.escape import printable

        for problem in exc.problems:
            sys.stderr.write(f"{printable(str(problem))}\n")
        fail(f"the glossary has {len(exc.problems)} problem(s)", verbose=verbose)
    except LexiconError as exc:
        fail(str(exc), verbose=verbose)
    finally:
        _cache_warning()  # a refused cache folder: said once, then the run goes on without it


def _cache_warning() -> None:
    from lexicon.cache import take_warning

    warning = take_warning()
    if warning:
        sys.stderr.write(f"lexicon: warning: {warning}\n")


def use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
