"""The concept card shown by `lexicon define`: as text (rich) and as data (JSON).

Rendering only; looking a term up is `lexicon.glossary.lookup`."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from lexicon.glossary.types import Concept, Term
from lexicon.model import Status

STATUS_STYLE = {"preferred": "green", "admitted": "green", "care": "yellow", "avoid": "red"}


def term_dict(t: Term) -> dict[str, Any]:
    return {
        "term": t.text,
        "status": t.status.value,
        "suggest": list(t.suggest),
        "rephrase": list(t.rephrase),
        "reason": t.reason,
        "fine_when": t.fine_when,
        "acronym_of": list(t.acronym_of),
        "variants": list(t.variants),
        "provenance": None if t.provenance is None else t.provenance.as_dict(),
    }


def concept_dict(c: Concept) -> dict[str, Any]:
    return {
        "id": c.id,
        "section": {
            "id": c.section.id,
            "title": c.section.title,
            "page": c.guidelines_source.page if c.guidelines_source else None,
            "confirmed": c.guidelines_source.confirmed if c.guidelines_source else None,
        },
        "reference": c.reference(),
        "definition": c.definition,
        "note": c.note,
        "terms": {lang: [term_dict(t) for t in c.terms_in(lang)] for lang in c.languages},
        "sources": [
            {"title": s.title, "edition": s.edition, "article": s.article, "page": s.page, "url": s.url, "confirmed": s.confirmed}
            for s in c.sources
        ],
        "exceptions": [{"lang": e.lang, "text": e.text, "kind": e.kind, "misprints": list(e.misprints)} for e in c.exceptions],
    }


def print_card(console: Console, c: Concept, lang: str, *, only: bool = False) -> None:
    """The card in `lang`; `only` leaves out the other languages' terms (side-by-side cards)."""
    console.print(Text.assemble((c.id, "bold"), "  ", (c.reference(), "dim")))
    if lang not in c.definition:
        console.print(Text(f"(no {lang} definition in the glossary; the English one follows)", style="yellow"))
    console.print(Text(c.definition.get(lang) or c.definition.get("en", "")))
    note = c.note.get(lang) or c.note.get("en")
    if note:
        if lang not in c.note:
            console.print(Text(f"(no {lang} note in the glossary; the English one follows)", style="yellow"))
        console.print(Text("Note: " + note, style="italic"))
    langs = [lang] if only else [lang] + [code for code in c.languages if code != lang]
    for code in langs:
        terms = c.terms_in(code)
        if not terms:
            continue
        console.print(Text(f"\n[{code}]", style="bold"))
        for status in (Status.PREFERRED, Status.ADMITTED, Status.CARE, Status.AVOID):
            for t in (t for t in terms if t.status is status):
                line = Text.assemble(("  " + status.value.ljust(10), STATUS_STYLE[status.value]), (t.text, "bold"))
                if t.acronym_of:
                    line.append(f"  ({', '.join(t.acronym_of)})", style="dim")
                console.print(line)
                if t.status in (Status.CARE, Status.AVOID) and code == lang:
                    if t.alternatives:
                        console.print(Text("             → " + "; ".join(t.alternatives), style="green"))
                    if t.reason:
                        console.print(Text("             why: " + t.reason))
                    if t.fine_when:
                        console.print(Text("             fine when: " + t.fine_when))
                    if t.provenance:
                        console.print(Text(f"             who says so: {t.provenance.label()}", style="dim"))
                        console.print(Text(f"             source: {t.provenance.url}", style="dim"))
    if c.sources:
        console.print(Text("\nSources", style="bold"))
        for s in c.sources:
            mark = " (confirmed)" if s.confirmed else ""
            console.print(Text(f"  {s.cite()}{mark}" + (f" {s.url}" if s.url else ""), style="dim"))


def language_card(c: Concept, lang: str) -> dict[str, Any]:
    return {"definition": c.definition.get(lang), "note": c.note.get(lang), "terms": [term_dict(t) for t in c.terms_in(lang)]}


class _Collect:
    """Stands in for a Console to gather a card's lines as renderables."""

    def __init__(self) -> None:
        self.items: list[Any] = []

    def print(self, item: Any) -> None:
        self.items.append(item)


def print_side_by_side(console: Console, c: Concept, source_lang: str, target_lang: str) -> None:
    table = Table(show_header=True, show_lines=False, expand=True, box=None, padding=(0, 2))
    cards = []
    for code in (source_lang, target_lang):
        collect = _Collect()
        print_card(collect, c, code, only=True)  # type: ignore[arg-type]
        if not c.terms_in(code):
            collect.print(Text(f"\n(no {code} terms in the glossary)", style="yellow"))
        table.add_column(f"{code} (source)" if code == source_lang else f"{code} (target)", ratio=1)
        cards.append(Group(*collect.items))
    table.add_row(*cards)
    console.print(table)
