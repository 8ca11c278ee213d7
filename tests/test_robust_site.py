"""`notecheck build` on hostile names and paths: every note that can have a page gets
one, nothing outside the named notes is published, and nothing is left behind.

Minimal notes of issue 14: a file name that is not UTF-8, a long CJK permalink and tag,
a 255-byte file name, one page that cannot be written, a build killed before its swap,
`-o` given as a symlink, `build notes /etc/hostname` with a link up to the root.
"""

import os
from pathlib import Path

from click.testing import CliRunner

from notecheck.cli import main
from notecheck.publish.site import STAGING_OWNER

NOTE = "$$\\frac{\\partial a^T x}{\\partial x} = a$$ with $a, x \\in \\mathbb{R}^n$.\n"


def build(cwd: Path, *args):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        # --no-cache: these tests list the folder; the cache's own folder is tested elsewhere
        return CliRunner().invoke(main, ["build", "-j", "1", "--no-cache", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_a_file_name_that_is_not_utf8_gets_a_page(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / os.fsdecode(b"bad\xff.md")).write_text(NOTE, encoding="utf-8")
    (notes / "good.md").write_text(NOTE, encoding="utf-8")
    out = build(tmp_path, "notes", "-o", "site")
    assert out.exit_code == 0, out.output
    assert pages(tmp_path / "site") == ["bad_.html", "good.html", "index.html"]
    assert "<title>bad\ufffd</title>" in (tmp_path / "site" / "bad_.html").read_text(encoding="utf-8")


def test_long_cjk_permalinks_tags_and_255_byte_names_fit_the_file_system(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    front = "---\npermalink: " + "数学" * 60 + "\ntags: [" + "标签" * 60 + "]\n---\n\n"
    (notes / "cjk.md").write_text(front + NOTE, encoding="utf-8")
    (notes / ("a" * 252 + ".md")).write_text(NOTE, encoding="utf-8")
    (notes / ("数" * 81 + ".md")).write_text(NOTE, encoding="utf-8")
    out = build(tmp_path, "notes", "-o", "site")
    assert out.exit_code == 0, out.output
    built = pages(tmp_path / "site")
    assert len(built) == 5  # three notes, the index, one tag page
    assert all(len(part.encode("utf-8")) <= 255 for page in built for part in page.split("/"))


def test_one_page_that_cannot_be_written_costs_only_that_page(tmp_path):
    """`x.html` as a page and as a folder of another page: one of them cannot be."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("---\npermalink: x.html\n---\n" + NOTE, encoding="utf-8")
    (notes / "b.md").write_text("---\npermalink: x.html/y\n---\n" + NOTE, encoding="utf-8")
    (notes / "c.md").write_text(NOTE, encoding="utf-8")
    out = build(tmp_path, "notes", "-o", "site")
    assert out.exit_code == 0, out.output
    assert "no page for notes/b.md" in out.output
    site = tmp_path / "site"
    assert (site / "x.html").is_file() and (site / "c.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="x.html"' in index and "x.html/y.html" not in index


def test_a_later_build_removes_the_staging_folder_a_killed_build_left(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(NOTE, encoding="utf-8")
    stale = tmp_path / ".site.abc123.tmp"
    (stale / "notes").mkdir(parents=True)
    (stale / STAGING_OWNER).write_text("999999999", encoding="utf-8")  # no such process
    foreign = tmp_path / ".site.mine.tmp"  # not made by a build: left alone
    foreign.mkdir()
    assert build(tmp_path, "notes", "-o", "site").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.mine.tmp", "notes", "site"]


def test_output_given_as_a_symlink_builds_where_it_points_and_leaves_no_old_link(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "link").symlink_to("real")
    for _ in range(2):
        out = build(tmp_path, "notes", "-o", "link")
        assert out.exit_code == 0, out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "notes", "real"]
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real" / "a.html").is_file()


def test_links_reach_only_into_the_folders_and_files_named_for_notes(tmp_path):
    """`build work/notes host.txt`: their common parent is tmp_path, which holds
    private/secret.txt; a note's link up to it must not copy it into the site."""
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text("do not publish", encoding="utf-8")
    (tmp_path / "work" / "notes").mkdir(parents=True)
    (tmp_path / "work" / "notes" / "pic.txt").write_text("fine", encoding="utf-8")
    (tmp_path / "work" / "notes" / "a.md").write_text(
        "[q](../../private/secret.txt) [r](/private/secret.txt) [ok](pic.txt)\n\n" + NOTE, encoding="utf-8")
    (tmp_path / "host.txt").write_text("a named file\n", encoding="utf-8")
    out = build(tmp_path, "work/notes", "host.txt", "-o", "site")
    assert out.exit_code == 0, out.output
    site = tmp_path / "site"
    shipped = site / "static"  # the math font's licence, OFL.txt, ships with every site
    copied = [p for p in site.rglob("*") if p.is_file() and p.suffix == ".txt" and shipped not in p.parents]
    assert [p.read_text(encoding="utf-8") for p in copied] == ["fine"]
    assert all(b"do not publish" not in p.read_bytes() for p in site.rglob("*") if p.is_file())
