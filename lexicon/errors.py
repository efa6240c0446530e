"""Error types. Every error carries the file (and line, concept where known)."""

from __future__ import annotations


class LexiconError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class GlossaryError(LexiconError):
    """The glossary is malformed; `problems` holds every error found, not only the first."""

    def __init__(self, problems: list[GlossaryProblem]) -> None:
        first = problems[0]
        super().__init__(first.message, path=first.path, line=first.line)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class GlossaryProblem:
    """One validation problem: file, line, concept and message."""

    __slots__ = ("concept", "line", "message", "path")

    def __init__(self, path: str, line: int | None, concept: str | None, message: str) -> None:
        self.path, self.line, self.concept, self.message = path, line, concept, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        concept = f" [{self.concept}]" if self.concept else ""
        return f"{where}:{concept} {self.message}"

    def __repr__(self) -> str:
        return f"GlossaryProblem({str(self)!r})"


class ReadError(LexiconError):
    """A document could not be read (missing, binary, too large, corrupt, ...)."""


class ConfigError(LexiconError):
    """The project configuration is invalid."""
