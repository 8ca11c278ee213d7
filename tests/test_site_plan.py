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
