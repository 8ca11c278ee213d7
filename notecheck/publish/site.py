"""`notecheck build`: the checked notes as a static site that works offline.

A page per note (its body from the reader's tokens, formulas typeset to MathML, claims
marked in place), `index.html` ordered worst first, a page per tag. No scripts, no
remote assets, relative links only. Deterministic: notes are sorted and nothing depends
on the clock, so the same notes give the same bytes. Atomic: the site is built in a
temporary folder beside the output and swapped in only when complete.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from notecheck.findings import Finding
from notecheck.records import Record
from notecheck.result import NoteResult
from notecheck.publish.site_cache import keep_unchanged, page_key, site_key, still_valid
from notecheck.publish.site_pages import collides, render, render_all
from notecheck.publish.site_record import STAGING_OWNER
from notecheck.publish.site_body import PageContext, panel_findings, render_body
from notecheck.publish.site_paths import (
    common_root,
    page_path,
    relative_url,
    safe_segments,
    unique_pages,
)
from notecheck.publish.site_text import formula_html, math_text

TEMPLATES = Path(__file__).parent / "templates"
MARKER = ".notecheck-site"  # marks a folder as ours, so a rebuild may replace it
STYLESHEET = PurePosixPath("static", "style.css")
STATIC = TEMPLATES / "static"  # files copied as they are into the site's static/ (the math font)
INDEX = PurePosixPath("index.html")
BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DATE_KEYS = ("date", "createdAt", "created", "updated")
TEXT_SAMPLE = 4000  # characters of a note's text that tell its language


class SiteError(FileExistsError):
    """The output folder cannot be used (it holds something that is not a site)."""


class PageEntry(Record):
    """One note's page as the index and tag pages list it."""

    result: NoteResult
    path: PurePosixPath
    title: str
    date: str
    tags: list[str]
    counts: dict[str, int]
    lang: str


def build_site(
    results: list[NoteResult],
    out_dir: Path,
    theme: Path | None = None,
    root: Path | None = None,
    progress: Callable[[int, int], Any] | None = None,
    sources: list[Path] | None = None,
    load_result: Any = None,
    cache: Any = None,
    jobs: int = 1,
    record: Any = None,
) -> list[tuple[str, Finding]]:
    """Write the site for `results` to `out_dir`, replacing the previous site there.

    `theme` is a folder of templates overriding the packaged ones by name; `root` the
    folder page paths are relative to (default: the deepest folder holding every note).
    `sources` are the folders and files named for notes: linked files are copied only
    from inside them (default: from anywhere under `root`).
    Returns the findings the build itself makes (NC107: a link or image to no file) as
    `(note path, finding)` pairs; they also show in the pages' findings panels.
    Raises SiteError if `out_dir` exists and is not a notecheck site (never deletes
    someone's folder), OSError when writing fails; the previous site is then untouched.
    `load_result(result)` gives a note's full result, its note read again (token stream,
    prose), when `results` were kept without them (`without_trees()`, `index_view()`):
    a page needs it only while it is written; `load_result.key(result)` names what the
    full result is made of (its cache key), for the page's own key. With a
    `cache` (notecheck.cache.Cache) a page whose inputs are unchanged is not rendered
    again, and a file whose bytes are unchanged keeps the published one (its time too).
    `jobs` > 1 renders the pages in that many processes (`load_result` must then pickle).
    `record` (a `SiteRecord`) is told what each page's local links found.
    """
    out_dir = Path(out_dir)
    if out_dir.is_symlink():  # `-o` a link: the site goes where it points, and the link stays
        out_dir = out_dir.resolve()
    check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    allowed = None if sources is None else tuple(Path(s).resolve() for s in sources)
    try:
        (staging / STAGING_OWNER).write_text(str(os.getpid()), encoding="utf-8")
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a site is published
        findings = write_site(results, staging, theme, root, progress, allowed, load_result, cache, jobs, record)
        (staging / STAGING_OWNER).unlink()
        keep_unchanged(staging, out_dir)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return findings


def remove_stale_staging(out_dir: Path) -> None:
    """Remove the staging folders of builds of `out_dir` that were killed before they
    finished (each names the process that made it; that process is gone). A folder
    without that mark, or of a build still running, is left alone."""
    for folder in out_dir.parent.glob(f".{glob_escape(out_dir.name)}.*.tmp"):
        try:
            pid = int((folder / STAGING_OWNER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if folder.is_symlink() or pid == os.getpid() or process_alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder that has files but no site marker: `-o notes/` must not
    wipe the notes."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).is_file())):
        raise SiteError(f"{out_dir} exists and is not a notecheck site; refusing to replace it")


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished site at `out_dir`; the old one is removed only after."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        if old is not None:
            old.rename(out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_site(
    results: list[NoteResult],
    out: Path,
    theme: Path | None,
    root: Path | None,
    progress: Callable[[int, int], Any] | None,
    sources: tuple[Path, ...] | None = None,
    load_result: Any = None,
    cache: Any = None,
    jobs: int = 1,
    record: Any = None,
) -> list[tuple[str, Finding]]:
    """Every file of the site, written under `out` (an empty folder)."""
    env = template_environment(theme)
    ordered = sorted(results, key=lambda r: r.note.path)
    root = (root or common_root([r.note.path for r in ordered])).resolve()
    pages = page_paths(ordered, root)
    note_pages = {Path(r.note.path).resolve(): p for r, p in zip(ordered, pages)}
    entries = [page_entry(r, p) for r, p in zip(ordered, pages)]
    tag_pages = tag_page_paths(entries)
    claimed: dict[PurePosixPath, Path] = {}
    built: list[tuple[str, Finding]] = []
    written: list[PageEntry] = []
    plan = []  # (entry, its tag links, its cache key, whether the cache has its page)
    site = cache and site_key(cache, root, note_pages, theme, sources)
    for entry in entries:
        tag_links = [(t, relative_url(entry.path, tag_pages[t])) for t in entry.tags]
        made_of = load_result.key(entry.result) if load_result is not None else None
        key = cache and page_key(cache, made_of or entry.result, entry.path, site, tag_links)
        plan.append((entry, tag_links, key, bool(key) and cache.has("pages", key)))
    context = ((template_environment, formula_renderer, render_note_page), theme, root, note_pages, load_result,
               sources)
    fresh = render_all([(e, t) for e, t, _, hit in plan if not hit], jobs, context)
    for done, (entry, tag_links, key, hit) in enumerate(plan, 1):
        stored = cache.get("pages", key) if hit else next(fresh)
        usable = stored is not None and not collides(stored[2], claimed) and (
            not hit or still_valid(stored, Path(entry.result.note.path).resolve().parent, root))
        if not usable:
            stored = render((entry, tag_links), claimed)  # here, with every earlier page's copies known
        if key and not (hit and usable):
            cache.put("pages", key, stored)
        claimed.update(stored[2])
        if record is not None:
            record.page(Path(entry.result.note.path).resolve().parent, root, stored[3])
        try:
            write_text(out, entry.path, stored[0])
            for destination, source in sorted(stored[2].items()):
                copy_file(out, destination, source)
            written.append(entry)
            found = stored[1]
        except OSError as error:  # one note's unwritable path costs that page, not the site
            found = [page_not_written(entry, error)]
        built.extend((entry.result.note.path, f) for f in found)
        if progress:
            progress(done, len(entries))
    write_text(out, INDEX, env.get_template("index.html").render(
        **links(INDEX), lang=common_lang(written), rows=index_rows(written, INDEX),
        tags=tag_rows(tag_pages, INDEX, written)))
    for tag, path in sorted(tag_pages.items()):
        tagged = [e for e in written if tag in e.tags]
        write_text(out, path, env.get_template("tag.html").render(
            **links(path), lang=common_lang(tagged), tag=tag, rows=index_rows(tagged, path)))
    write_text(out, STYLESHEET, env.get_template("style.css").render())
    copy_static(out)
    write_text(out, PurePosixPath(MARKER), "notecheck site\n")
    return built


def render_note_page(env: Any, entry: PageEntry, ctx: PageContext, tag_links: list[tuple[str, str]],
                     claimed: dict[PurePosixPath, Path]) -> str:
    """One note's page; the files it links are collected in `ctx.copies`, the build's
    findings on it in `ctx.findings`."""
    body = render_body(ctx, claimed)
    return env.get_template("note.html").render(
        **links(entry.path), entry=entry, note=entry.result.note, body=body,
        layout=entry.result.layout, counts=entry.counts,
        panel=panel_findings(entry.result, ctx.views, ctx.findings),
        tag_links=tag_links,
    )


def page_not_written(entry: PageEntry, error: OSError) -> Finding:
    reason = error.strerror or str(error)
    return Finding("NC108", f"the page {entry.path} could not be written ({reason}); "
                            "the site has no page for this note", line=1)


def formula_renderer(env: Any) -> Callable[[Any, bool], str]:
    """Renders one FormulaView with the theme's `formula.html`: what `template.render`
    does, but with the template's globals (a ChainMap, slow to copy) copied once, not
    for each of a page's hundreds of formulas."""
    template = env.get_template("formula.html")
    template_globals = dict(template.globals)

    def render(view: Any, block: bool) -> str:
        context = template.new_context({**template_globals, "view": view, "block": block}, shared=True)
        try:
            return between_tags(env.concat(template.root_render_func(context)))
        except Exception:
            return env.handle_exception()

    return render


def page_paths(results: list[NoteResult], root: Path | None = None) -> list[PurePosixPath]:
    """Each note's page inside the site, aligned with `results` (as `build_site` names
    them when given the same results)."""
    ordered = sorted(range(len(results)), key=lambda i: results[i].note.path)
    root = (root or common_root([r.note.path for r in results])).resolve()
    wanted = [page_path(results[i].note.path, front_matter(results[i].note).get("permalink"), root) for i in ordered]
    by_index = dict(zip(ordered, unique_pages(wanted)))
    return [by_index[i] for i in range(len(results))]


def between_tags(html: str) -> str:
    """`html` without the line breaks between its tags: a formula sits inside a line of
    prose, where a line break would show as a space (between Chinese characters, too)."""
    return BETWEEN_TAGS.sub("><", html).strip()


def template_environment(theme: Path | None) -> Any:
    """Jinja2 with autoescape on; a theme folder's templates win by name."""
    import jinja2  # lazy: only `build` renders
    import markupsafe

    loaders = [jinja2.FileSystemLoader(str(theme))] if theme else []
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # LaTeX in messages and fixes is typeset (MathML), never shown as source under the formula
    env.filters["math_text"] = lambda text: markupsafe.Markup(math_text(str(text)))
    env.filters["tex"] = lambda latex: markupsafe.Markup(formula_html(str(latex)))
    return env


def links(page: PurePosixPath) -> dict[str, str]:
    """The site-wide relative links every template needs, as seen from `page`."""
    return {"stylesheet": relative_url(page, STYLESHEET), "home": relative_url(page, INDEX)}


def page_entry(result: NoteResult, path: PurePosixPath) -> PageEntry:
    note = result.note
    meta = front_matter(note)
    return PageEntry(result, path, str(note.title or Path(note.path).name), note_date(meta),
                     note_tags(meta), result.counts(), note_lang(note))


def front_matter(note: Any) -> dict:
    """The note's front matter, or {} when it is not a mapping (a YAML list, a string)."""
    return note.front_matter if isinstance(note.front_matter, dict) else {}


def common_lang(entries: list[PageEntry]) -> str:
    """The language most of `entries` are in (for the index and tag pages)."""
    langs = [e.lang for e in entries]
    return max(sorted(set(langs)), key=langs.count) if langs else "en"


def note_lang(note: Any) -> str:
    """`lang` from front matter, else 'zh' for a note with Chinese text (the theme sets
    CJK line height and fonts by it), else 'en'."""
    lang = front_matter(note).get("lang")
    if isinstance(lang, str) and lang.replace("-", "").isalnum():
        return lang
    sample = str(note.title) + note.text[:TEXT_SAMPLE]
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in sample) else "en"


def lang_sample(note: Any) -> str:
    """Of a note's text, what decides `note_lang`: its first Chinese character, if any
    (an index view of the note keeps only this)."""
    return next((ch for ch in note.text[:TEXT_SAMPLE] if "\u4e00" <= ch <= "\u9fff"), "")


def note_date(front_matter: dict) -> str:
    """The note's date as written (a YAML date or datetime shown as YYYY-MM-DD)."""
    for key in DATE_KEYS:
        value = front_matter.get(key)
        if value is None or value == "":
            continue
        if hasattr(value, "isoformat"):
            return value.isoformat()[:10]
        return str(value)
    return ""


def note_tags(front_matter: dict) -> list[str]:
    """Tags as a sorted list of distinct strings: a YAML list, or a string of tags
    separated by commas or spaces (Jekyll accepts both)."""
    raw = front_matter.get("tags")
    if isinstance(raw, str):
        items = raw.replace(",", " ").split()
    elif isinstance(raw, (list, tuple)):
        items = [str(t) for t in raw if isinstance(t, (str, int, float))]
    else:
        items = []
    return sorted({t.strip() for t in items if t.strip()})


def tag_page_paths(entries: list[PageEntry]) -> dict[str, PurePosixPath]:
    tags = sorted({t for e in entries for t in e.tags})
    wanted = [PurePosixPath("tags", "-".join(safe_segments(t)) or "tag") for t in tags]
    unique = unique_pages([p.with_name(p.name + ".html") for p in wanted])
    return dict(zip(tags, unique))


def worst_first(entry: PageEntry) -> tuple:
    return (-entry.counts["failed"], -entry.counts["unverified"], entry.title.casefold(), str(entry.path))


def index_rows(entries: list[PageEntry], page: PurePosixPath) -> list[dict[str, Any]]:
    """Rows of an index table, worst first: most failed claims, then most unverified."""
    return [
        {"entry": e, "href": relative_url(page, e.path), "layout": e.result.layout}
        for e in sorted(entries, key=worst_first)
    ]


def tag_rows(tag_pages: dict[str, PurePosixPath], page: PurePosixPath,
             entries: list[PageEntry]) -> list[dict[str, Any]]:
    return [
        {"tag": tag, "href": relative_url(page, path), "count": sum(tag in e.tags for e in entries)}
        for tag, path in sorted(tag_pages.items())
    ]


def site_file(out: Path, path: PurePosixPath) -> Path:
    """The file for site path `path`, with its folder made; never outside `out`."""
    target = out.joinpath(*path.parts)
    if path.is_absolute() or ".." in path.parts or not target.resolve().is_relative_to(resolved(out)):
        raise SiteError(f"refusing to write outside the site: {path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


@lru_cache(maxsize=8)
def resolved(folder: Path) -> Path:
    """`folder.resolve()`, once per build: the site's folder is made by the build itself."""
    return folder.resolve()


def write_text(out: Path, path: PurePosixPath, text: str) -> None:
    """UTF-8, with U+FFFD for the lone surrogates a file name that is not UTF-8 decodes to."""
    site_file(out, path).write_bytes(LONE_SURROGATE.sub("\ufffd", text).encode("utf-8"))


def copy_static(out: Path) -> None:
    """The packaged static files (the math font and its licence) into `static/`, so a
    page looks the same on a machine with no math font installed."""
    for source in sorted(p for p in STATIC.rglob("*") if p.is_file()):
        copy_file(out, STYLESHEET.parent / source.relative_to(STATIC).as_posix(), source)


def copy_file(out: Path, path: PurePosixPath, source: Path) -> None:
    shutil.copyfile(source, site_file(out, path))

