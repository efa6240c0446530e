"""The command line: a thin typer layer over the engine. Parse -> engine -> report -> exit.

Each command lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import sys

import typer

from lexicon import __version__

app = typer.Typer(
    name="lexicon",
    help="Check documents against the Luxembourg Guidelines terminology on the sexual "
    "exploitation and sexual abuse of children.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
glossary_app = typer.Typer(help="Validate and describe glossaries.", no_args_is_help=True)
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


def main() -> None:
    """Console-script entry point."""
    verbose = "--verbose" in sys.argv or "-v" in sys.argv
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("lexicon: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, exit 2
        if verbose:
            raise
        sys.stderr.write(f"lexicon: internal error: {type(exc).__name__}: {exc} (run with --verbose for details)\n")
        sys.exit(2)
