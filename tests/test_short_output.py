"""Short output: concise lines, each explanation once per file, a summary per file, --quiet,
report to a file, and --diff-base (only lines changed since a git revision)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from lexicon.cli import app
from tests.conftest import TEST_GLOSSARY

REPEATED = (
    "The hotline received reports of child pornography in March.\n"
    "Reports of child pornography rose again in April.\n"
    "The unit also reviewed child pornography seized abroad.\n"
)


def run(runner, *args):
    return runner.invoke(app, ["check", "--no-config", "-g", str(TEST_GLOSSARY), *args])


def test_concise_is_one_line_per_finding_with_place_rule_concept_and_suggestion(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(REPEATED, encoding="utf-8")
    result = run(runner, "-f", "concise", str(doc))
    lines = result.stdout.splitlines()
    assert lines[0] == f'{doc}:1:33: error avoid-term [child-sexual-abuse-material] "child pornography" → child sexual abuse material'
    assert len([line for line in lines if "avoid-term" in line]) == 3
    assert lines[-1].startswith("1 file checked: 3 error(s)")


def test_text_explains_each_term_once_per_file_then_only_the_places(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(REPEATED, encoding="utf-8")
    out = run(runner, str(doc)).stdout
    assert out.count('Avoid "child pornography"') == 1
    assert out.count("→ child sexual abuse material") == 1
    for n, line in enumerate(REPEATED.splitlines()[1:], 2):
        assert f"{doc}:{n}:{line.index('child') + 1} error avoid-term" in out


def test_text_prints_a_summary_line_per_file(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(
        "CSAM is the agreed term. The memo still says child pornography.\n"
        "The title of the Optional Protocol on the sale of children, child prostitution and child pornography is cited.\n",
        encoding="utf-8",
    )
    out = run(runner, str(doc)).stdout
    line = next(x for x in out.splitlines() if x.startswith(f"{doc}: "))
    assert f"{doc}: 1 error, " in line
    assert "hidden info" in line
    assert "agreed terms 50% (1 of 2)" in line


def test_quiet_prints_only_the_summary(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(REPEATED, encoding="utf-8")
    result = run(runner, "-q", str(doc))
    assert result.stdout == "1 file checked: 3 error(s), 0 warning(s); language checked: en\n"
    assert result.exit_code == 1


def test_word_findings_lead_with_the_paragraph_not_extracted_lines(runner, tmp_path):
    from tests.office_fixtures import simple_docx

    word = tmp_path / "memo.docx"
    simple_docx(word, "Intro.", "The memo mentions child pornography.")
    concise = run(runner, "-f", "concise", str(word)).stdout
    assert concise.startswith(f"{word}: (paragraph 2) error avoid-term")
    assert run(runner, str(word)).stdout.startswith(f"{word} (paragraph 2) error avoid-term")


def test_output_file_is_written_and_never_over_a_checked_document(runner, tmp_path):
    doc = tmp_path / "draft.txt"
    doc.write_text(REPEATED, encoding="utf-8")
    report = tmp_path / "report.txt"
    assert run(runner, "-f", "concise", "-o", str(report), str(doc)).exit_code == 1
    assert report.read_text(encoding="utf-8").count("avoid-term") == 3
    refused = run(runner, "-f", "concise", "-o", str(doc), str(doc))
    assert refused.exit_code == 2 and "is one of the documents checked" in refused.stderr
    assert doc.read_text(encoding="utf-8") == REPEATED


def test_an_output_path_that_links_to_a_checked_document_is_refused(runner, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    doc = folder / "draft.txt"
    doc.write_text(REPEATED, encoding="utf-8")
    for name, link in (("symbolic", os.symlink), ("hard", os.link)):
        report = tmp_path / f"{name}-link.txt"
        link(doc, report)
        refused = run(runner, "-f", "concise", "-o", str(report), str(folder))  # the document is found in its folder
        assert refused.exit_code == 2 and "is one of the documents checked" in refused.stderr, name
        assert doc.read_text(encoding="utf-8") == REPEATED
    fresh = tmp_path / "new-report.txt"
    assert run(runner, "-f", "concise", "-o", str(fresh), str(folder)).exit_code == 1
    assert fresh.read_text(encoding="utf-8").count("avoid-term") == 3


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_base_reports_only_changed_lines(runner, tmp_path, monkeypatch):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    doc = tmp_path / "report.md"
    doc.write_text("Old text on child pornography.\n\nMore old text.\n", encoding="utf-8")
    git("add", "report.md")
    git("commit", "-qm", "first")
    doc.write_text("Old text on child pornography.\n\nNew text on child prostitutes.\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("A new note on child pornography.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = run(runner, "-f", "concise", "--diff-base", "HEAD", "report.md", "new.md").stdout
    assert "report.md:3:13:" in out
    assert "report.md:1:" not in out
    assert "new.md:1:" in out  # not tracked yet: every line is new
    bad = run(runner, "--diff-base", "no-such-rev", "report.md")
    assert bad.exit_code == 2 and "--diff-base no-such-rev" in bad.stderr
