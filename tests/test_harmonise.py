"""Document-level rules: mixed-terms and acronym."""

from __future__ import annotations

from tests.conftest import check


def of_rule(result, rule):
    return [f for f in result.findings if f.rule.value == rule]


def test_mixed_terms_one_finding_per_concept_at_first_divergent_use(linter):
    source = (
        "The unit handles child sexual abuse material (CSAM).\n"
        "Most CSAM is reported by platforms.\n"
        "Child pornography cases fell.\n"
        "Child porn forums closed.\n"
    )
    result = check(linter, source)
    mixed = of_rule(result, "mixed-terms")
    assert len(mixed) == 1
    f = mixed[0]
    assert f.concept == "child-sexual-abuse-material"
    assert f.matched == "Child pornography" and f.start.line == 3
    counts = {r.term: r.count for r in f.related}
    assert counts == {"child sexual abuse material": 3, "child pornography": 1, "child porn": 1}  # CSAM counts as its expansion
    assert f.suggestions[0] == "child sexual abuse material"
    assert [p.line for r in f.related if r.term == "child porn" for p in r.positions] == [4]


def test_acronym_and_its_expansion_are_one_name(linter):
    result = check(linter, "Child sexual abuse material (CSAM) is the agreed term. CSAM reports rose.")
    assert of_rule(result, "mixed-terms") == []


def test_titles_and_quotations_do_not_count_as_the_authors_choice(linter):
    source = (
        "We use child sexual abuse material throughout. The Optional Protocol on the sale of children, "
        "child prostitution and child pornography is cited."
    )
    assert of_rule(check(linter, source), "mixed-terms") == []


def test_acronym_used_before_it_is_spelled_out(linter):
    result = check(linter, "CSAM reports rose in 2024. Child sexual abuse material is the agreed term.")
    findings = of_rule(result, "acronym")
    assert [(f.matched, f.start.column) for f in findings] == [("CSAM", 1)]


def test_acronym_spelled_out_first_is_fine(linter):
    result = check(linter, "Child sexual abuse material (CSAM) is the agreed term. CSAM reports rose.")
    assert of_rule(result, "acronym") == []


def test_acronym_spelled_out_with_an_expansion_the_glossary_does_not_give(linter):
    result = check(linter, "SECTT (sexual exploitation of children in transport and travel) is a priority.")
    findings = of_rule(result, "acronym")
    assert len(findings) == 1 and "does not give" in findings[0].message


def test_acronym_spelled_out_two_ways(linter):
    source = (
        "CSAM (child sexual abuse material) is rising. Later, CSAM (child sexual abuse materials) "
        "appears again, and CSAM (child sexual abuse media) too."
    )
    findings = of_rule(check(linter, source), "acronym")
    assert any("different ways" in f.message for f in findings)


def test_plural_expansion_counts_as_the_same_spelling(linter):
    source = "CSAM (child sexual abuse material) is rising. CSAM (child sexual abuse materials) appears again."
    assert of_rule(check(linter, source), "acronym") == []


def test_document_stats_give_the_agreed_term_share(linter):
    result = check(linter, "Child sexual abuse material, CSAM, and child pornography.")
    assert result.stats is not None
    assert (result.stats.agreed, result.stats.total) == (2, 3)
    assert result.stats.agreed_share == round(2 / 3, 4)


def test_a_parenthesis_that_is_not_an_expansion_is_ignored(linter):
    source = "Child sexual abuse material (CSAM) is the term. Reports of CSAM (Option C) rose; CSAM (2023) too."
    assert of_rule(check(linter, source), "acronym") == []


def test_expansion_written_without_a_space_is_the_same_spelling(linter):
    source = "CSAM (child sexual abuse material) rose. CSAM (childsexual abuse material) is a typo of it."
    assert of_rule(check(linter, source), "acronym") == []


def test_a_document_naming_each_concept_one_way_skips_the_rules_and_two_ways_does_not(linter):
    """The shortcut for the usual small file (one name per concept, no acronym) gives what
    the rules give; a second name, or an acronym, still goes to them."""
    from lexicon.check.rules.document import acronyms, mixed_terms, one_name_each

    def uses_of(source):
        from lexicon.readers.text import from_text

        doc = from_text(source, "<text>")
        return doc, linter.uses(doc, "en")

    doc, uses = uses_of("Child pornography cases fell. Child pornography forums closed.\n")
    assert one_name_each(uses)
    assert mixed_terms(doc, uses, linter.glossary, "en") == [] and acronyms(doc, uses, linter.glossary) == []
    doc, uses = uses_of("Child pornography cases fell. Child porn forums closed.\n")
    assert not one_name_each(uses) and len(mixed_terms(doc, uses, linter.glossary, "en")) == 1
    assert len(of_rule(check(linter, "Child pornography cases fell. Child porn forums closed.\n"), "mixed-terms")) == 1
    doc, uses = uses_of("CSAM reports rose.\n")
    assert not one_name_each(uses) and len(acronyms(doc, uses, linter.glossary)) == 1
