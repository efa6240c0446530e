"""Effective options for `check`: CLI flags over project configuration over defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexicon.check.pipeline import Settings
from lexicon.check.rules.term import Policy
from lexicon.model import Severity
from lexicon.readers import MB, Limits

DEFAULTS: dict[str, Any] = {
    "format": "text",
    "fail_on": "error",
    "lang": None,
    "glossary": [],
    "profile": None,
    "show_info": False,
    "exclude": [],
    "jobs": 0,
    "max_size": 256,
    "statistics": False,
    "ignore": [],
    "severity": {},
    "quoted": "warning",
    "timeout": 30.0,
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
    quoted: str = "warning"  # at most this severity inside quotation marks or a blockquote
    timeout: float = 30.0  # seconds per file; 0 = no limit
    origins: dict[str, str] = field(default_factory=dict)
    config: str | None = None  # the configuration file used, if any

    def settings(self) -> Settings:
        from dataclasses import replace

        from lexicon.cli.check import policy_for

        policy: Policy = replace(policy_for(self.profile), quoted=Severity(self.quoted))
        return Settings(
            lang=self.lang,
            policy=policy,
            ignore=frozenset(self.ignore),
            severity=tuple((k, Severity(v)) for k, v in self.severity.items()),
            limits=Limits(max_bytes=self.max_size * MB, max_unpacked=self.max_size * MB),
        )


# Flags that add to the configured value instead of replacing it.
EXTEND = ("glossary", "exclude", "ignore", "severity")


def resolve(flags: dict[str, Any], *, use_config: bool = True, verbose: bool = False) -> Options:
    """Merge defaults, project config (if any) and the flags the user gave."""
    opts = Options()
    for key in DEFAULTS:
        opts.origins[key] = "default"
    found = _find_config(verbose) if use_config else None
    if found is not None:
        values, origin = found
        opts.config = origin
        for key, value in values.items():
            setattr(opts, key, value)
            opts.origins[key] = origin
    for key, value in flags.items():
        if value is None or value == [] or value == {}:
            continue
        origin = "command line"
        if key in EXTEND and getattr(opts, key):
            current = getattr(opts, key)
            value = {**current, **value} if isinstance(current, dict) else [*current, *value]
            origin = f"{opts.origins[key]} + command line"
        setattr(opts, key, value)
        opts.origins[key] = origin
    return opts


def severity_flags(items: list[str] | None) -> dict[str, str]:
    """Parse repeated `--severity CONCEPT=LEVEL` flags."""
    from lexicon.cli.common import fail

    parsed: dict[str, str] = {}
    for item in items or ():
        concept, _, level = item.partition("=")
        if not concept.strip() or level.strip() not in ("error", "warning", "info"):
            fail(f"--severity expects CONCEPT=error|warning|info, not '{item}'")
        parsed[concept.strip()] = level.strip()
    return parsed


def _find_config(verbose: bool) -> tuple[dict[str, Any], str] | None:
    from lexicon.cli.common import fail
    from lexicon.config import find_config
    from lexicon.errors import ConfigError

    try:
        return find_config(Path.cwd())
    except ConfigError as exc:
        fail(str(exc), verbose=verbose)
