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


MAX_TERMBASE_BYTES = 64 * 1024 * 1024


def read_termbase(path: Path, base: Glossary | None = None) -> list[Record]:
    """Section files read from a .tbx or .csv file, completed into valid glossary records
    (gaps filled from `base` where it has the same concept and term)."""
    from lexicon.exchange.complete import complete
    from lexicon.glossary.safe_read import read_regular

    data = read_regular(path, MAX_TERMBASE_BYTES)  # a regular file, bounded: never a FIFO or a device
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
