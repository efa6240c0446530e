"""Exchange with translation tools: export the glossary (TBX, CSV, JSON, Markdown) and
import a termbase (TBX, CSV) back into glossary YAML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lexicon.errors import LexiconError

if TYPE_CHECKING:  # keep `import lexicon.exchange` light: the CLI imports it at start-up
    from lexicon.exchange.records import Record
    from lexicon.glossary.types import Glossary

FORMATS = ("tbx", "csv", "json", "md")


def export(glossary: Glossary, fmt: str, langs: tuple[str, ...] | None = None, *, tbx_version: int = 3, tool: str = "lexicon") -> bytes:
    """The glossary in `fmt` as UTF-8 bytes."""
    if fmt == "tbx":
        from lexicon.exchange.tbx import write_tbx

        return write_tbx(glossary, langs, version=tbx_version, tool=tool)
    if fmt == "csv":
        from lexicon.exchange.csv_format import write_csv

        return write_csv(glossary, langs).encode("utf-8-sig")
    if fmt == "json":
        from lexicon.exchange.json_format import write_json

        return write_json(glossary, langs, tool=tool).encode("utf-8")
    if fmt == "md":
        from lexicon.exchange.markdown import write_markdown

        return write_markdown(glossary, langs).encode("utf-8")
    raise LexiconError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")


def read_termbase(path: Path, base: Glossary | None = None) -> list[Record]:
    """Section files read from a .tbx or .csv file, completed into valid glossary records
    (gaps filled from `base` where it has the same concept and term)."""
    from lexicon.exchange.complete import complete

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        from lexicon.exchange.tbx_read import read_tbx

        sections = read_tbx(data, path.name)
    elif suffix in (".csv", ".tsv", ".txt"):
        from lexicon.exchange.csv_format import read_csv

        sections = read_csv(data, path.name)
    else:
        raise LexiconError("import reads .tbx or .csv files", path=str(path))
    if not any(s["concepts"] for s in sections):
        raise LexiconError("no concepts found", path=str(path))
    return complete(sections, path.name, base)
