"""Fixes: from findings to a corrected text.

`plan` decides, for each finding, the edit that would fix it and how safe it is
(`Applicability`); `inflect` keeps the writer's case, number and article using the language
data in `terms/fix/<lang>.yaml`; `apply` writes edits into a string. Pure: no printing, no
exiting; reading and writing files is `files`.
"""

from lexicon.fix.apply import apply_edits, select
from lexicon.fix.plan import Applicability, Edit, Fix, plan_fixes

__all__ = ["Applicability", "Edit", "Fix", "plan_fixes", "apply_edits", "select"]
