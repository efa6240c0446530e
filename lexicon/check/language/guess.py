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

from lexicon.check.match.scan import PythonBudget, hyperscan_module
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


ASCII_WORD = re.compile(rb"[a-z]+")
_LEADS: dict[tuple[str, ...], str] = {}  # per set of languages: the last verdict of `_leader_hints`
_BUDGET = PythonBudget()


def _leader_hints(text: str, languages: tuple[str, ...], min_hits: int) -> Counter[str] | None:
    """`hints` for `guess`, on an ASCII text with Hyperscan (None where it does not apply:
    the caller counts with `hints`). The counts are `hints`' own, except that the likely
    leader's count may stop early, once it is at least `min_hits` and twice every other
    language's (exact) count: then it leads, and clearly, whatever the rest of the text
    holds, so `guess` decides as it would on the full counts.

    Two scans of the text's words (the ASCII letters, lowered; words split as `hints`
    splits them): first the common words of the other languages (a word the leader shares
    with another counts for both), then the leader's own words, which are most of the hits
    in a text in that language, until it clearly leads. The leader tried is the language
    of the last text (documents of a folder mostly share one); the counts are exact
    whichever it is."""
    if not text.isascii() or _BUDGET.python(len(text)):
        return None
    lead = _LEADS.get(languages, languages[0])
    scans = _lead_scans(registry(), languages, lead)
    if scans is None:
        return None
    others, own, members = scans
    data = b" " + text.encode("ascii").translate(LOWER_NOT_LETTER) + b" "  # a word: " word " (hits may share a space)
    totals = [0] * len(languages)
    if others is not None:
        hits: list[int] = []
        others.scan(data, match_event_handler=lambda i, _s, _e, _f, _c: hits.append(i))
        for i, n in Counter(hits).items():
            for k in members[i]:
                totals[k] += n
    at = languages.index(lead)
    if own is not None:
        rivals = max((n for k, n in enumerate(totals) if k != at), default=0)
        enough = max(min_hits, 2 * rivals, 1)
        count = [totals[at]]

        def on_own(_i: int, _s: int, _e: int, _f: int, _c: object) -> bool:
            count[0] += 1
            return count[0] >= enough  # (True stops the scan: the leader clearly leads)

        if count[0] < enough:
            try:
                own.scan(data, match_event_handler=on_own)
            except hyperscan_module().ScanTerminated:
                pass
        totals[at] = count[0]
    counts: Counter[str] = Counter()
    for code, total in zip(languages, totals, strict=True):
        if total:
            counts[code] = total
    best = max(counts, key=counts.__getitem__, default=None)
    if best is not None and best != lead:
        _LEADS[languages] = best
    return counts


_SCANS: dict[tuple[int, tuple[str, ...], str], tuple[Registry, tuple[Any, Any, list[tuple[int, ...]]] | None]] = {}


def _lead_scans(reg: Registry, languages: tuple[str, ...], lead: str) -> tuple[Any, Any, list[tuple[int, ...]]] | None:
    """The two Hyperscan databases of `_leader_hints` for `lead` (None for either when it
    would hold no word) and, for each word of the first, the indexes of the languages it is
    a common word of; None without Hyperscan."""
    key = (id(reg), languages, lead)
    held = _SCANS.get(key)
    if held is None or held[0] is not reg:  # (the registry is held too, so its id is not reused)
        held = _SCANS[key] = (reg, _compile_lead_scans(_stopwords_of(reg, languages)[0], languages.index(lead)))
        while len(_SCANS) > 64:
            del _SCANS[next(iter(_SCANS))]
    return held[1]


def _compile_lead_scans(sets: tuple[frozenset[bytes], ...], at: int) -> tuple[Any, Any, list[tuple[int, ...]]] | None:
    from lexicon.check.match.scan import compile_cached, hyperscan_available

    if not hyperscan_available():
        return None
    # the words an ASCII text's words can be (lower-case ASCII letters): no other is ever counted there
    sets = tuple(frozenset(w for w in words if ASCII_WORD.fullmatch(w)) for words in sets)
    shared = sorted({w for k, words in enumerate(sets) if k != at for w in words})
    own = sorted(sets[at].difference(shared))
    members = [tuple(k for k, words in enumerate(sets) if w in words) for w in shared]

    def database(name: str, words: list[bytes]) -> Any:
        # " word " as a literal, every byte escaped; the text is lowered already: no flags
        return compile_cached(name, [b" " + b"".join(b"\\x%02x" % c for c in w) + b" " for w in words], [0] * len(words)) if words else None

    try:
        return database("stopwords-others", shared), database("stopwords-own", own), members
    except Exception:  # noqa: BLE001 - Hyperscan refusing after all: `hints` counts
        return None


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
    counts = _leader_hints(sample, languages, min_hits)
    if counts is None:
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
