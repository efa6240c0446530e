"""A fixed, generated corpus for checking that speed work changes no finding (issue 15).

Seeded and deterministic: the same call gives the same text on every machine. Prose in the
register of a policy report, with the built-in glossary's terms in every kind of context the
engine tells apart (official titles, named bodies, article headings of a law, a statute's
number line, quotations over several paragraphs, scare quotes, the term discussed as a term,
a data table, elliptical coordination, acronyms, French and Spanish paragraphs, characters
above U+00FF). All sentences are written for this file.
"""

from __future__ import annotations

import random

FILLER = (
    "the agency report policy framework data national review services platform hotline survivors "
    "protection measures guidance public authorities cooperation prevention research evidence annual "
    "government ministry department support response online safeguarding partners training schools "
    "families community legal reform implementation monitoring statistics analysis coordination budget"
).split()

# Passages with glossary terms; each stands in one context (or none).
PASSAGES = (
    "The ministry still uses the phrase child pornography in its annual statistics.",
    "Hotline analysts classified the reports as child sexual abuse material.",
    "The report refers to child abuse material in two chapters.",
    "The Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography entered into force in 2002.",
    "The Special Rapporteur on the sale of children, child prostitution and child pornography presented a report to the Council.",
    'The term "child pornography" is still found in many national laws.',
    "Several laws speak of child pornography and prostitution without defining either.",
    "Officers recorded the case as \u201cself-generated\u201d imagery in the file.",
    "\u201cEvery State shall take measures against child prostitution,\u201d the delegate said.",
    "The committee noted that sextortion cases rose by a third in the period.",
    "The platform reported an increase in sexting among adolescents.",
    "The unit works on the demand for sexual services involving children.",
    "The survey asked about the client of a prostitution network.",
    "CSEC remains a common abbreviation in older reports.",
    "Commercial sexual exploitation of children (CSEC) was the theme of the congress.",
    "Researchers avoided the word paedophile unless quoting a court.",
    "The conference in \u0141\u00f3d\u017a \u2014 attended by 300 delegates \u2014 discussed child sex tourism at length\u2026",
    "Delegates from \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 and \u010cesko compared figures on child prostitutes in care.",
    "The term child prostitution is discussed in the glossary, e.g. in Art. 3 of the annex.",
    "The outreach team used the phrase \u00abchild pornographic\u00bb only when quoting a statute.",
)

# Passages that span several lines: headings, statute titles, tables, quotations.
BLOCKS = (
    "Article 9\n\nOffences concerning child pornography\n\nEach State shall make the conduct an offence under its law.",
    "REPUBLIC ACT NO. 1234\nAn act on the prevention of child pornography and for other purposes",
    "Category                     2022      2023\nchild pornography            1,234     1,456\nsexual extortion               345       412",
    "The witness statement read:\n\n\u201cWe first heard of child prostitution in the district in 2019.\n\n\u201cThe reports came from two schools.\u201d",
    "Le rapport annuel du minist\u00e8re mentionne la pornographie infantile et la prostitution des enfants dans plusieurs r\u00e9gions.",
    "El informe del ministerio describe la pornograf\u00eda infantil como un delito grave y pide datos m\u00e1s precisos.",
    "Les autorit\u00e9s ont signal\u00e9 une hausse de la sextorsion visant des adolescents, selon le rapport.",
    "La fiscal\u00eda registr\u00f3 casos de turismo sexual infantil en tres provincias durante el a\u00f1o.",
)

MARKDOWN_BLOCKS = (
    "> The committee noted that child prostitution remains under-reported in rural areas.",
    "```\nchild pornography appears here only as a code sample\n```",
    "See the [guidance on child pornography](https://example.org/child-pornography) for the agreed terms.",
    "<!-- lexicon-disable-next-line -->\nThe archived title kept the phrase child pornography for reference.",
    "The `child prostitution` label is an old database field.",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def corpus(size: int, seed: int = 15, *, markdown: bool = False) -> str:
    """About `size` characters of paragraphs, roughly one passage with terms per 600."""
    rng = random.Random(seed)
    blocks = BLOCKS + (MARKDOWN_BLOCKS if markdown else ())
    parts: list[str] = []
    written = 0
    while written < size:
        roll = rng.random()
        if roll < 0.15:
            para = rng.choice(blocks)
        else:
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 5))]
            if roll < 0.75:
                sentences.insert(rng.randint(0, len(sentences)), rng.choice(PASSAGES))
            para = " ".join(sentences)
        parts.append(para)
        written += len(para) + 2
    return "\n\n".join(parts) + "\n"
