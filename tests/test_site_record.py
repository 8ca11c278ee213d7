"""A rebuild with nothing changed does nothing (the site record), and anything changed,
however it was changed, still gets an ordinary build that gives a fresh build's bytes."""

import os
import shutil
import time
from pathlib import Path

import pytest

import notecheck.publish
import notecheck.publish.site_record as site_record
from loaded_modules import loaded_modules
from test_cache_incremental import NOTES, files_of, in_dir, stamps


@pytest.fixture
def blog(tmp_path: Path, monkeypatch) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for path in NOTES:
        shutil.copy(path, notes / path.name)
    monkeypatch.setattr(site_record, "RACY_NS", 0)  # the notes were written a moment ago
    return tmp_path


@pytest.fixture
def no_rendering(monkeypatch):
    """Make an ordinary build fail: a build that passes did nothing."""
    def boom(*args, **kwargs):
        raise AssertionError("the site was built again")

    def forbid():
        monkeypatch.setattr(notecheck.publish, "build_site", boom, raising=False)
    return forbid


def build(blog: Path, *extra: str):
    return in_dir(blog, "build", "-j", "1", "notes", "-o", "site", *extra)


def rebuilt_as_fresh(blog: Path) -> None:
    """The site is what a fresh build without a cache gives, and the record is current."""
    assert in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "fresh").exit_code == 0
    assert files_of(blog / "site") == files_of(blog / "fresh")


def test_a_rebuild_with_nothing_changed_renders_nothing_and_says_the_same(blog, no_rendering):
    first = build(blog)
    before = stamps(blog / "site")
    no_rendering()
    again = build(blog)
    assert again.exit_code == 0 and again.output == first.output
    assert stamps(blog / "site") == before


def test_the_strict_exit_status_is_the_same_without_a_build(blog, no_rendering):
    assert build(blog, "--strict").exit_code == 1  # the examples hold deliberate mistakes
    no_rendering()
    assert build(blog, "--strict").exit_code == 1
    assert build(blog).exit_code == 0


def test_a_same_size_edit_with_its_time_put_back_is_still_seen(blog):
    """The change time cannot be put back: an edit of the same size whose modification
    time is restored is rebuilt."""
    build(blog)
    note = blog / "notes" / "trace-tricks.md"
    text, stat = note.read_text(encoding="utf-8"), note.stat()
    edited = text.replace("date: 2026-11-21", "date: 2026-11-22", 1)
    assert edited != text and len(edited) == len(text)
    note.write_text(edited, encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert note.stat().st_mtime_ns == stat.st_mtime_ns and note.stat().st_size == stat.st_size
    build(blog)
    assert "2026-11-22" in (blog / "site" / "trace-tricks.html").read_text(encoding="utf-8")
    rebuilt_as_fresh(blog)
    stat = note.stat()
    note.write_text(edited.replace("date: 2026-11-22", "date: 2026-11-23, 9:00", 1), encoding="utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # another size, the same time
    build(blog)
    assert "2026-11-23, 9:00" in (blog / "site" / "trace-tricks.html").read_text(encoding="utf-8")


def test_a_note_added_or_deleted_is_rebuilt(blog):
    build(blog)
    (blog / "notes" / "trace-tricks.md").unlink()
    build(blog)
    assert not (blog / "site" / "trace-tricks.html").exists()
    shutil.copy(NOTES[0], blog / "notes" / "again.md")
    build(blog)
    assert (blog / "site" / "again.html").is_file()
    rebuilt_as_fresh(blog)


def test_changed_settings_code_or_theme_are_rebuilt(blog, monkeypatch):
    import notecheck.cache

    build(blog)
    (blog / "pyproject.toml").write_text('[tool.notecheck]\ndisable = ["NC501"]\n')
    build(blog)
    rebuilt_as_fresh(blog)
    page = (blog / "site" / "index.html").read_bytes()
    monkeypatch.setattr(notecheck.cache, "code_stamps", lambda: ("notecheck changed",))
    calls = []
    real = notecheck.publish.build_site
    monkeypatch.setattr(notecheck.publish, "build_site", lambda *a, **k: calls.append(1) or real(*a, **k))
    build(blog)
    assert calls and (blog / "site" / "index.html").read_bytes() == page
    theme = blog / "theme"
    theme.mkdir()
    (theme / "tag.html").write_text("tag page\n")
    build(blog, "--theme", "theme")
    (theme / "tag.html").write_text("a tag page\n")
    calls.clear()
    build(blog, "--theme", "theme")
    assert calls


def test_a_site_edited_pruned_or_added_to_by_hand_is_rebuilt(blog):
    build(blog)
    built = files_of(blog / "site")
    page = blog / "site" / "least-squares.html"
    stat = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<", b">", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(blog)
    assert files_of(blog / "site") == built
    (blog / "site" / "index.html").unlink()
    (blog / "site" / "stray.html").write_text("stray")
    build(blog)
    assert files_of(blog / "site") == built


def test_a_missing_image_that_appears_is_rebuilt(blog):
    note = blog / "notes" / "least-squares.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n![plot](img/plot.png)\n", encoding="utf-8")
    assert "1 missing assets" in build(blog).output
    (blog / "notes" / "img").mkdir()
    (blog / "notes" / "img" / "plot.png").write_bytes(b"\x89PNG")
    assert "missing" not in build(blog).output
    assert (blog / "site" / "img" / "plot.png").read_bytes() == b"\x89PNG"
    (blog / "notes" / "img" / "plot.png").write_bytes(b"\x89PNG, another")
    build(blog)
    assert (blog / "site" / "img" / "plot.png").read_bytes() == b"\x89PNG, another"
    rebuilt_as_fresh(blog)


def test_notes_changed_just_before_a_build_leave_no_record(blog, monkeypatch):
    """A note written within the clock's resolution of its stamp could change again unseen."""
    monkeypatch.setattr(site_record, "RACY_NS", 10**18)
    build(blog)
    assert not list((blog / ".notecheck_cache").glob("sites/*/*"))
    monkeypatch.setattr(site_record, "RACY_NS", 0)
    build(blog)
    assert list((blog / ".notecheck_cache").glob("sites/*/*"))


def test_a_rebuild_with_nothing_to_do_loads_no_renderer_or_checker(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for path in NOTES[:2]:
        shutil.copy(path, notes / path.name)
    time.sleep(site_record.RACY_NS / 1e9)  # so that the notes are not racy: the first build keeps its record

    def loaded() -> str:
        return loaded_modules(("jinja2", "latex2mathml", "markdown_it", "numpy", "pickle", "notecheck.result"),
                              "build", "notes", "-o", "site", cwd=tmp_path)

    assert "jinja2" in loaded()
    assert loaded() == "[]"


def test_a_package_installed_or_removed_is_rebuilt(blog, monkeypatch):
    """Installing anything (a reader plugin, another latex2mathml) changes a folder on
    sys.path: the build runs, though the cache may still serve every page."""
    packages = blog / "site-packages"
    packages.mkdir()
    monkeypatch.syspath_prepend(str(packages))
    build(blog)
    calls = []
    real = notecheck.publish.build_site
    monkeypatch.setattr(notecheck.publish, "build_site", lambda *a, **k: calls.append(1) or real(*a, **k))
    build(blog)
    assert not calls
    (packages / "some_plugin-1.0.dist-info").mkdir()
    build(blog)
    assert calls


def test_a_staging_folder_left_by_a_killed_build_is_cleaned_up(blog):
    from notecheck.publish.site import STAGING_OWNER

    build(blog)
    stale = blog / ".site.abc123.tmp"
    stale.mkdir()
    (stale / STAGING_OWNER).write_text("999999999", encoding="utf-8")  # no such process
    build(blog)
    assert not stale.exists()
