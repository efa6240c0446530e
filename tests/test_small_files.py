"""Many small files (issue 15): the per-file shortcuts give exactly what the plain
expressions gave (language hints, reading, walking, the legal-document test)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from lexicon.check.language.guess import WORD, hints
from lexicon.languages import registry

LANGS = ("en", "fr", "es", "de")


def plain_hints(text: str, languages: tuple[str, ...]) -> Counter[str]:
    """The definition: every WORD of the lower-cased text that is a language's common word."""
    words = Counter(WORD.findall(text.lower()))
    out: Counter[str] = Counter()
    for code in languages:
        total = sum(n for word, n in words.items() if word in registry().get(code).stopwords)
        if total:
            out[code] = total
    return out


def test_common_words_are_counted_through_punctuation_digits_and_typographic_marks() -> None:
    text = "L’enfant est là, où l'école (2024) a été fermée; les élèves—et leurs parents—sont partis."
    assert hints(text, LANGS) == plain_hints(text, LANGS)
    assert hints(text, LANGS)["fr"] >= 3  # est, les, et: found next to ’ — and ;
    spanish = "¿Más niños? El informe de 2023, con «datos» del ministerio y las escuelas."
    assert hints(spanish, LANGS) == plain_hints(spanish, LANGS)
    assert hints(spanish, LANGS).most_common(1)[0][0] == "es"


def test_words_glued_to_digits_or_underscores_and_unicode_spaces_are_split_as_before() -> None:
    text = "The2 reports_of the\u00a0agency and\u2003the 3rd review of THE plan İs"
    assert hints(text, LANGS) == plain_hints(text, LANGS)
    assert hints(text, LANGS)["en"] == 7  # digits and underscores end a word: "The2" and "reports_of" hold one each
    assert hints("the2 the_the", ("en", "fr")) == Counter({"en": 3})


def test_a_lone_surrogate_does_not_break_the_count() -> None:
    text = "the report \ud800 of the agency"
    assert hints(text, LANGS) == plain_hints(text, LANGS) == Counter({"en": 3})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["the", "of", "and", "les", "et", "la", "más", "für", "die", "THE", "Ét", "l’", "d'", "el"]),
            st.text(alphabet=st.sampled_from("ab é_1.,;’—\u00a0\n\t-İßẞ\u0307"), max_size=4),
        ),
        max_size=30,
    )
)
def test_hints_equal_the_expression_on_any_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert hints(text, LANGS) == plain_hints(text, LANGS)


def test_markdown_links_and_addresses_are_blanked_as_before() -> None:
    from lexicon.readers import markdown

    note = (
        "The report (see https://example.org/report?id=1) and WWW.Example.org/a, ftp://files.example.org,\n"
        "<mailto:office@example.org> and <em>the annex</em> at HTTPS://example.org/x are cited.\n"
    )
    masked = markdown.mask(note)
    assert len(masked) == len(note) and masked.count("\n") == 2
    for address in ("https://example.org/report?id=1", "WWW.Example.org/a,", "ftp://files.example.org,", "HTTPS://example.org/x"):
        assert address not in masked and " " * len(address) in masked
    assert "The report (see" in masked and "are cited." in masked


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["http://", "HTTPS://", "ftp://", "www.", "WwW.", "<", ">", "://", "a:b", "(", "]", "İ", "ſ", "x.org/p"]),
            st.text(alphabet=st.sampled_from("ahtpsw.:/<> \n\t(]xéK"), max_size=5),
        ),
        max_size=25,
    )
)
def test_url_blanking_equals_the_expression_on_any_text(pieces: list[str]) -> None:
    from lexicon.readers import markdown

    text = "".join(pieces)
    assert markdown.blank_spans(text, markdown.url_matches(text)) == markdown.URL.sub(markdown._blank, text)


def plain_legal_document(text: str) -> bool:
    """The legal-document test as it was written first: each expression over every character."""
    from lexicon.check.context.classify import BLANK_LINE, ENUMERATED_LINE, LEGAL_SAMPLE, context_cues

    text = text[:LEGAL_SAMPLE]
    lines = text.count("\n") + 1 - len(BLANK_LINE.findall(text))
    if lines <= 0:
        return False
    structure = len(context_cues().legal_line.findall(text)) + len(ENUMERATED_LINE.findall(text))
    if structure < 5 or structure / lines < 0.14:
        return False
    return len(context_cues().operative.findall(text)) * 10_000 / max(len(text), 1) >= 2


STATUTE = (
    "Article 1\nFor the purposes of this Convention:\n(a) a child shall be any person under 18;\n"
    "(b) States Parties shall take the necessary measures.\n\nArticle 2\n1) Each Party shall adopt measures.\n"
    "2) Each Party shall ensure that offences are punishable.\n  \r\nArticle 3\nb. The Parties shall cooperate.\n"
)


def test_a_statute_is_a_legal_document_and_a_report_is_not() -> None:
    from lexicon.check.context.classify import legal_document

    assert legal_document(STATUTE) and plain_legal_document(STATUTE)
    report = "The national report reviews the protection of children online.\n\nIt quotes Article 3 once.\n"
    assert not legal_document(report) and not plain_legal_document(report)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["\n", "\n\n", " \t\r\n", "Article 5", "ARTICLE IV ", "art. 3", "§ 2", "(a) ", "1) ", "b. ", "iv) ", "_(c)_"]),
            st.sampled_from(["shall ", "States Parties ", "est puni ", "será reprimido ", "Section\n7", "--\n", "\r", "\t"]),
            st.text(alphabet=st.sampled_from("aA1(). \n\t_-§IVXv"), max_size=6),
        ),
        max_size=40,
    )
)
def test_the_legal_document_test_equals_the_plain_expressions(pieces: list[str]) -> None:
    from lexicon.check.context.classify import BLANK_LINE, ENUMERATED_LINE, context_cues, count_lines, legal_document

    text = "".join(pieces)
    assert legal_document(text) == plain_legal_document(text)
    for pattern in (BLANK_LINE, ENUMERATED_LINE, context_cues().legal_line):
        assert count_lines(pattern, text) == len(pattern.findall(text))


def test_a_walk_finds_the_same_files_as_paths_joined_one_by_one(tmp_path, monkeypatch) -> None:
    import os
    from pathlib import Path

    from lexicon.discover import _child_maker, _suffix, discover

    names = ["a.md", "b.TXT", ".txt", "c.", "d.tar.md", "e.htm", "f.pdf", "g", "h.txt.bak", "i j.markdown", "ü.text"]
    for folder in ("", "sub", "sub/deeper", "node_modules"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (tmp_path / folder / name).write_text("The national report.\n")
    for name in names:
        assert _suffix(name) == Path(name).suffix.lower()
        assert _child_maker(tmp_path)(name) == tmp_path / name and str(_child_maker(tmp_path)(name)) == str(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert str(_child_maker(Path("."))("a.md")) == "a.md"
    found = discover([Path(".")])
    expected = sorted(
        (
            Path(folder) / name
            for folder in ("", "sub", "sub/deeper")
            for name in ("a.md", "b.TXT", "d.tar.md", "e.htm", "f.pdf", "i j.markdown", "ü.text")
        ),
        key=lambda p: p.as_posix(),
    )
    assert found == expected and [str(p) for p in found] == [str(p) for p in expected]
    assert discover([tmp_path / "sub"], ["deeper/"]) == sorted(
        tmp_path / "sub" / n for n in ("a.md", "b.TXT", "d.tar.md", "e.htm", "f.pdf", "i j.markdown", "ü.text")
    )
    assert os.path.exists(found[0])


def test_chunks_hand_out_every_file_once_in_order_and_end_small() -> None:
    from lexicon.check.batch import _chunks

    for count, size, tail in [(10_000, 16, 24), (100, 16, 24), (33, 16, 2), (10, 16, 24), (5, 1, 8), (0, 4, 8)]:
        files = [f"note{i:05}.md" for i in range(count)]
        chunks = _chunks(files, size, tail=tail)  # type: ignore[arg-type]
        assert [f for chunk in chunks for f in chunk] == files and all(chunks)
        assert all(len(chunk) <= max(1, size // 4) for chunk in chunks[-tail:])  # the last ones end close together


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("THE Of aNd LES Et La DIE für\u212a.,;_1\n"), max_size=60))
def test_hints_on_ascii_and_upper_case_text_equal_the_expression(text: str) -> None:
    """An all-ASCII text is lowered by the translation that splits it; the Kelvin sign
    lowers to an ASCII k and still counts as the expression counts it."""
    assert hints(text, LANGS) == plain_hints(text, LANGS)


def test_upper_case_common_words_count_as_lower_case_ones() -> None:
    assert hints("THE REPORT OF THE AGENCY AND ITS PARTNERS", LANGS)["en"] == 4


def plain_mask(source: str) -> str:
    """Markdown blanking as first written: each expression over the whole text, unscreened."""
    from lexicon.readers import markdown as md

    text = source
    for pattern in (md.FRONT_MATTER, md.FENCE, md.COMMENT, md.REFERENCE_DEF, md.LINK_TARGET):
        text = pattern.sub(md._blank, text)
    text = md._blank_code_spans(text)
    text = md.URL.sub(md._blank, text)
    return md.HTML_TAG.sub(md._blank, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["---\n", "+++\n", "```\n", "~~~\n", "<!-- note -->", "[a]: x", "[a](b)", "](", "]:", "<em>", "www.", "W.", "://"]
            ),
            st.text(alphabet=st.sampled_from("-+`~<!]:(/wW. \nab"), max_size=5),
        ),
        max_size=25,
    )
)
def test_markdown_masking_equals_the_unscreened_expressions(pieces: list[str]) -> None:
    """Each expression is skipped when a character its matches need is absent: the
    masked text is the one the expressions give on their own."""
    from lexicon.readers import markdown

    text = "".join(pieces)
    assert markdown.mask(text) == plain_mask(text)


def test_a_note_without_markup_is_left_as_written_and_one_with_a_link_target_is_blanked() -> None:
    from lexicon.readers import markdown

    prose = "The agency reviewed twelve reports in 2023 - a rise on the year before.\n"
    assert markdown.mask(prose) == prose
    linked = "See [the review](https://example.org/review) of the hotline.\n"
    assert "example.org" not in markdown.mask(linked) and "the review" in markdown.mask(linked)


def test_a_note_without_any_term_costs_no_context_work(monkeypatch) -> None:
    """A document with no match is read, scanned and given its language; its context (the
    legal-document test, the title index) is never worked out."""
    from lexicon.check.context import classify
    from lexicon.check.pipeline import Linter, check_text
    from lexicon.glossary import load_glossary

    glossary = load_glossary()
    Linter(glossary)  # (built before the context preparation is taken away)

    def refuse(*_args, **_kwargs):
        raise AssertionError("the context of a document without matches was prepared")

    monkeypatch.setattr(classify.DocContext, "prepare", refuse)
    result = check_text("The ministry published its annual report on school safety and the budget for the year.\n", glossary)
    assert result.findings == () and result.lang == "en"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \n\t\u00a0\r"), max_size=40),
    st.lists(st.integers(min_value=0, max_value=45), max_size=12),
)
def test_paragraph_ends_equal_those_of_every_break_found_at_once(text: str, picks: list[int]) -> None:
    """A few match starts each look for the next blank line; the ends are those the list of
    every blank line (as `finditer` gives them) gives, wherever the starts stand."""
    import bisect

    from lexicon.check.match.terms import PARAGRAPH_BREAK, paragraph_ends

    starts = sorted({p for p in picks if p <= len(text)})
    breaks = [m.start() for m in PARAGRAPH_BREAK.finditer(text)]
    expected = [next((b for b in breaks[bisect.bisect_right(breaks, s) :]), len(text)) for s in starts]
    assert paragraph_ends(text, starts) == expected


def test_a_long_run_in_one_process_leaves_nothing_frozen_from_the_collector(tmp_path, monkeypatch) -> None:
    """During a run over much text the collector skips what existed before it (the
    glossary, the databases); afterwards, and when the caller stops early, nothing is
    left frozen (an embedder's garbage from before the run is collected again)."""
    import gc

    from lexicon.check import batch
    from lexicon.check.match import scan
    from lexicon.check.pipeline import Settings
    from tests.conftest import builtin_glossary

    monkeypatch.setattr(scan, "PYTHON_BUDGET", 100)  # as if the files were many
    for i in range(3):
        (tmp_path / f"note{i}.txt").write_text("The agency reviewed child prostitution cases in the region.\n", encoding="utf-8")
    paths = sorted(tmp_path.iterdir())
    frozen = []
    for result in batch.iter_results(paths, builtin_glossary(), Settings(), jobs=1):
        frozen.append(gc.get_freeze_count())
        assert result.error is None and result.findings
    assert min(frozen) > 0 and gc.get_freeze_count() == 0
    run = batch.iter_results(paths, builtin_glossary(), Settings(), jobs=1)
    next(run)
    run.close()
    assert gc.get_freeze_count() == 0


def test_a_file_time_budget_gives_back_the_alarm_handler_it_found() -> None:
    """An embedder's own SIGALRM handler, or the default one, is back after a file's
    budget, whether the run set ours once for all its files or not."""
    import signal

    from lexicon.check.batch import OverBudget, alarm_handler, time_budget

    def mine(_signum: int, _frame: object) -> None:
        pass

    before = signal.signal(signal.SIGALRM, mine)
    try:
        for handler in (mine, signal.SIG_DFL):
            signal.signal(signal.SIGALRM, handler)
            with time_budget(5):
                assert signal.getsignal(signal.SIGALRM) is not handler
            assert signal.getsignal(signal.SIGALRM) == handler
            with alarm_handler(5):
                with time_budget(5):
                    pass
                try:
                    with time_budget(0.01):
                        signal.pause()
                except OverBudget:
                    pass
                else:
                    raise AssertionError("the budget did not end the wait")
            assert signal.getsignal(signal.SIGALRM) == handler
    finally:
        signal.signal(signal.SIGALRM, before)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", " ", "-- ", "« ", "§", "_", "(", "1", "\t", "¿"]),
            st.sampled_from(
                ["Article", "ARTÍCULO", "art.", "Art", "SEC.", "ſection", "Chapter", "TİTLE", "Titre", "Partie", "recital", "§"]
                + ["Kapitel", "Teil", "Abschnitt", "capítulo", "The", "Terms", "Par", "Reports", "Ar", "te", "Sección", ""]
            ),
            st.sampled_from(["", " ", "\n", " \n "]),
            st.sampled_from(["5", "IV", "iv", "x", "", "(a)", "C"]),
            st.sampled_from(["\n", "\n\n", " \r\n", " text\n", ""]),
        ),
        max_size=25,
    )
)
def test_heading_lines_are_counted_behind_the_gate_as_without_it(lines: list[tuple[str, ...]]) -> None:
    """The look-ahead on how a heading word starts only rules out lines the expression would
    not match: the count of heading lines is the expression's own, whatever the case."""
    from lexicon.check.context.classify import context_cues, count_lines

    text = "".join("".join(line) for line in lines)
    cues = context_cues()
    assert count_lines(cues.legal_line, text, cues.legal_lines) == len(cues.legal_line.findall(text))


def test_the_gate_is_left_out_unless_every_heading_word_is_plain_text() -> None:
    from lexicon.check.context.classify import _starts_gate

    assert _starts_gate(("Art\\.", "§", "section")) == r"(?=\W*(?:Ar|se|§))"
    assert _starts_gate(("secci[oó]n", "article")) == ""
    assert _starts_gate(()) == ""
