"""The cache and incremental builds: what a user sees is exactly what a fresh run in one
process gives, a rebuild with nothing changed rewrites no file, and nothing is written
outside the output folder and the cache folder."""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from notecheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
# eight notes: enough for the process pool (PARALLEL_FROM), both languages, both layouts
NOTES = [*sorted((ROOT / "examples").glob("*.md")),
         *(ROOT / "tests" / "notes" / n for n in ("softmax_zh.md", "logdet_en.md", "ridge_zhihu_zh.md"))]


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for path in NOTES:
        shutil.copy(path, notes / path.name)
    return tmp_path


def in_dir(cwd: Path, *args: str, catch: bool = False):
    before = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=catch)
    finally:
        os.chdir(before)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_cached_reports_are_exactly_a_fresh_single_process_run(blog):
    fresh = in_dir(blog, "check", "--no-cache", "-j", "1", "--format", "json", "notes")
    assert fresh.exit_code == 1 and not (blog / ".notecheck_cache").exists()
    cold = in_dir(blog, "check", "-j", "2", "--format", "json", "notes")  # the pool fills the cache
    warm = in_dir(blog, "check", "-j", "2", "--format", "json", "notes")  # every note from the cache
    warm_one = in_dir(blog, "check", "-j", "1", "--format", "json", "notes")
    assert cold.output == warm.output == warm_one.output == fresh.output
    assert len(json.loads(fresh.output)["notes"]) == len(NOTES)
    for fmt in ("text", "sarif"):
        assert in_dir(blog, "check", "--format", fmt, "notes").output == \
            in_dir(blog, "check", "--no-cache", "-j", "1", "--format", fmt, "notes").output


def test_the_cache_folder_is_marked_like_ruffs(blog):
    in_dir(blog, "check", "notes")
    cache = blog / ".notecheck_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert sorted(p.name for p in blog.iterdir()) == [".notecheck_cache", "notes"]


def test_cache_dir_in_the_project_config_is_relative_to_its_pyproject(blog):
    (blog / "pyproject.toml").write_text('[tool.notecheck]\ncache-dir = "build/nc"\n')
    (blog / "sub").mkdir()
    in_dir(blog / "sub", "check", "../notes")
    assert (blog / "build" / "nc" / "CACHEDIR.TAG").is_file()
    assert not (blog / ".notecheck_cache").exists() and not (blog / "sub" / ".notecheck_cache").exists()


def test_an_edited_note_is_checked_again_not_served_from_the_cache(blog):
    note = blog / "notes" / "least-squares.md"
    before = json.loads(in_dir(blog, "check", "--format", "json", "notes").output)["summary"]
    text = note.read_text(encoding="utf-8")
    note.write_text(text + "\n$$\\frac{\\partial}{\\partial X} \\text{tr}(X) = 7I$$\n", encoding="utf-8")
    cached = in_dir(blog, "check", "--format", "json", "notes")
    fresh = in_dir(blog, "check", "--no-cache", "-j", "1", "--format", "json", "notes")
    assert cached.output == fresh.output
    assert json.loads(cached.output)["summary"]["formulas"] == before["formulas"] + 1


def test_a_corrupt_cache_entry_is_a_miss_not_an_error(blog):
    in_dir(blog, "check", "notes")
    for entry in (blog / ".notecheck_cache" / "notes").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    again = in_dir(blog, "check", "--format", "json", "notes")
    assert again.output == in_dir(blog, "check", "--no-cache", "-j", "1", "--format", "json", "notes").output


def test_a_rebuild_with_nothing_changed_rewrites_no_file_and_gives_the_same_bytes(blog):
    assert in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "fresh").exit_code == 0
    assert in_dir(blog, "build", "-j", "2", "notes", "-o", "site").exit_code == 0
    first = stamps(blog / "site")
    assert in_dir(blog, "build", "-j", "2", "notes", "-o", "site").exit_code == 0
    assert stamps(blog / "site") == first  # same inode, same modification time: never rewritten
    assert files_of(blog / "site") == files_of(blog / "fresh")


def test_an_edited_note_rewrites_its_page_and_the_pages_that_list_it_only(blog):
    in_dir(blog, "build", "notes", "-o", "site")
    first = stamps(blog / "site")
    note = blog / "notes" / "trace-tricks.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    in_dir(blog, "build", "notes", "-o", "site")
    changed = sorted(k for k, v in stamps(blog / "site").items() if first.get(k) != v)
    assert changed == ["trace-tricks.html"]
    in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "fresh")
    assert files_of(blog / "site") == files_of(blog / "fresh")


def test_a_failed_incremental_build_leaves_the_previous_site(blog):
    in_dir(blog, "build", "notes", "-o", "site")
    before, first = files_of(blog / "site"), stamps(blog / "site")
    theme = blog / "theme"
    theme.mkdir()
    (theme / "note.html").write_text("{{ no_such_variable.attribute }}")
    note = blog / "notes" / "trace-tricks.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    failed = in_dir(blog, "build", "notes", "-o", "site", "--theme", "theme", catch=True)
    assert failed.exit_code != 0
    assert files_of(blog / "site") == before and stamps(blog / "site") == first
    assert not [p for p in blog.iterdir() if p.name.startswith(".site.")]  # no staging folder left


def test_a_page_with_a_copied_image_follows_the_image(blog):
    (blog / "notes" / "img").mkdir()
    image = blog / "notes" / "img" / "plot.png"
    image.write_bytes(b"\x89PNG first")
    note = blog / "notes" / "least-squares.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n![plot](img/plot.png) ![gone](img/gone.png)\n",
                    encoding="utf-8")
    in_dir(blog, "build", "notes", "-o", "site")
    assert (blog / "site" / "img" / "plot.png").read_bytes() == b"\x89PNG first"
    image.write_bytes(b"\x89PNG second, longer")
    (blog / "notes" / "img" / "gone.png").write_bytes(b"\x89PNG now here")
    in_dir(blog, "build", "notes", "-o", "site")
    in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "fresh")
    assert (blog / "site" / "img" / "plot.png").read_bytes() == b"\x89PNG second, longer"
    assert files_of(blog / "site") == files_of(blog / "fresh")
    assert "gone.png" in (blog / "site" / "least-squares.html").read_text(encoding="utf-8")


def test_a_note_that_ran_out_of_time_is_not_cached(tmp_path, monkeypatch):
    """A time-out depends on the machine's load, not on the note: the next run checks it again."""
    import time

    import notecheck.pipeline as pipeline
    from notecheck.cache import Cache
    from notecheck.config import Config

    def slow(note, trees, meaning, config):
        time.sleep(5)

    note = tmp_path / "slow.md"
    note.write_text("$$x = y$$\n", encoding="utf-8")
    cache = Cache(tmp_path / ".notecheck_cache", "salt")
    monkeypatch.setattr("notecheck.check.check_note", slow)
    monkeypatch.setattr(pipeline, "NOTE_TIME_LIMIT", 0.2)
    [first] = pipeline.run([note], Config(), jobs=1, cwd=tmp_path, cache=cache)
    assert [f.code for f in first.findings] == ["NC901"]
    monkeypatch.undo()
    [second] = pipeline.run([note], Config(), jobs=1, cwd=tmp_path, cache=cache)
    assert "NC901" not in [f.code for f in second.findings]
    [third] = pipeline.run([note], Config(), jobs=1, cwd=tmp_path, cache=cache)  # now from the cache
    assert third == second


def test_the_cli_build_from_index_views_is_the_site_of_the_full_results(blog):
    """The build keeps only an index view of each note and loads its full result for its
    page; the site is the one `build_site` makes from the full results held throughout."""
    from notecheck.config import Config
    from notecheck.pipeline import run
    from notecheck.publish import build_site

    assert in_dir(blog, "build", "--no-cache", "-j", "1", "notes", "-o", "cli").exit_code == 0
    before = Path.cwd()
    os.chdir(blog)
    try:
        files = sorted(Path("notes").glob("*.md"))
        build_site(run(files, Config(), jobs=1), Path("direct"))
    finally:
        os.chdir(before)
    assert files_of(blog / "cli") == files_of(blog / "direct")
    assert '<html lang="zh"' in (blog / "cli" / "softmax_zh.html").read_text(encoding="utf-8")
