"""Which language a document, or one block of it, is written in.

Two steps, both driven by the language registry (terms/languages/*.yaml):
1. hints: count each language's very common words (`detect.stopwords`); a language that has
   at least `min_hits` of them and twice the runner-up wins at once (cheap; most blocks of
   a long document end here);
2. otherwise a statistical detector made for short text (lingua, low-accuracy mode, limited
   to the registry's languages, loaded on first use only) decides when it is confident.
Still undecided -> None: the caller checks the text against every language's terms.
Explicit markup (HTML lang, front matter, Word's language, --lang) always wins over both.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from lexicon.languages import Registry, registry

WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 20_000
CONFIDENCE = 0.6  # the detector's probability below which a guess counts as uncertain


def hints(text: str, languages: tuple[str, ...]) -> Counter[str]:
    """How many words of `text` are each language's common words (every occurrence counts):
    each distinct word is looked up once, not each occurrence in each language.

    The words are those of WORD in the lower-cased text, found on its UTF-8 bytes (about
    three times faster than the expression on the text): every ASCII byte that is not a
    letter separates words as WORD's separators do, so `split` gives the words directly;
    a token holding other bytes (accents, typographic marks) is split by WORD itself."""
    sets, wanted = _stopwords_of(registry(), languages)
    found = _word_counts(text, wanted)
    counts: Counter[str] = Counter()
    for code, words in zip(languages, sets, strict=True):
        total = sum(found[word] for word in words.intersection(found))
        if total:
            counts[code] = total
    return counts


NOT_LETTER = bytes(b if 65 <= b <= 90 or 97 <= b <= 122 or b >= 128 else 32 for b in range(256))  # ASCII non-letters -> space
LOWER_NOT_LETTER = NOT_LETTER.lower()  # the same, upper-case ASCII letters lowered (str.lower on an ASCII text)
_STOPWORDS: dict[tuple[int, tuple[str, ...]], tuple[Registry, tuple[tuple[frozenset[bytes], ...], frozenset[bytes]]]] = {}


def _stopwords_of(reg: Registry, languages: tuple[str, ...]) -> tuple[tuple[frozenset[bytes], ...], frozenset[bytes]]:
    """`_encoded` for the registry's `languages`, looked up by their codes (gathering and
    hashing the word sets on every call cost as much as reading a short page's words)."""
    held = _STOPWORDS.get((id(reg), languages))
    if held is None or held[0] is not reg:  # the registry is held too, so its id is not reused
        held = _STOPWORDS[(id(reg), languages)] = (reg, _encoded(tuple(reg.get(code).stopwords for code in languages)))
        while len(_STOPWORDS) > 64:
            del _STOPWORDS[next(iter(_STOPWORDS))]
    return held[1]


@lru_cache(maxsize=64)
def _encoded(stopwords: tuple[frozenset[str], ...]) -> tuple[tuple[frozenset[bytes], ...], frozenset[bytes]]:
    """Each language's common words as UTF-8, and all of them (worked out once per run)."""
    sets = tuple(frozenset(w.encode("utf-8", "surrogatepass") for w in words) for words in stopwords)
    return sets, frozenset().union(*sets)


def _word_counts(text: str, wanted: frozenset[bytes]) -> Counter[bytes]:
    """The number of times each word of WORD in `text` lower-cased occurs, as UTF-8 bytes
    (an all-ASCII text: only the `wanted` words, the only ones asked for; lowered by the
    same translation that separates its words)."""
    if text.isascii():  # every token is a word of ASCII letters
        return Counter(filter(wanted.__contains__, text.encode("ascii").translate(LOWER_NOT_LETTER).split()))
    data = text.lower().encode("utf-8", "surrogatepass").translate(NOT_LETTER)
    if data.isascii():  # (lower-casing can make ASCII: the Kelvin sign)
        return Counter(filter(wanted.__contains__, data.split()))
    found = Counter(data.split())
    for token in [t for t in found if not t.isalpha()]:  # (bytes.isalpha: ASCII letters only)
        n = found.pop(token)
        for word in WORD.findall(token.decode("utf-8", "surrogatepass")):
            found[word.encode("utf-8", "surrogatepass")] += n
    return found


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]) -> tuple[Any, dict[Any, str]] | None:
    """lingua's detector for the registry languages (None when lingua is not installed)."""
    try:
        from lingua import Language as LinguaLanguage
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    names: dict[Any, str] = {}
    for code in languages:
        name = registry().get(code).detector_name
        value = getattr(LinguaLanguage, name, None) if name else None
        if value is not None:
            names[value] = code
    if len(names) < 2:
        return None
    detector = LanguageDetectorBuilder.from_languages(*names).with_low_accuracy_mode().build()
    return detector, names


def guess(text: str, languages: tuple[str, ...], *, min_hits: int = 5, detector: bool = True) -> str | None:
    """The language of `text` among `languages`, or None when it cannot be told
    (`detector` False: from the hints alone, without loading the detector)."""
    if len(languages) == 1:
        return languages[0]
    sample = text[:SAMPLE]
    counts = hints(sample, languages)
    ranked = counts.most_common(2)
    if ranked:
        best, hits = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if hits >= min_hits and hits >= 2 * runner_up:
            return best
    if not detector or not WORD.search(sample):
        return None
    found = _detector(tuple(sorted(languages)))
    if found is None:
        return _fallback(ranked)
    model, names = found
    values = model.compute_language_confidence_values(sample)
    if not values:
        return None
    top = values[0]
    return names.get(top.language) if top.value >= CONFIDENCE else None


def _fallback(ranked: list[tuple[str, int]]) -> str | None:
    """Without the detector: the hints' leader if it clearly leads, else undecided."""
    if not ranked:
        return None
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if hits >= 2 and hits > 1.5 * runner_up else None
