"""Tracked changes by "lexicon": the old runs wrapped in w:del (their text becomes
w:delText), the new words in a w:ins run with the first old run's formatting. Word shows
them as suggestions the writer accepts or rejects."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime
from typing import Any

from lexicon.readers.docx import W
from lexicon.review.runs import XML_SPACE

AUTHOR = "lexicon"
FIELD_PARTS = frozenset({W + "fldChar", W + "instrText", W + "fldSimple"})


class Revisions:
    """Hands out w:id values no other annotation in the document uses."""

    def __init__(self, body: Any) -> None:
        ids = [int(v) for v in body.xpath(".//@w:id") if str(v).lstrip("-").isdigit()]
        self.next = max(ids, default=0) + 1000
        self.date = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def element(self, tag: str) -> Any:
        from docx.oxml import OxmlElement

        element = OxmlElement(f"w:{tag}")
        element.set(W + "id", str(self.next))
        element.set(W + "author", AUTHOR)
        element.set(W + "date", self.date)
        self.next += 1
        return element


def why_not(runs: list[Any], paragraph: Any) -> str | None:
    """Why these runs cannot carry a tracked change, or None when they can."""
    if any(r.getparent() is not paragraph for r in runs):
        return "inside an existing tracked change, hyperlink or content control"
    if any(child.tag in FIELD_PARTS for r in runs for child in r.iter()):
        return "inside a field"
    siblings = list(paragraph)
    first = siblings.index(runs[0])
    if siblings[first : first + len(runs)] != runs:
        return "the words are separated by other markup"
    return None


def replace_runs(runs: list[Any], new_text: str, revisions: Revisions) -> None:
    """Mark `runs` deleted and `new_text` inserted after them."""
    from docx.oxml import OxmlElement

    deletion = revisions.element("del")
    runs[0].addprevious(deletion)
    for run in runs:
        deletion.append(run)
        for t in run.findall(W + "t"):
            t.tag = W + "delText"
            t.set(XML_SPACE, "preserve")
    insertion = revisions.element("ins")
    new_run = OxmlElement("w:r")
    props = runs[0].find(W + "rPr")
    if props is not None:
        new_run.append(deepcopy(props))
    t = OxmlElement("w:t")
    t.text = new_text
    t.set(XML_SPACE, "preserve")
    new_run.append(t)
    insertion.append(new_run)
    deletion.addnext(insertion)
