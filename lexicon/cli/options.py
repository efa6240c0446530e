"""Effective options for `check`: CLI flags over project configuration over defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexicon.engine import Settings
from lexicon.model import Severity
from lexicon.readers import MB, Limits
from lexicon.rules import Policy

DEFAULTS: dict[str, Any] = {
    "format": "text", "fail_on": "error", "lang": None, "glossary": [], "profile": None, "show_info": False,
    "exclude": [], "jobs": 0, "max_size": 256, "statistics": False, "ignore": [], "severity": {},
}


@dataclass
class Options:
    format: str = "text"
    fail_on: str = "error"
    lang: str | None = None
    glossary: list[Path] = field(default_factory=list)
    profile: str | None = None
    show_info: bool = False
    exclude: list[str] = field(default_factory=list)
    jobs: int = 0
    max_size: int = 256
    statistics: bool = False
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)

    def settings(self) -> Settings:
        from lexicon.cli.check import policy_for

        policy: Policy = policy_for(self.profile)
        return Settings(
            lang=self.lang, policy=policy, ignore=frozenset(self.ignore),
            severity=tuple((k, Severity(v)) for k, v in self.severity.items()),
            limits=Limits(max_bytes=self.max_size * MB),
        )


def resolve(flags: dict[str, Any], *, use_config: bool = True, verbose: bool = False) -> Options:
    """Merge defaults, project config (if any) and the flags the user gave."""
    opts = Options()
    for key in DEFAULTS:
        opts.origins[key] = "default"
    if use_config:
        try:
            from lexicon.config import find_config
        except ModuleNotFoundError:
            find_config = None  # type: ignore[assignment]
        if find_config is not None:
            found = find_config(Path.cwd())
            if found is not None:
                values, origin = found
                for key, value in values.items():
                    setattr(opts, key, value)
                    opts.origins[key] = origin
    for key, value in flags.items():
        if value is None or value == []:
            continue
        if key == "glossary":
            value = list(opts.glossary) + list(value)
        if key == "exclude":
            value = list(opts.exclude) + list(value)
        setattr(opts, key, value)
        opts.origins[key] = "command line"
    return opts
