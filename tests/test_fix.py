"""`lexicon fix`: applicability, the writer's case/number/article kept, files written safely."""

from __future__ import annotations

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.cli import app
from lexicon.fix import Applicability, apply_edits, plan_fixes, select
from lexicon.glossary import load_glossary
from lexicon.readers import markdown, text


@pytest.fixture(scope="module")
def builtin():
    return load_glossary(())


def fixed(builtin, source: str, lang: str = "en", unsafe: bool = False, fmt=text) -> str:
    doc = fmt.from_text(source, "<test>")
    fixes = plan_fixes(doc, Linter(builtin, Settings(lang=lang)).check_document(doc), builtin)
    return apply_edits(source, select(fixes, unsafe=unsafe))[0]


def plan(builtin, source: str, lang: str = "en"):
    doc = text.from_text(source, "<test>")
    return plan_fixes(doc, Linter(builtin, Settings(lang=lang)).check_document(doc), builtin)


def test_agreed_replacement_of_an_avoided_term_is_safe_and_applied(builtin):
    assert (
        fixed(builtin, "The hotline received reports of child pornography in 2024.")
        == "The hotline received reports of child sexual abuse material in 2024."
    )
    [fix] = plan(builtin, "The hotline received reports of child pornography in 2024.")
    assert fix.applicability is Applicability.SAFE


def test_writer_case_is_kept_sentence_start_caps_and_title(builtin):
    assert fixed(builtin, "Child pornography is a crime.") == "Child sexual abuse material is a crime."
    assert fixed(builtin, "WARNING ON CHILD PORNOGRAPHY FILES") == "WARNING ON CHILD SEXUAL ABUSE MATERIAL FILES"


def test_plural_takes_the_plural_of_the_replacement(builtin):
    assert (
        fixed(builtin, "The report counted child prostitutes in two cities.")
        == "The report counted children exploited in prostitution in two cities."
    )


def test_article_agrees_with_the_replacement_in_english(builtin):
    # "an" before a vowel sound, "a" before a consonant, whatever the original said
    assert fixed(builtin, "Police met an juvenile prostitute.") == "Police met a child exploited in prostitution."
    assert fixed(builtin, "An child prostitute was found.") == "A child exploited in prostitution was found."


def test_an_before_a_vowel_sound_from_the_language_data():
    from lexicon.fix.inflect import article_for
    from lexicon.fix.language import fix_language

    en = fix_language("en")
    group = {"default": "a", "vowel": "an"}
    assert article_for(group, "exploiter", en, None) == "an"
    assert article_for(group, "user of the service", en, None) == "a"
    assert article_for(group, "hour", en, None) == "an"
    assert article_for(group, "NGO report", en, None) == "an"
    assert article_for(group, "CSAM report", en, None) == "a"


def test_french_article_and_elision_follow_gender(builtin):
    src = "La pornographie enfantine et la prostitution enfantine reculent."
    assert fixed(builtin, src, lang="fr") == (
        "Le matériel d'abus sexuels d'enfants et l'exploitation sexuelle des enfants à des fins de prostitution reculent."
    )
    assert fixed(builtin, "Il parle de la pornographie enfantine.", lang="fr") == "Il parle du matériel d'abus sexuels d'enfants."


def test_spanish_article_follows_gender(builtin):
    assert fixed(builtin, "La pornografía infantil es un delito.", lang="es") == "El material de abuso sexual infantil es un delito."
    assert (
        fixed(builtin, "El informe trata de la pornografía infantil.", lang="es")
        == "El informe trata del material de abuso sexual infantil."
    )


def test_care_terms_and_rewordings_are_unsafe_and_only_applied_with_unsafe(builtin):
    src = "Outreach will address sexting among pupils."
    [fix] = plan(builtin, src)
    assert fix.applicability is Applicability.UNSAFE
    assert fixed(builtin, src) == src
    first = fix.choices[0].suggestion  # the glossary's first alternative, whatever it is
    assert fixed(builtin, src, unsafe=True) == f"Outreach will address {first} among pupils."


def test_possessive_needs_rewording_and_is_never_applied(builtin):
    src = "The spread of child pornography's distribution networks worries the unit."
    [fix] = plan(builtin, src)
    assert fix.applicability is Applicability.MANUAL
    assert fixed(builtin, src, unsafe=True) == src


def test_unknown_gender_for_a_gendered_article_needs_rewording(builtin):
    src = "El niño prostituto fue atendido por la fiscalía."
    [fix] = plan(builtin, src, lang="es")
    assert fix.applicability is Applicability.MANUAL
    assert "gender" in fix.reason


def test_titles_quotations_legal_text_and_suppressed_findings_are_never_fixed(builtin):
    src = (
        "The Optional Protocol on the sale of children, child prostitution and child pornography entered into force.\n\n"
        'The form was titled "child pornography" in 2015.\n\n'
        "<!-- lexicon-disable-next-line -->\nAnnex B keeps the old wording child pornography.\n"
    )
    assert fixed(builtin, src, unsafe=True, fmt=markdown) == src


def test_words_split_by_markup_are_not_rewritten(builtin, tmp_path):
    from lexicon.readers import html

    src = "<p>Reports of child <b>pornography</b> rose.</p>"
    assert fixed(builtin, src, fmt=html) == src


def run(runner, *args, input=None):
    return runner.invoke(app, ["fix", *args], input=input)


def test_fix_rewrites_the_file_and_a_second_run_changes_nothing(runner, tmp_path):
    doc = tmp_path / "draft.md"
    doc.write_text("# Draft\n\nThe hotline received reports of child pornography.\n", encoding="utf-8")
    first = run(runner, str(doc), "--no-config")
    assert first.exit_code == 0, first.output
    assert doc.read_text(encoding="utf-8") == "# Draft\n\nThe hotline received reports of child sexual abuse material.\n"
    assert "1 fixed" in first.output
    second = run(runner, str(doc), "--no-config")
    assert second.exit_code == 0
    assert "fixed 0 finding(s) in 0 file(s)" in second.output


def test_diff_prints_a_patch_and_changes_nothing(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text("Reports of child pornography rose.\n", encoding="utf-8")
    result = run(runner, "--diff", str(doc), "--no-config")
    assert result.exit_code == 1
    assert "-Reports of child pornography rose." in result.stdout
    assert "+Reports of child sexual abuse material rose." in result.stdout
    assert doc.read_text(encoding="utf-8") == "Reports of child pornography rose.\n"


def test_backup_keeps_the_original(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text("Reports of child pornography rose.\n", encoding="utf-8")
    assert run(runner, "--backup", str(doc), "--no-config").exit_code == 0
    assert (tmp_path / "draft.txt.bak").read_text(encoding="utf-8") == "Reports of child pornography rose.\n"


def test_the_file_keeps_its_encoding(runner, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_bytes("Café notes: reports of child pornography rose.\r\n".encode("cp1252") * 40)
    assert run(runner, str(doc), "--no-config").exit_code == 0
    assert doc.read_bytes() == "Café notes: reports of child sexual abuse material rose.\r\n".encode("cp1252") * 40


def test_interactive_pick_skip_and_edit(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text("Reports of child pornography rose.\nA child prostitute was found.\nSexting is discussed.\n", encoding="utf-8")
    result = run(runner, "-i", str(doc), "--no-config", input="2\ns\ne\nnon-consensual sharing of images\n")
    assert result.exit_code == 1, result.output  # the skipped finding is left
    assert doc.read_text(encoding="utf-8") == (
        "Reports of CSAM rose.\nA child prostitute was found.\nnon-consensual sharing of images is discussed.\n"
    )


def test_interactive_quit_keeps_what_was_accepted(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text("Reports of child pornography rose.\nA child prostitute was found.\n", encoding="utf-8")
    run(runner, "-i", str(doc), "--no-config", input="a\nq\n")
    assert doc.read_text(encoding="utf-8") == "Reports of child sexual abuse material rose.\nA child prostitute was found.\n"


def test_word_files_are_refused_with_a_pointer_to_review_and_others_still_fixed(runner, tmp_path):
    word = tmp_path / "report.docx"
    word.write_bytes(b"PK")
    doc = tmp_path / "draft.txt"
    doc.write_text("Reports of child pornography rose.\n", encoding="utf-8")
    result = run(runner, str(word), str(doc), "--no-config")
    assert result.exit_code == 2
    assert "lexicon review" in result.stderr
    assert "child sexual abuse material" in doc.read_text(encoding="utf-8")


def test_title_case_and_capitals_follow_the_matched_words():
    from lexicon.fix.inflect import follow_case
    from lexicon.fix.language import fix_language

    en = fix_language("en")
    assert (
        follow_case("sexual exploitation of children in prostitution", "Child Prostitution", en)
        == "Sexual Exploitation of Children in Prostitution"
    )
    assert follow_case("child sexual abuse material", "CHILD PORNOGRAPHY", en) == "CHILD SEXUAL ABUSE MATERIAL"
    assert follow_case("CSAM", "Child pornography", en) == "CSAM"


def test_html_files_are_fixed_in_the_text_and_markup_is_kept(runner, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><p class="lead">Reports of child pornography rose.</p><a href="/child-pornography-form">form</a></body></html>\n',
        encoding="utf-8",
    )
    assert run(runner, str(page), "--no-config").exit_code == 0
    assert page.read_text(encoding="utf-8") == (
        '<html><body><p class="lead">Reports of child sexual abuse material rose.</p>'
        '<a href="/child-pornography-form">form</a></body></html>\n'
    )


def test_json_lists_each_fix_with_applicability_and_edits(runner, tmp_path):
    import json

    doc = tmp_path / "draft.txt"
    source = "Reports of child pornography rose.\nSexting is discussed.\n"
    doc.write_text(source, encoding="utf-8")
    result = run(runner, "--diff", "-f", "json", str(doc), "--no-config")
    [file] = json.loads(result.stdout)["files"]
    safe, unsafe = file["fixes"]
    assert (safe["applicability"], safe["applied"], unsafe["applicability"], unsafe["applied"]) == ("safe", True, "unsafe", False)
    edit = safe["choices"][0]["edit"]
    assert source[edit["start"] : edit["end"]] == "child pornography" and edit["text"] == "child sexual abuse material"
    assert doc.read_text(encoding="utf-8") == source  # --diff writes nothing


def test_a_symbolic_link_stays_a_link_and_its_target_is_fixed(runner, tmp_path):
    real = tmp_path / "real.md"
    real.write_text("Reports of child pornography rose.\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run(runner, str(link), "--no-config").exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "Reports of child sexual abuse material rose.\n"


@pytest.mark.parametrize(
    ("source", "lang"),
    [
        ("The plan protects every child from use in pornographic performances and material.", "en"),
        ("Le rapport évoque des enfants filmés pour du matériel et spectacle pornographique.", "fr"),
    ],
)
def test_a_term_shared_by_coordinated_words_is_left_to_the_writer(builtin, source, lang):
    # replacing "pornographic performances and material" whole would drop "performances"
    [fix] = plan(builtin, source, lang)
    assert fix.applicability is Applicability.MANUAL
    assert "coordinated" in fix.reason
    assert fixed(builtin, source, lang, unsafe=True) == source
