"""`lexicon fix --interactive`: ask the writer about each finding, in the terminal."""

from __future__ import annotations

from typing import TextIO

from lexicon.fix.plan import Edit, Fix
from lexicon.model import Document

HELP = "[a]ccept, 1-9 pick another, [s]kip, [e]dit, [q]uit"


class Asker:
    """A chooser for `fix_file`: shows each fixable finding and returns the edits accepted.
    After "quit" the remaining findings of every file are skipped (what was accepted is kept)."""

    def __init__(self, inp: TextIO, out: TextIO) -> None:
        self.inp, self.out = inp, out
        self.quit = False

    def __call__(self, doc: Document, fixes: list[Fix]) -> list[Edit]:
        edits: list[Edit] = []
        for fix in fixes:
            if self.quit:
                break
            edit = self._ask(doc, fix)
            if edit is not None:
                edits.append(edit)
        return edits

    def _ask(self, doc: Document, fix: Fix) -> Edit | None:
        f = fix.finding
        self.out.write(
            f"\n{doc.path}:{f.start.line}:{f.start.column} {f.severity.value} {f.rule.value} [{f.concept}] ({fix.applicability.value})\n"
        )
        self.out.write(f"  {f.before}[{' '.join(f.matched.split())}]{f.after}\n")
        if fix.reason:
            self.out.write(f"  {fix.reason}\n")
        for n, choice in enumerate(fix.choices, 1):
            shown = choice.edit.text if choice.edit else f"{choice.suggestion} (needs rewording here)"
            self.out.write(f"  {n}. {shown}\n")
        while True:
            self.out.write(f"  {HELP}? ")
            self.out.flush()
            answer = self.inp.readline()
            if not answer:  # end of input: stop asking
                self.quit = True
                return None
            answer = answer.strip().lower()
            if answer in ("q", "quit"):
                self.quit = True
                return None
            if answer in ("s", "skip", ""):
                return None
            if answer in ("a", "accept", "y"):
                answer = "1"
            if answer.isdigit() and 1 <= int(answer) <= len(fix.choices):
                edit = fix.choices[int(answer) - 1].edit
                if edit is not None:
                    return edit
                self.out.write("  that one needs rewording here: [e]dit it\n")
                continue
            if answer in ("e", "edit"):
                self.out.write("  replace with: ")
                self.out.flush()
                typed = self.inp.readline().rstrip("\r\n")
                if typed.strip():
                    return Edit(f.start.offset, f.end.offset, typed)
                return None
            self.out.write(f"  ({HELP})\n")
