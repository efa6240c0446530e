"""The command line: a thin typer layer over the engine. Parse -> engine -> report -> exit.

Each command lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer._click import exceptions as click_errors  # typer < 0.29 vendors click
from typer.core import TyperGroup

from lexicon import __version__


class OneLineErrors(TyperGroup):
    """Usage errors (a bad option value, an unknown option) as one line on stderr, exit 2,
    like every other error of lexicon, instead of click's usage block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        if not standalone:
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **kwargs)
        except click_errors.NoArgsIsHelpError as exc:  # `lexicon glossary`: the help, as before
            typer.echo(exc.format_message())
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            sys.stderr.write(f"lexicon: {usage_line(exc)}\n")
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            sys.stderr.write(f"lexicon: {exc.format_message()}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("lexicon: aborted\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def usage_line(exc: click_errors.UsageError) -> str:
    """click's message on one line, with where to find help."""
    message = " ".join(exc.format_message().split())
    if exc.ctx is None:
        return message
    return f"{message} (see '{exc.ctx.command_path} -h')"


app = typer.Typer(
    cls=OneLineErrors,
    name="lexicon",
    help="Check documents against the Luxembourg Guidelines terminology on the sexual exploitation and sexual abuse of children.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
glossary_app = typer.Typer(cls=OneLineErrors, help="Validate and describe glossaries.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lexicon {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """lexicon: harmonise terminology on the sexual exploitation and sexual abuse of children."""


def _register() -> None:
    # Importing the modules registers their commands on `app` / `glossary_app`.
    from lexicon.cli import check, define, glossary_cmd  # noqa: F401

    for optional in ("export", "config_cmd", "fix_cmd", "review", "audit"):
        try:
            __import__(f"lexicon.cli.{optional}")
        except ModuleNotFoundError as exc:
            if exc.name != f"lexicon.cli.{optional}":
                raise


_register()


def only_the_command_run(argv: list[str]) -> typer.Typer:
    """`app` holding only the command that `argv` runs ("lexicon check ..."): typer works out
    the options of every command it holds on each start, a tenth of a one-page check
    (issue 15). Help, completion, groups, a misspelt command and anything else get the whole
    app; the command's own help, usage line and errors are the same either way."""
    import copy
    import os

    from typer.main import get_command_name

    name = argv[1] if len(argv) > 1 else ""
    if not name or name.startswith("-") or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    chosen = [c for c in app.registered_commands if c.callback is not None and (c.name or get_command_name(c.callback.__name__)) == name]
    if len(chosen) != 1:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    single.registered_groups = []
    return single


def run() -> None:
    """The `lexicon` program (its console script and `python -m lexicon`): `main`, in a
    process that ends when it returns. What is left then is only freed by the interpreter's
    shutdown, whose collections over every object the imports made were a tenth of a
    one-page check (issue 15): freezing them first (`gc.freeze`, the collector's own switch
    for objects that live as long as the process) leaves those collections nothing to visit.
    Objects are still freed as always; `main` is what an embedding process or a test calls."""
    try:
        main()
    finally:
        import gc

        gc.freeze()


def main() -> None:
    """The command line, as the program runs it (see `run`)."""
    verbose = "--verbose" in sys.argv or "-v" in sys.argv
    try:
        only_the_command_run(sys.argv)()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("lexicon: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 2
        if verbose:
            raise
        sys.stderr.write(f"lexicon: internal error: {type(exc).__name__}: {exc} (run with --verbose for details)\n")
        sys.exit(2)
