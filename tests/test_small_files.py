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
