"""Every option with a closed set of values or a range rejects a bad value before any work:
exit 2 and one line on stderr naming the option and what it accepts. Concept ids named in
--ignore, --severity or the configuration must exist (with a did-you-mean)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexicon.cli import app

DRAFT = "The report counts cases of child pornography and of child prostitution in 2024.\n"

# (arguments, the option named in the message, a word of what it accepts)
BAD_VALUES = [
    (["check", "--format", "xml"], "'--format'", "'sarif'"),
    (["check", "-f", "xml"], "'--format'", "'json'"),
    (["check", "--fail-on", "bogus"], "'--fail-on'", "'never'"),
    (["check", "--quoted", "error"], "'--quoted'", "'info'"),
    (["check", "--profile", "strict"], "'--profile'", "'legal'"),
    (["check", "--stdin-format", "foo"], "'--stdin-format'", "'markdown'"),
    (["check", "--lang", "xx"], "'--lang'", "'fr'"),
    (["check", "-l", "english"], "'--lang'", "'en'"),
    (["check", "--source-lang", "xx", "--source", "orig.txt"], "'--source-lang'", "'es'"),
    (["check", "--jobs", "-1"], "'--jobs'", "0<=x<=1024"),
    (["check", "-j", "many"], "'--jobs'", "not a valid int"),
    (["check", "--max-size", "-5"], "'--max-size'", "1<=x<=4096"),
    (["check", "--max-size", "0"], "'--max-size'", "1<=x<=4096"),
    (["check", "--timeout", "-1"], "'--timeout'", "0<=x<=86400"),
    (["define", "csam", "--format", "xml"], "'--format'", "'json'"),
    (["define", "csam", "--lang", "xx"], "'--lang'", "'de'"),
    (["define", "csam", "--source-lang", "xx"], "'--source-lang'", "'en'"),
    (["terms", "--status", "bogus"], "'--status'", "'avoid'"),
    (["terms", "--lang", "xx"], "'--lang'", "'en'"),
    (["glossary", "stats", "-f", "xml"], "'--format'", "'json'"),
    (["export", "--format", "xml"], "'--format'", "'tbx'"),
    (["export", "--tbx-version", "4"], "'--tbx-version'", "2<=x<=3"),
    (["config", "-f", "yaml"], "'--format'", "'json'"),
    (["fix", "-f", "xml"], "'--format'", "'json'"),
    (["fix", "--profile", "strict"], "'--profile'", "'legal'"),
    (["fix", "--lang", "xx"], "'--lang'", "'fr'"),
    (["audit", "--engine", "spark", "-o", "out"], "'--engine'", "'dask'"),
    (["audit", "--jobs", "-2", "-o", "out"], "'--jobs'", "0<=x<=1024"),
    (["audit", "--max-size", "0", "-o", "out"], "'--max-size'", "1<=x<=4096"),
    (["review", "--lang", "xx"], "'--lang'", "'en'"),
]


@pytest.mark.parametrize(("args", "option", "allowed"), BAD_VALUES, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_a_bad_value_is_one_line_naming_the_option_and_exit_2(runner, tmp_path, monkeypatch, args, option, allowed):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    needs_path = args[0] in ("check", "fix", "audit", "review")
    result = runner.invoke(app, [*args, *(["draft.txt"] if needs_path else [])])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lexicon: ") and option in lines[0] and allowed in lines[0]
    assert result.stdout == ""  # nothing was checked, exported or written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


def test_an_unknown_option_is_one_line_with_where_to_find_help(runner, tmp_path):
    result = runner.invoke(app, ["check", "--formats", "json", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "lexicon: No such option: --formats (Possible options: --format, --stdin-format) (see 'lexicon check -h')"
    ]


def test_good_values_still_work(runner, tmp_path):
    doc = tmp_path / "draft.md"
    doc.write_text(DRAFT, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "check",
            "-f",
            "json",
            "-l",
            "en",
            "--fail-on",
            "never",
            "--quoted",
            "info",
            "--profile",
            "legal",
            "-j",
            "1",
            "--max-size",
            "1",
            "--timeout",
            "0",
            str(doc),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["lang"] == "en"
    piped = runner.invoke(app, ["check", "--stdin-format", "md", "-"], input=DRAFT)
    assert piped.exit_code == 1 and "child pornography" in piped.stdout.lower()


def _check(runner, tmp_path, *flags):
    doc = tmp_path / "draft.txt"
    doc.write_text(DRAFT, encoding="utf-8")
    return runner.invoke(app, ["check", "--no-config", "-f", "json", *flags, str(doc)])


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (
            ["--ignore", "child-prostitushun"],
            "lexicon: --ignore: unknown concept id 'child-prostitushun' (did you mean 'child-prostitution'?)",
        ),
        (["--ignore", "victm"], "lexicon: --ignore: unknown concept id 'victm' (did you mean 'victim'?)"),
        (["--ignore", "mixed-term"], "lexicon: --ignore: unknown concept id 'mixed-term' (did you mean 'mixed-terms'?)"),
        (["--ignore", "qqqq-zzzz"], "lexicon: --ignore: unknown concept id 'qqqq-zzzz' (`lexicon terms` lists the concept ids)"),
        (["--severity", "victm=info"], "lexicon: --severity: unknown concept id 'victm' (did you mean 'victim'?)"),
        # a term where an id belongs: the suggestion is the term's concept
        (
            ["--severity", "child-pornography=info"],
            "lexicon: --severity: unknown concept id 'child-pornography' (did you mean 'child-sexual-abuse-material'?)",
        ),
    ],
)
def test_an_unknown_concept_id_is_a_usage_error_with_a_did_you_mean(runner, tmp_path, flags, line):
    result = _check(runner, tmp_path, *flags)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""


def _concepts(result):
    return {f["concept"] for f in json.loads(result.stdout)["files"][0]["findings"]}


def test_ignore_takes_ids_rule_names_phrases_and_hyphenated_terms(runner, tmp_path):
    everything = _concepts(_check(runner, tmp_path))
    assert "child-sexual-abuse-material" in everything
    by_id = _check(runner, tmp_path, "--ignore", "child-sexual-abuse-material")
    assert by_id.exit_code in (0, 1) and "child-sexual-abuse-material" not in _concepts(by_id)
    # a phrase (it has a space, or a capital) is never rejected, whatever it is
    for phrase in ("Child Pornography", "a phrase nobody wrote", "Übung"):
        result = _check(runner, tmp_path, "--ignore", phrase)
        assert result.exit_code in (0, 1) and result.stderr == "", phrase
    assert "child-sexual-abuse-material" not in _concepts(_check(runner, tmp_path, "--ignore", "Child Pornography"))
    # a term written as one hyphenated word is a phrase too (how "child-pornography" in a text is ignored)
    assert _check(runner, tmp_path, "--ignore", "child-pornography").stderr == ""
    # a rule name switches the whole rule off
    rules = {f["rule"] for f in json.loads(_check(runner, tmp_path, "--ignore", "avoid-term").stdout)["files"][0]["findings"]}
    assert "avoid-term" not in rules


def test_an_unknown_id_in_the_configuration_names_the_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    config = tmp_path / ".lexicon.yaml"
    config.write_text("ignore: [child-prostitushun]\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "draft.txt"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"lexicon: 'ignore' in {config}: unknown concept id 'child-prostitushun' (did you mean 'child-prostitution'?)"
    ]
    config.write_text("severity:\n  victm: info\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "draft.txt"])
    assert result.stderr.splitlines() == [f"lexicon: 'severity' in {config}: unknown concept id 'victm' (did you mean 'victim'?)"]
    assert result.exit_code == 2


def test_a_concept_of_an_extra_glossary_is_known(runner, tmp_path):
    extra = tmp_path / "house.yaml"
    extra.write_text(
        "section:\n  id: house\n  title: House terms\nconcepts:\n  - id: house-term\n"
        "    definition: A term the organisation agreed on for its own reports.\n    sources:\n      - title: House style guide\n"
        "    terms:\n      en:\n        - term: data subject\n          status: preferred\n",
        encoding="utf-8",
    )
    result = _check(runner, tmp_path, "-g", str(extra), "--ignore", "house-term", "--severity", "house-term=info")
    assert result.stderr == "" and result.exit_code in (0, 1)


def test_an_inline_comment_naming_no_concept_is_reported_with_file_and_line(runner, tmp_path):
    doc = tmp_path / "annex.md"
    doc.write_text(
        "Annex B.\n\n<!-- lexicon-disable-next-line victm -->\nThe 2015 form on child pornography is reproduced.\n\n"
        "<!-- lexicon-disable-next-line avoid-term child-sexual-abuse-material -->\nThe 2014 form on child pornography too.\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.md"
    other.write_text("Cases of child pornography rose.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--no-config", "-f", "json", str(doc), str(other)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"lexicon: {doc}:3: unknown concept id 'victm' in a lexicon-disable comment (did you mean 'victim'?)"
    ]
    report = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    # the misspelt comment switches nothing off; the good one (a rule name and an id) still does
    assert [f["start"]["line"] for f in files["annex.md"]["findings"] if f["rule"] == "avoid-term"] == [4]
    assert report["summary"]["suppressed"] == 1 and files["other.md"]["findings"]  # the other file is still checked


def test_comments_naming_known_concepts_and_rules_exit_as_usual(runner, tmp_path):
    doc = tmp_path / "annex.html"
    doc.write_text(
        "<p>Intro.</p>\n<!-- lexicon-disable mixed-terms child-sexual-abuse-material -->\n<p>The old form on child pornography.</p>\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--no-config", str(doc)])
    assert result.exit_code == 0 and result.stderr == ""


def test_the_reader_gives_each_named_id_with_its_line():
    from lexicon.readers.markdown import directive_names

    source = (
        "<!-- lexicon-disable a-one b-two -->\nText.\n<!-- lexicon-enable -->\n\n"
        "<!-- lexicon-disable-next-line c-three -->\nMore text.\n<!-- lexicon-disable -->\n"
    )
    assert directive_names(source) == ((1, "a-one"), (1, "b-two"), (5, "c-three"))
