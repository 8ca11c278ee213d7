"""A site's plan: every page's place and every tag, known from front matter alone before
any note is checked (so that each page is rendered where its note is checked), and a
build whose plan did not hold made again from the notes as read."""

from pathlib import Path

import pytest

import notecheck.publish
import notecheck.read
from notecheck.read import read_front_matter, read_path
from test_cache_incremental import blog, files_of, in_dir  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[1]

FRONT = [
    "---\ntitle: plain\ntags: [a, b]\n---\n# Heading\n",
    "---\ntags: a, b\npermalink: /x/\n...\nbody\n",  # YAML's document end closes it too
    "+++\ntitle = 'toml'\ntags = ['t']\n+++\nbody\n",
    "+++ \ntitle = 'x'\n+++\u3000\nbody\n",
    "---\nnever: closed\n",
    "---",
    "----\nx: 1\n---\ny: 2\n-----\nbody\n",  # a closing line as long as the opening one
    "---\nx: 1\n    ---\ny: 2\n---\nbody\n",  # an indented line is code, not the end
    "---\nx: 1\n ... \ny: 2\n---\n",  # `...` only at the line's start
    "---\n---\nbody\n",
    "---\nx: [\n---\nbody\n",  # invalid YAML: no front matter (and an NC104)
    "+++\nnot toml at all\n+++\n",
    "text first\n---\ntitle: no\n---\n",
    "-- \nnot front matter\n",
    "- a list\n- ---\n",
    "\ufeff---\ntitle: with a BOM\n---\n",
    "---\r\ntitle: CRLF\r\ntags: [c]\r\n---\r\nbody\r\n",
]


@pytest.mark.parametrize("text", FRONT)
def test_front_matter_alone_is_what_reading_the_whole_note_gives(tmp_path, text):
    note = tmp_path / "note.md"
    note.write_bytes(text.encode("utf-8"))
    assert read_front_matter(note, "note.md") == read_path(note, "note.md").front_matter


def test_front_matter_alone_of_every_note_we_have(seeds, corpus):
    notes = [p for folder in (ROOT / "examples", ROOT / "tests" / "notes", seeds, corpus)
             for p in sorted(folder.iterdir()) if p.is_file()]
    for path in notes:
        alone = read_front_matter(path, path.as_posix())
        if path.suffix == ".ipynb":
            assert alone is None  # another reader's file: only reading it whole would tell
        else:
            assert alone == read_path(path, path.as_posix()).front_matter, path


@pytest.mark.parametrize("cached", [False, True])
def test_a_build_whose_plan_did_not_hold_is_made_again_from_the_notes_as_read(blog, monkeypatch, cached):  # noqa: F811
    """A reader may give front matter the plan did not assume (a plugin's): the site is
    then the one a plan from the notes as read gives."""
    (blog / "notes" / "moved.md").write_text("---\npermalink: /elsewhere/\ntags: [moved]\n---\n"
                                              "See [least squares](least-squares.md).\n", encoding="utf-8")
    assert in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "fresh").exit_code == 0
    calls = []
    real = notecheck.publish.build_site
    monkeypatch.setattr(notecheck.publish, "build_site", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(notecheck.read, "read_front_matter", lambda path, shown, plugins: {})
    options = [] if cached else ["--no-cache"]
    assert in_dir(blog, "build", *options, "-j", "2", "notes", "-o", "site").exit_code == 0
    assert len(calls) == 2
    assert files_of(blog / "site") == files_of(blog / "fresh")
    assert (blog / "site" / "elsewhere" / "index.html").is_file()


def test_a_digest_counts_and_lists_a_note_as_its_result_does(tmp_path):
    """A page made where its note was checked comes to the process writing the site with
    a digest of the note's result: the build's summary and the index count it as the
    result itself, suppressed claims, findings and unparsed formulas included."""
    from pathlib import PurePosixPath

    from notecheck.config import Config
    from notecheck.pipeline import check_file
    from notecheck.publish import report
    from notecheck.publish.site_plan import index_entry, lang_sample

    suppressed = tmp_path / "suppressed.md"
    suppressed.write_text("Let $A$ be a $3 \\times 4$ matrix and $B$ a $4 \\times 2$ matrix.\n\n"
                          "<!-- notecheck: ignore -->\n$$(AB)^T = A^T B^T$$\n\n$$\\frac{a}{$$\n", encoding="utf-8")
    paths = sorted((ROOT / "examples").glob("*.md")) + sorted((ROOT / "tests" / "notes").glob("*.*")) + [suppressed]
    totals = report.summary([])
    for path in paths:
        result = check_file(path, path.name, Config())
        digest = result.digest(lang_sample(result.note))
        counted = report.summary([result])
        assert report.summary([digest]) == counted == report.summary([result.without_trees()]), path
        assert index_entry(digest, PurePosixPath("p.html")) == index_entry(result, PurePosixPath("p.html")), path
        totals = {k: totals[k] + counted[k] for k in totals}
    assert all(totals[k] for k in ("formulas", "parsed", "failed", "unverified", "suppressed", "errors", "warnings"))
    assert totals["parsed"] < totals["formulas"]


def test_a_page_that_copies_files_comes_with_its_whole_result(tmp_path):
    """Its copies may collide with an earlier page's: the process writing the site then
    renders it again, from the result."""
    from notecheck.config import Config
    from notecheck.pipeline import check_file

    (tmp_path / "figure.png").write_bytes(b"png")
    (tmp_path / "a.md").write_text("# A\n\n![a figure](figure.png) and $x = y$.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\n$x = y$\n", encoding="utf-8")
    results = [check_file(tmp_path / name, str(tmp_path / name), Config()) for name in ("a.md", "b.md")]
    pages = notecheck.publish.page_maker(notecheck.publish.plan_site(
        [(r.note.path, notecheck.publish.site_plan.front_matter(r.note)) for r in results]))
    made = [pages(result) for result in results]
    assert made[0][2] and not made[1][2]
    assert pages.shipped(results[0], made[0]) is None
    assert pages.shipped(results[1], made[1]).note.formulas == []
