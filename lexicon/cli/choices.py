"""Closed sets of option values, checked by the parser: a bad value is a usage error (exit 2,
one line naming the option and the allowed values) before any work starts.

typer < 0.29 vendors click; `TyperChoice` is its choice type (what typer builds for an Enum
or Literal annotation). The values may be a function, so a registry (languages, renderers)
is read only when a value is checked or the help is shown, not when the CLI starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from typer._types import TyperChoice


class Choice(TyperChoice[str]):
    def __init__(self, values: Iterable[str] | Callable[[], Iterable[str]]) -> None:
        self._values = values
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        values = self._values() if callable(self._values) else self._values
        return tuple(values)


def languages() -> tuple[str, ...]:
    from lexicon.languages import codes

    return codes()


STDIN_FORMATS = ("text", "markdown", "md")
TEXT_OR_JSON = ("text", "json")


def statuses() -> tuple[str, ...]:
    from lexicon.model import Status

    return tuple(status.value for status in Status)
