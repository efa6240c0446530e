"""Project configuration: `[tool.lexicon]` in pyproject.toml or a `.lexicon.yaml` file.

Found by walking up from a folder; the nearest folder with either file wins, and in one
folder `.lexicon.yaml` wins over pyproject.toml (a pyproject.toml without `[tool.lexicon]`
is skipped). Returns plain values named like `lexicon.cli.options.Options` fields, checked
here so that a mistake is one line naming the file and the key. Knows nothing about flags.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lexicon.errors import ConfigError
from lexicon.report import RENDERERS

YAML_NAMES = (".lexicon.yaml", ".lexicon.yml")
FAIL_ON = ("error", "warning", "info", "never")
PROFILES = ("default", "legal")
SEVERITIES = ("error", "warning", "info")
QUOTED = ("warning", "info")  # at most this severity for quoted terms
MAX_CONFIG_BYTES = 1024 * 1024
MAX_SIZE_MB = 4096  # `max-size` above this would ask to hold more than memory can
MAX_TIMEOUT = 86_400  # seconds per file; 0 means no limit
MAX_JOBS = 1024  # `jobs` is also capped at the CPU count and the file count when checking


def _languages() -> tuple[str, ...]:
    from lexicon.languages import codes

    return codes()


def _choice(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}")
        return str(value)

    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _count(minimum: int, maximum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise ValueError(f"must be a whole number from {minimum} to {maximum}, not {value!r}")
        return value

    return check


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_TIMEOUT:
        raise ValueError(f"must be a number of seconds from 0 (no limit) to {MAX_TIMEOUT}, not {value!r}")
    return float(value)


def _strings(value: Any) -> list[str]:
    """A string or a list of non-empty strings."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError("must be a string or a list of non-empty strings")
    return list(items)


def _severity(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("must be a table of concept id = error|warning|info")
    for concept, level in value.items():
        if level not in SEVERITIES:
            raise ValueError(f"'{concept}' must be one of {', '.join(SEVERITIES)}, not {level!r}")
    return {str(k): str(v) for k, v in value.items()}


# key (snake_case, as in Options) -> converter raising ValueError with the reason
KEYS: dict[str, Callable[[Any], Any]] = {
    "glossary": _strings,  # made absolute, relative to the config file's folder
    "lang": lambda value: _choice(_languages())(value),
    "fail_on": _choice(FAIL_ON),
    "profile": _choice(PROFILES),
    "quoted": _choice(QUOTED),
    "exclude": _strings,
    "ignore": _strings,
    "severity": _severity,
    "format": _choice(tuple(RENDERERS)),
    "show_info": _bool,
    "statistics": _bool,
    "jobs": _count(0, MAX_JOBS),
    "max_size": _count(1, MAX_SIZE_MB),
    "timeout": _seconds,
}


def find_config(start: Path) -> tuple[dict[str, Any], str] | None:
    """Return (values, origin) of the nearest configuration at or above `start`, or None.

    Raises ConfigError (file and key in the message) when the configuration is invalid.
    """
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in YAML_NAMES:
            path = candidate / name
            if path.is_file():
                return parse(_read_yaml(path), path), str(path)
        path = candidate / "pyproject.toml"
        if path.is_file():
            table = _read_toml(path).get("tool", {}).get("lexicon")
            if table is not None:
                return parse(table, path, prefix="tool.lexicon."), f"{path} [tool.lexicon]"
    return None


def parse(raw: Any, path: Path, *, prefix: str = "") -> dict[str, Any]:
    """Check and convert a configuration table read from `path`."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError("the configuration must be a table of keys", path=str(path))
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in KEYS:
            raise ConfigError(f"unknown key '{prefix}{key}'{_hint(name)}", path=str(path))
        if name in values:
            raise ConfigError(f"'{prefix}{key}' is given twice (as '-' and '_' spelling)", path=str(path))
        try:
            values[name] = KEYS[name](value)
        except ValueError as exc:
            raise ConfigError(f"'{prefix}{key}' {exc}", path=str(path)) from None
    if "glossary" in values:
        values["glossary"] = [(path.parent / g).resolve() for g in values["glossary"]]
    return values


def _hint(name: str) -> str:
    from rapidfuzz import process

    match = process.extractOne(name, sorted(KEYS), score_cutoff=70)
    return f" (did you mean '{match[0]}'?)" if match else f" (known keys: {', '.join(sorted(KEYS))})"


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only where a pyproject.toml is read (start-up: issue 15)

    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None


def _read_yaml(path: Path) -> Any:
    import yaml  # only where a .lexicon.yaml is read (start-up: issue 15)

    try:
        return yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"invalid YAML: {problem}", path=str(path), line=mark.line + 1 if mark else None) from None


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError("configuration file is too large", path=str(path))
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=str(path)) from None
