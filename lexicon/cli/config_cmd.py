"""`lexicon config`: print the effective configuration and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lexicon.cli import app
from lexicon.cli.choices import TEXT_OR_JSON, Choice

if TYPE_CHECKING:
    from lexicon.cli.options import Options


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def effective(opts: Options) -> dict[str, Any]:
    """The configuration as data: the file used and each key's value and origin."""
    from lexicon.cli.options import DEFAULTS

    return {
        "config": opts.config,
        "values": {key: {"value": _plain(getattr(opts, key)), "origin": opts.origins[key]} for key in DEFAULTS},
    }


@app.command("config")
def config(
    format: Annotated[str, typer.Option("--format", "-f", click_type=Choice(TEXT_OR_JSON), help="text or json")] = "text",
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore pyproject.toml / .lexicon.yaml.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks on errors.")] = False,
) -> None:
    """Show the effective configuration and where each value came from: a default, or the
    tool.lexicon table of pyproject.toml or .lexicon.yaml (nearest at or above this folder)."""
    from lexicon.cli.options import DEFAULTS, resolve

    data = effective(resolve({}, use_config=not no_config, verbose=verbose))
    if format == "json":
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"# configuration: {data['config'] or 'none found (defaults only)'}")
    width = max(len(key) for key in DEFAULTS)
    for key, entry in data["values"].items():
        value = json.dumps(entry["value"], ensure_ascii=False)
        typer.echo(f"{key:<{width}} = {value}  # {entry['origin']}")
