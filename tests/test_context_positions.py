"""What the context finder works out once per text (positions of cue words, article heading
lines, whether the text has quotation marks) gives the same answers as the searches per
match it spares. Every sentence here is written for these tests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from lexicon.check.context import classify as c
from lexicon.check.match import scan

PARAGRAPHS = (
    "The terms used in the report, namely child prostitution and child pornography, are outdated.",
    "Article 4.\n\nThe State shall protect every child from sexual exploitation.",
    "ARTÍCULO 12.-\n\nEl Estado protegerá a los niños frente a la explotación sexual infantil.",
    "The Coalition against child sexual exploitation published its annual review.",
    "The mandate on the sale of children, child prostitution and child pornography was renewed.",
    "The study follows the terminology of the Luxembourg Guidelines in every chapter.",
    "Les TERMES employés, à savoir la prostitution infantile, sont critiqués.",
    "Section II\nScope\n\nThe regulation applies to providers of hosting services in the Union.",
    "The hotline recorded more reports of child sexual abuse material than in the previous year.",
)


@pytest.fixture
def long_text() -> str:
    """The paragraphs repeated until the text is long enough for the databases."""
    filler = "The ministry published guidance for schools in three languages. " * 12  # farther than any cue reaches
    text = "\n\n".join(p + "\n\n" + filler for p in PARAGRAPHS)
    return "\n\n".join([text] * (scan.PYTHON_TEXT // len(text) + 2))


def starts_of(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"child|prostitu|niños", text)]


def test_term_words_found_once_give_the_per_match_answer(long_text: str) -> None:
    words = c.term_word_positions(long_text)
    if words is None:
        pytest.skip("no Hyperscan")
    starts = starts_of(long_text)
    answers = [c._term_word_before(long_text, s, words) for s in starts]
    assert answers == [c._term_word_before(long_text, s) for s in starts]
    assert any(answers) and not all(answers)  # "The terms used ... namely" counts, "terminology" does not


def test_a_term_word_that_runs_into_the_match_is_still_seen() -> None:
    text = "x" * 30 + " the terms" + "child prostitution"  # no space: the window's end is a word boundary, the text has none
    start = text.index("child")
    assert c._term_word_before(text, start, []) == c._term_word_before(text, start) is True


def test_cue_positions_in_one_pass_are_those_of_each_search(long_text: str) -> None:
    together = c.cue_positions(long_text)
    if together is None:
        pytest.skip("no Hyperscan")
    assert together == (
        c.legal_cue_positions(long_text),
        c.word_positions("cue-words", c.CUE_WORDS, long_text),
        c.term_word_positions(long_text),
    )
    assert all(together)  # each kind of cue is in the paragraphs


def test_heading_lines_found_once_give_the_walk_up_answer(long_text: str) -> None:
    headings = c.heading_line_starts(long_text)
    assert headings  # "Article 4.", "ARTÍCULO 12.-", "Section II"
    line_starts = [0] + [m.end() for m in re.finditer("\n", long_text)]
    answers = [c.under_article_heading(long_text, lo, headings) for lo in line_starts]
    assert answers == [c.under_article_heading(long_text, lo) for lo in line_starts]
    assert any(answers)


def test_a_long_paragraph_padded_with_spaces_can_still_be_a_heading() -> None:
    text = "Article 7." + " " * 120 + "\nThe provider shall remove the material without delay."
    assert c.heading_line_starts(text) == [0]
    assert c.under_article_heading(text, text.index("The provider"), [0])


def test_named_body_without_a_cue_nearby_is_decided_without_the_sentence() -> None:
    for text in PARAGRAPHS:
        for start in starts_of(text):
            end = start + 5
            window = text[max(0, start - 110) : start]
            cue = c.context_cues().name_heads.search(window) or c.context_cues().title_before.search(window)
            if not cue:
                assert not c.named_body(text, start, end)
    body = PARAGRAPHS[3]
    assert c.named_body(body, body.index("child"), body.index("child") + 5)  # "Coalition against ..."


def test_a_text_without_quotation_marks_has_no_quoted_match() -> None:
    plain = PARAGRAPHS[8]
    assert not c.has_quote_marks(plain)
    assert c.has_quote_marks('The report calls it "child pornography".')
    assert c.has_quote_marks("Le rapport parle de « prostitution infantile ».")
    start = plain.index("child")
    assert not c.is_quoted(plain, start, start + len("child sexual abuse material"))


def test_a_legal_definition_cue_is_found_as_the_whole_expression_finds_it() -> None:
    """Without a closing quote mark after the match, the definition cue is looked for by
    the expression's first way only: the answer is the whole expression's at every place."""
    sentences = [
        "In this Act, 'child sexual abuse material' means any material that depicts a child.",
        "For the purposes of this Directive, child pornography shall mean any material defined below.",
        "\u201cChild prostitution\u201d has the meaning given in Article 2.",
        "Le terme \u00ab exploitation sexuelle \u00bb d\u00e9signe toute forme d\u2019abus.",
        "The report says child pornography remains a common term in older laws.",
        'The law uses "child pornography"; it means the material is illegal.',
        'In the old statute, "child pornography (in its 1999 wording)" means any visual depiction.',
    ]
    full = c.context_cues().legal_definition
    found = agreeing_everywhere(
        [*sentences, *PARAGRAPHS], lambda text, end: full.match(text, end, min(len(text), end + 40)) is not None, c.legal_definition_after
    )
    assert found >= 4


def agreeing_everywhere(texts: list[str], whole: Callable[[str, int], bool], quick: Callable[[str, int], bool], *, stride: int = 1) -> int:
    """Asserts the quick test gives the whole one's answer at every place of every text
    (with `stride`, at every place near a line start, where a line-walking answer can
    change, and at every `stride`-th place elsewhere); returns at how many places the
    answer is yes."""
    found = 0
    for text in texts:
        for at in range(len(text) + 1):
            if stride > 1 and at % stride and "\n" not in text[max(0, at - 3) : at + 3]:
                continue
            expected = whole(text, at)
            assert quick(text, at) == expected, (text, at)
            found += expected
    return found


def test_every_character_re_takes_for_a_gated_cue_letter_is_folded_to_it() -> None:
    """Some cues are searched only where their window, folded, holds one of the cue's
    fixed strings (the mention cue before a term, a mandate's title):
    each character re's IGNORECASE takes for a letter of them
    (capitals, the Kelvin sign, the long s, the dotless ı, the dotted İ) folds to it."""
    gates = [c._cue_gate(name) for name in c.GATED_CUES]
    assert all(gates)
    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    for letter in sorted({ch for gate in gates for group in gate or () for word in group for ch in word}):
        for ch in re.findall(f"[{re.escape(letter)}]", every, re.IGNORECASE):
            assert letter in ch.translate(c._RE_FOLDS).casefold(), (letter, ch)


def test_the_mention_cue_before_a_term_is_found_where_the_whole_search_finds_it() -> None:
    sentences = [
        "The so-called child prostitution cases were reviewed by the court.",
        "The report uses the term child pornography in its title.",
        "Ce que l'on appelle la prostitution des enfants reste sous-estim\u00e9.",
        "Lo que se conoce como pornograf\u00eda infantil sigue en la ley.",
        "Die sogenannte Kinderpornografie bleibt im Gesetz.",
        "THE SO-CALLED CHILD PORNOGRAPHY IS STILL IN THE LAW.",
        "Formerly \u212anown as child pornography, the material is now named otherwise.",
        "The de\ufb01nition of child pornography was changed; the def\u0131nition of child prostitution too.",
        "Funding for the programme rose; child pornography cases fell.",
    ]
    assert gated_search_agrees("meta_before", 60, [*sentences, *PARAGRAPHS]) >= 6


def gated_search_agrees(cue: str, reach: int, texts: list[str]) -> int:
    """Asserts the cue searched in the `reach` characters before each place only where its
    gate lets it gives the whole search's answer; returns at how many places it matches."""
    full = getattr(c.context_cues(), cue)

    def whole(text: str, at: int) -> bool:
        return full.search(text, max(0, at - reach), at) is not None

    def gated(text: str, at: int) -> bool:
        return c._may_match(c._cue_gate(cue), text, max(0, at - reach), at) and whole(text, at)

    return agreeing_everywhere(texts, whole, gated)


def test_a_mandate_named_before_a_term_is_found_where_the_whole_search_finds_it() -> None:
    sentences = [
        "The Special Rapporteur holds the mandate on the sale of children, child prostitution and child pornography.",
        "El mandato relativo a la venta de ni\u00f1os, la prostituci\u00f3n infantil y la pornograf\u00eda infantil.",
        "Le mandat sur la vente d'enfants, la prostitution des enfants et la pornographie infantile.",
        "Das Mandat \u00fcber den Verkauf von Kindern, Kinderprostitution und Kinderpornografie.",
        "THE MANDATE ON THE SALE OF CHILDREN AND CHILD PORNOGRAPHY.",
        "The Coalition against child sex tourism met in May.",
        "The budget for child pornography cases was cut.",
    ]
    full = c.context_cues().title_before

    def whole(text: str, start: int) -> bool:
        return full.search(text[max(0, start - 110) : start]) is not None

    def gated(text: str, start: int) -> bool:
        window = text[max(0, start - 110) : start]
        return c._may_match(c._cue_gate("title_before"), window, 0, len(window)) and whole(text, start)

    assert agreeing_everywhere([*sentences, *PARAGRAPHS], whole, gated) >= 10


def test_legal_wording_is_found_where_the_whole_search_finds_it() -> None:
    """A sentence is searched for legal wording only where it holds one of the wording's
    fixed strings, folded: the answer is the whole search's at every place, in capitals, with
    accents and with the characters re's IGNORECASE takes for a letter."""
    sentences = [
        "Each Party shall take the necessary measures to protect children.",
        "WHOEVER DISTRIBUTES CHILD SEXUAL ABUSE MATERIAL IS GUILTY OF AN OFFENCE.",
        "Los Estados Partes adoptar\u00e1n medidas para proteger a los ni\u00f1os.",
        "Quiconque diffuse de tels contenus est puni de cinq ans d'emprisonnement.",
        "Les \u00c9tats parties prot\u00e8gent l'enfant contre toute forme d'exploitation.",
        "Under 18 U.S.C. \u00a7 2256 the material is defined in detail.",
        "Die Vertragsstaaten treffen die erforderlichen Ma\u00dfnahmen.",
        "The \u212aenyan ministry \u017fhall publish its annual review in May.",
        "The ministry published guidance for schools in three languages.",
    ]
    assert gated_search_agrees("legal", 80, [*sentences, *PARAGRAPHS]) >= 30
    plain, law = PARAGRAPHS[8], sentences[0].replace("children", "child sexual abuse material")
    assert not c.is_legal(plain, plain.index("child"), plain.index("child") + 5)
    assert c.is_legal(law, law.index("child"), law.index("child") + 5)


def test_a_term_word_is_found_where_the_whole_search_finds_it() -> None:
    """Before a match in plain ASCII text, the "term" words are tried only where the letters
    stand: the answer is the search's at every place (inside longer words, with digits or an
    underscore around them, in capitals, in French and Spanish spellings)."""
    sentences = [
        "The terms used, namely child prostitution, are outdated.",
        "The long-term plan was determined in 2019; its terminology is new.",
        "THE TERM CHILD PORNOGRAPHY IS STILL IN THE LAW.",
        "Les termes employ\u00e9s, \u00e0 savoir la prostitution infantile, sont critiqu\u00e9s.",
        "Los t\u00e9rminos usados, a saber, pornograf\u00eda infantil, son antiguos.",
        "Field_terms and 2terms and terms_x and xterm and terms2 appear in a table.",
        "A term, a Term, a termes, a TERMINOS.",
    ]

    def whole(text: str, at: int) -> bool:
        return c.TERM_WORD.search(text, max(0, at - c.LOCAL_WINDOW), at) is not None

    assert agreeing_everywhere([*sentences, *PARAGRAPHS], whole, lambda text, at: c._term_word_before(text, at)) >= 100


def test_the_first_paragraphs_under_an_article_heading_are_its_text() -> None:
    """Walking up from a paragraph, long paragraph lines and empty lines are passed over
    without a search: the first three paragraphs under "Article 5." are the article's, the
    next are not, whatever the lines' length, their padding or the blank lines between."""
    long_line = "The provider shall remove reported material without delay and keep a record of each removal."
    short_line = "The provider shall act quickly."
    for para in (long_line, short_line, "  " + long_line, long_line + "  "):
        for gap in ("\n\n", "\n", "\n\t\n\n"):
            text = "Article 5." + gap + gap.join([para] * 5)
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            walked = [c.under_article_heading(text, lo) for lo in starts]
            assert walked == [c.under_article_heading(text, lo, c.heading_line_starts(text)) for lo in starts]
            paragraphs = [m.start() for m in re.finditer(re.escape(para), text)]
            assert [c.under_article_heading(text, lo) for lo in paragraphs] == [True, True, True, False, False], (para, gap)


def test_sentence_starts_found_from_the_end_are_those_of_the_whole_search() -> None:
    """The end of the sentence before a match is looked for from the match backwards, a
    stop mark or line break at a time: at every place of texts with abbreviations, initials,
    quotation marks after a full stop, blank lines holding spaces, runs of three line
    breaks and a colon before a list, it is the last of the matches a search from the
    window's start lists that ends a sentence."""
    texts = [
        "The U.N. report was published. Mr. Smith spoke; the ministry agreed! Did it? Yes.",
        'He said "child pornography." Then the law changed.\n\nArticle 3 follows.',
        "The list:\n\n- first item\n\n\n- second item\n \n\t\nThird paragraph here.",
        "Los Estados Partes (art. 3) adoptarán medidas. Véase p. ej. el informe.\r\n\r\nFin.",
        "Line one\nline two\n\n\n\nafter four breaks.\xa0\n\xa0\nand more» text.» Next.",
        "a.b.c. d. E. f; g! h? i\n\nj\n\n\nk.",
    ]

    def searched(text: str, lo: int, start: int) -> int:
        for m in reversed(list(c.SENTENCE_END.finditer(text, lo, start))):
            if c._ends_sentence(text, m):
                return m.end()
        return -1

    for text in texts:
        for lo in range(len(text) + 1):
            for start in range(lo, len(text) + 1):
                assert c._last_sentence_end(text, lo, start) == searched(text, lo, start), (text, lo, start)


def test_the_word_before_a_full_stop_starts_where_the_letter_by_letter_walk_stops() -> None:
    """Whether a full stop ends a sentence depends on the word before it (an abbreviation,
    an initial, a number). Found from the space before it, at every place of texts with
    accents, digits, underscores, brackets, dotted abbreviations and runs longer than the
    look back, it starts where the walk back over `str.isalnum` letters and stops stops."""
    texts = [
        "The U.N. report was published. Mr. Smith spoke; art. 3 applies. Véase p. ej. el informe.",
        "Der Bericht (Nr. 5) erschien 2023. S. 12 nennt die Zahl. Ende_gut. x.y.z. Ω. ½. (3.5). Fin.",
        "a" * (c.WORD_BACK - 1) + ". " + "b" * c.WORD_BACK + ". " + "c." * c.WORD_BACK + " " + "d" * (3 * c.WORD_BACK) + ".",
        ".Start. Über. É. 東京. ٣. done.  two spaces. \u00a0no-break.",
        "See x." + "a" * (2 * c.WORD_BACK) + ". Next one.",  # a full stop farther back than the look back
    ]

    def walked(text: str, i: int) -> int:
        j = i
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
            j -= 1
        return j

    for text in texts:
        for i in range(len(text) + 1):
            assert c._word_start(text, i) == walked(text, i), (text, i)
    text = texts[-1]
    assert not c._sentence_break(text, text.index(". Next"))  # "x.aaa…" holds a full stop: no sentence ends there


def load_or_skip(find: Callable[[str], object]) -> None:
    """Has `find` scan a long ASCII text, which loads its database (the short texts after
    it then use it, see scan.PythonBudget); skips the test without Hyperscan."""
    if find("The ministry published guidance for schools.\n\n" * (scan.PYTHON_TEXT // 40)) is None:
        pytest.skip("no Hyperscan")


def test_legal_wording_looked_for_where_the_text_holds_its_strings_is_found_as_per_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """In an ASCII text the legal cue's fixed strings are found once (Hyperscan) and a
    sentence is searched only where one of them lies inside it: at every place of texts
    with the strings in capitals, across a sentence's end, at the text's edges, farther
    than a sentence reaches and inside longer words, the answer is that of the test per
    sentence; a text with other characters is tested per sentence."""
    load_or_skip(c.legal_gate_hits)
    far = " The ministry published guidance for schools in three languages." * 12
    texts = [
        "Each Party shall take the necessary measures to protect children from child sexual abuse material.",
        "WHOEVER DISTRIBUTES CHILD SEXUAL ABUSE MATERIAL IS GUILTY OF AN OFFENCE. The ministry agreed.",
        "The Member States agreed. For the purposes of this Directive, child pornography means any material.",
        "Under 18 U.S.C. 2256 and Art. 3 the material is defined. The report was shallow; it was published.",
        "shall" + far + " child pornography" + far + " means",
        "The hotline recorded reports of child sexual abuse material; the State. Parties were told.",
        "Los Estados Partes adoptaran medidas; el presente articulo se entiende en el sentido del inciso.",
        "Each Party shall act" + " and report" * 60 + " on child pornography cases",  # sentences as long as the window
        "Child pornography cases" + " and report" * 60 + " as each Party shall",
    ]
    assert all(c.legal_gate_hits(t) is not None for t in texts)
    assert c.legal_gate_hits("Les \u00c9tats parties prot\u00e8gent l'enfant.") is None  # not ASCII: per sentence

    def per_sentence(text: str, at: int) -> bool:
        with monkeypatch.context() as m:
            m.setattr(c, "legal_gate_hits", lambda _text: None)
            return c.is_legal(text, at, min(len(text), at + 5))

    found = agreeing_everywhere(texts, per_sentence, lambda text, at: c.is_legal(text, at, min(len(text), at + 5)))
    assert found >= 100


def test_the_lines_above_are_walked_only_where_a_heading_match_ends_within_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    """In an ASCII text the ends of the article heading expression's matches at line
    starts are found once (Hyperscan): the lines above a paragraph are walked only where
    one ends within the lines the walk would look at. At every place of texts with
    headings at the start, in capitals, after blank lines of spaces or bullets, with Roman
    numerals, too long to be headings, farther back than the walk goes, the answer is the
    walk's; a text with the control characters Python alone takes for spaces is walked."""
    load_or_skip(c.heading_line_ends)
    far = "The ministry published guidance for schools in three languages.\n\n" * 150  # farther than the walk looks back
    texts = [
        "Article 4.\n\nThe State shall protect every child.\n\nA second paragraph.\n\nA third.\n\nA fourth.",
        "  \n\t\n- SECTION XII\nThe State protects children.\nAnother line.\n\n  \n\n  Chapter 2 -\nIts text.",
        "Article 3 of the law is cited once in this report, which is prose and not a heading at all.\nNext line.",
        "Section II\nScope\n\nThe regulation applies to providers.\n" + far + "Art. 9\nText under it.\nMore text.",
        far + "Title IV:\n\nThe text of the title.",
        "Part 1\n" + "A line of the part that is long enough not to be a heading of any kind.\n" * 4,
    ]
    assert all(c.heading_line_ends(t) is not None for t in texts)
    assert c.heading_line_ends("Article\x1c5\n\nText.") is None  # Python's \s takes \x1c for a space, Hyperscan's does not

    def walked(text: str, at: int) -> bool:
        with monkeypatch.context() as m:
            m.setattr(c, "heading_line_ends", lambda _text: None)
            return c.under_article_heading(text, at)

    # (the walk climbs up to HEADING_LOOKBACK characters from each place: every line start
    # and every 5th place of these long texts keeps the test under a second)
    assert agreeing_everywhere(texts, walked, c.under_article_heading, stride=5) >= 100
    blank = "Article 5\n" + "\n" * (c.HEADING_LOOKBACK - 12) + "Text under it, after blank lines only.\n\nMore."
    places = [*range(0, len(blank), 997), *range(len(blank) - 30, len(blank) + 1)]  # (each walk climbs every blank line)
    answers = [c.under_article_heading(blank, at) for at in places]
    assert answers == [walked(blank, at) for at in places] and any(answers)  # a heading as far back as the walk goes


def test_a_mention_cue_looked_for_where_the_text_holds_its_strings_is_found_as_per_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mention cue before a match ("the so-called", "the term") is searched, in an
    ASCII text, only where one of its fixed strings (found once) lies inside the 60
    characters before the match: at every place of texts with the cue in capitals, cut by
    the window's start, and the strings inside longer words, the answer is the per-window
    test's."""
    load_or_skip(c.mention_gate_hits)
    texts = [
        "The so-called child prostitution cases were reviewed by the court.",
        "The report uses the term child pornography in its title; the wording was kept.",
        "THE SO-CALLED CHILD PORNOGRAPHY IS STILL IN THE LAW, REFERRED TO AS SUCH.",
        "What was formerly known as child pornography is now described otherwise." + " The placement rose." * 5,
        "Funding for the programme rose; child pornography cases fell, as the definition changed.",
        "Material called child sexual abuse material, rather than child pornography, is the preferred expression.",
    ]
    assert all(c.mention_gate_hits(t) is not None for t in texts)

    def per_window(text: str, at: int) -> bool:
        with monkeypatch.context() as m:
            m.setattr(c, "mention_gate_hits", lambda _text: None)
            return c.is_metalinguistic(text, at, min(len(text), at + 5), marks=False)

    found = agreeing_everywhere(texts, per_window, lambda text, at: c.is_metalinguistic(text, at, min(len(text), at + 5), marks=False))
    assert found >= 10
