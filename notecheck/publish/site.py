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
import sys
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from markupsafe import escape

from notecheck.findings import Finding
from notecheck.result import NoteResult
from notecheck.publish.site_cache import keep_unchanged, page_key, site_key, still_valid
from notecheck.publish.site_pages import PageMaker, collides, environment, render, start, tag_links, utf8
from notecheck.publish.site_plan import PageEntry, SitePlan, front_matter, index_entry, page_entry, plan_site
from notecheck.publish.site_record import STAGING_OWNER
from notecheck.publish.site_body import PageContext, panel_findings, render_body
from notecheck.publish.site_paths import relative_url
from notecheck.publish.site_text import formula_html, math_text

TEMPLATES = Path(__file__).parent / "templates"
MARKER = ".notecheck-site"  # marks a folder as ours, so a rebuild may replace it
STYLESHEET = PurePosixPath("static", "style.css")
STATIC = TEMPLATES / "static"  # files copied as they are into the site's static/ (the math font)
INDEX = PurePosixPath("index.html")
BYTECODE = Path(__file__).parent / "__pycache__"  # the packaged templates' compiled code (`packaged_bytecode`)
BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


class SiteError(FileExistsError):
    """The output folder cannot be used (it holds something that is not a site)."""


class PlanChanged(Exception):
    """A note read for the site is not the one its plan placed (a reader gave other
    front matter than the plan assumed): `plan` is the plan of the notes as read."""

    def __init__(self, plan: SitePlan) -> None:
        super().__init__("the notes' front matter is not what the site's plan assumed")
        self.plan = plan


def build_site(
    results: Any,
    out_dir: Path,
    theme: Path | None = None,
    root: Path | None = None,
    progress: Callable[[int, int], Any] | None = None,
    sources: list[Path] | None = None,
    cache: Any = None,
    record: Any = None,
    plan: SitePlan | None = None,
    read_note: Callable[[str], Any] | None = None,
) -> list[tuple[str, Finding]]:
    """Write the site for `results` to `out_dir`, replacing the previous site there.

    Without `plan`, `results` are the notes' full results (token stream and all), in any
    order. With `plan` (the `SitePlan` the notes were checked by, see `notecheck.publish.
    site_plan`), `results` yields, for each note in the plan's order, what
    `notecheck.pipeline.each` does: its result (without trees or token stream), its cache
    key or None, and its page as the process that checked it rendered it (`PageMaker`),
    or None; only an index view of each note is kept, and a page not rendered there is
    rendered here, its note read again (`read_note(path)`, by the path it is reported
    under). Raises PlanChanged (having written nothing) when a note is not the one the
    plan placed.
    `theme` is a folder of templates overriding the packaged ones by name; `root` the
    folder page paths are relative to (default: the deepest folder holding every note).
    `sources` are the folders and files named for notes: linked files are copied only
    from inside them (default: from anywhere under `root`).
    Returns the findings the build itself makes (NC107: a link or image to no file) as
    `(note path, finding)` pairs; they also show in the pages' findings panels.
    Raises SiteError if `out_dir` exists and is not a notecheck site (never deletes
    someone's folder), OSError when writing fails; the previous site is then untouched.
    With a `cache` (notecheck.cache.Cache) a page whose inputs are unchanged is not
    rendered again, and a file whose bytes are unchanged keeps the published one (its time too).
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
    if plan is None:
        plan = plan_site([(r.note.path, front_matter(r.note)) for r in results], root)
        results = ((r, None, None) for r in sorted(results, key=lambda r: r.note.path))
    elif read_note is None:
        read_note = read_again
    try:
        (staging / STAGING_OWNER).write_text(str(os.getpid()), encoding="utf-8")
        staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a site is published
        if record is not None:
            record.restart()
        pages = PageWriter(staging, plan, theme, allowed, cache, record, read_note)
        for done, item in enumerate(results, 1):
            pages.add(*item)
            if progress:
                progress(done, len(plan.notes))
        if not pages.planned:
            raise PlanChanged(plan_site(pages.read, root))
        findings = pages.finish()
        (staging / STAGING_OWNER).unlink()
        keep_unchanged(staging, out_dir)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return findings


def read_again(path: str) -> Any:
    """A note read again by the path it is reported under (from where it was read)."""
    from notecheck.read import read_path

    return read_path(Path(path), path)


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


class PageWriter:
    """Writes a site's note pages into its staging folder `out` one by one, in the plan's
    order, as their notes' results come (`add`), keeping of each note only its index
    entry; then the index, the tag pages and the static files (`finish`)."""

    def __init__(self, out: Path, plan: SitePlan, theme: Path | None, sources: tuple[Path, ...] | None,
                 cache: Any, record: Any, read_note: Callable[[str], Any] | None) -> None:
        self.out, self.plan, self.theme, self.cache, self.record = out, plan, theme, cache, record
        self.read_note = read_note  # None: the results come whole (token stream and all)
        start(renderers(), theme, plan.root, plan.note_pages, sources)  # for the pages rendered here
        self.env = environment()  # the pages' own: its base.html is compiled once
        self.site = cache and site_key(cache, plan.root, plan.note_pages, theme, sources)
        self.claimed: dict[PurePosixPath, Path] = {}
        self.folders: dict[PurePosixPath, Path] = {}  # site folders made so far (see `site_file`)
        self.built: list[tuple[str, Finding]] = []
        self.written: list[PageEntry] = []
        self.read: list[tuple[str, dict]] = []  # each note's path and front matter as read
        self.planned = True  # whether every note so far is the one the plan placed

    def add(self, result: NoteResult, made_of: str | None = None, page: tuple | None = None) -> None:
        """The page of the plan's next note: `result` is its result, `made_of` the key
        its result is cached under, `page` its page as a worker rendered it (if it did).
        From the cache when it holds the page; rendered here, with every earlier page's
        copied files known, when none is given or its copies collide with theirs."""
        index = len(self.read)
        self.read.append((result.note.path, front_matter(result.note)))
        self.planned = self.planned and self.plan.holds(index, result.note)
        if not self.planned:
            return  # the site is made again from the notes as read (see `build_site`)
        cache, path = self.cache, self.plan.pages[index]
        entry = page_entry(result, path) if self.read_note is None else index_entry(result, path)
        links = tag_links(path, entry.tags, self.plan.tag_pages)
        key = cache and page_key(cache, made_of or entry.result, path, self.site, links)
        # a page made by the worker is this build's (and may have come with a digest of its
        # result alone: see `PageMaker.shipped`); the cache is asked for the others
        hit = page is None and bool(key) and cache.has("pages", key)
        # resolved only when asked for (a path resolved per page was a tenth of this)
        note_dir = Path(result.note.path).resolve().parent if hit or self.record is not None else None
        stored = cache.get("pages", key) if hit else page
        usable = stored is not None and not collides(stored[2], self.claimed) and (
            not hit or still_valid(stored, note_dir, self.plan.root))
        if not usable:
            stored = render(replace(entry, result=self.full(result)), links, self.claimed)
        if key and not (hit and usable):
            cache.put("pages", key, stored)
        self.claimed.update(stored[2])
        if self.record is not None:
            self.record.page(note_dir, self.plan.root, stored[3])
        try:
            site_file(self.out, path, self.folders).write_bytes(stored[0])
            for destination, source in sorted(stored[2].items()):
                copy_file(self.out, destination, source, self.folders)
            self.written.append(entry)
            found = stored[1]
        except OSError as error:  # one note's unwritable path costs that page, not the site
            found = [page_not_written(entry, error)]
        self.built.extend((result.note.path, f) for f in found)

    def full(self, result: NoteResult) -> NoteResult:
        """The result with its note read again (its token stream), when it came without."""
        if self.read_note is None:
            return result
        try:
            return replace(result, note=self.read_note(result.note.path))
        except OSError:  # gone since it was checked: its page shows what was read
            return result

    def finish(self) -> list[tuple[str, Finding]]:
        """The index, the tag pages, the stylesheet and static files; the build's findings."""
        env, out, written, folders = self.env, self.out, self.written, self.folders
        write_text(out, INDEX, env.get_template("index.html").render(
            **links(INDEX), lang=common_lang(written), rows=index_rows(written, INDEX),
            tags=tag_rows(self.plan.tag_pages, INDEX, written)), folders)
        for tag, path in sorted(self.plan.tag_pages.items()):
            tagged = [e for e in written if tag in e.tags]
            write_text(out, path, env.get_template("tag.html").render(
                **links(path), lang=common_lang(tagged), tag=tag, rows=index_rows(tagged, path)), folders)
        write_text(out, STYLESHEET, env.get_template("style.css").render(), folders)
        copy_static(out, folders)
        write_text(out, PurePosixPath(MARKER), "notecheck site\n", folders)
        return self.built


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


def renderers() -> tuple[Callable, Callable, Callable]:
    """What `site_pages` renders a page with: the template environment, the formula
    renderer and the page renderer."""
    return template_environment, formula_renderer, render_note_page


def page_maker(plan: SitePlan, theme: Path | None = None, sources: list[Path] | None = None,
               cache: Any = None) -> PageMaker:
    """What renders each note's page in the process that checks it, for a site of `plan`
    (see `build_site`'s `plan`; `theme`, `sources` and `cache` are the ones it gets)."""
    allowed = None if sources is None else tuple(Path(s).resolve() for s in sources)
    site = cache and site_key(cache, plan.root, plan.note_pages, theme, allowed)
    return PageMaker(plan, renderers(), theme, allowed, cache, site)


def page_not_written(entry: PageEntry, error: OSError) -> Finding:
    reason = error.strerror or str(error)
    return Finding("NC108", f"the page {entry.path} could not be written ({reason}); "
                            "the site has no page for this note", line=1)


def formula_renderer(env: Any) -> Callable[[Any, bool], str]:
    """Renders one FormulaView with the theme's `formula.html`: what `template.render`
    does, but with the template's globals (a ChainMap, slow to copy) copied once, not
    for each of a page's hundreds of formulas, and its context made directly: the
    template's `new_context` lists the ChainMap's keys again for each context (kept
    only for `make_module`, which a formula does not use). The packaged template's
    formulas are written directly (`written_formula`)."""
    template = env.get_template("formula.html")
    template_globals = dict(template.globals)
    make_context, name, blocks = env.context_class, template.name, template.blocks
    render_root, concat = template.root_render_func, env.concat
    packaged = Path(template.filename or "") == TEMPLATES / "formula.html"  # not a theme's

    def render(view: Any, block: bool) -> str:
        if packaged:
            return written_formula(view, block)
        context = make_context(env, {**template_globals, "view": view, "block": block}, name, blocks)
        try:
            return between_tags(concat(render_root(context)))
        except Exception:
            return env.handle_exception()

    return render


def written_formula(view: Any, block: bool) -> str:
    """What the packaged `formula.html` writes for one formula, written without the
    template: rendering it cost 5.9 µs a formula without claims (two of three), 25 µs
    one with, a sixth of rendering a page. Every value is escaped as Jinja's autoescape
    escapes it (markupsafe), but the MathML and the filters' HTML, as the template marks
    them. `tests/test_site_build.py` holds the two to the same bytes."""
    tag = "div" if block else "span"
    anchor, line, verdict = view.anchor, view.line, view.verdict
    out = [f'<{tag} class="nc-formula {"nc-display" if view.display else "nc-inline"}"']
    if anchor:
        out.append(f' id="{escaped(anchor)}"')
    if verdict:
        out.append(f' data-verdict="{escaped(verdict)}"')
    if line:
        out.append(f' data-line="{escaped(line)}"')
    if view.problems:
        seen, codes = set(), []
        for f in view.problems:  # Jinja's `unique`: the first of each code, regardless of case
            key = f.code.lower() if isinstance(f.code, str) else f.code
            if key not in seen:
                seen.add(key)
                codes.append(str(f.code))
        out.append(f' data-findings="{escaped(" ".join(codes))}" title="{escaped(view.problem_summary)}"')
    out.append(f'><span class="nc-math">{view.math_html}</span>')
    if verdict:
        anchor, verdict = escaped(anchor), escaped(verdict)
        out.append(f'<input type="checkbox" class="nc-toggle" id="{anchor}-why"><label class="nc-mark" '
                   f'for="{anchor}-why" title="{verdict}: show why"><span aria-hidden="true">{escaped(view.mark)}'
                   f'</span><span class="nc-sr">{verdict}; show why</span></label>'
                   '<span class="nc-explain" role="note">')
        several = len(view.claims) > 1
        for c in view.claims:
            claim = c.claim
            out.append(f'<span class="nc-claim" data-claim-verdict="{escaped(claim.verdict)}" data-step="'
                       f'{escaped(claim.step)}"><span class="nc-claim-head">{escaped(c.mark)} {escaped(claim.kind)}')
            if several:
                out.append(f", relation {escaped(claim.step + 1)}")
            out.append(f": {escaped(claim.verdict)}</span>")
            if claim.message:
                out.append(f'<span class="nc-message">{math_text(str(claim.message))}</span>')
            if c.expected_html:
                out.append(f'<span class="nc-expected"><span class="nc-label">expected</span> {c.expected_html}'
                           '</span>')
            out.append("</span>")
        expected = view.expected
        for f in view.findings:
            out.append(f"<span class=\"nc-claim-finding\"><code>{escaped(f.code)}</code> {escaped(f.name)}")
            if f.fix and f.fix not in expected:
                out.append(f' <span class="nc-fix">fix: {formula_html(str(f.fix))}</span>')
            out.append("</span>")
        out.append("</span>")
    out.append(f"</{tag}>")
    return between_tags("".join(out))


def escaped(value: Any) -> str:
    """`value` escaped as Jinja's autoescape escapes it (`markupsafe.escape`: the same five
    characters, the same entities), as a str: making a Markup of each value was a third
    of writing a formula."""
    if type(value) is str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
            '"', "&#34;").replace("'", "&#39;")
    if type(value) is int:
        return str(value)
    return str(escape(value))


def page_paths(results: list[NoteResult], root: Path | None = None) -> list[PurePosixPath]:
    """Each note's page inside the site, aligned with `results` (as `build_site` names
    them when given the same results)."""
    plan = plan_site([(r.note.path, front_matter(r.note)) for r in results], root)
    ordered = sorted(range(len(results)), key=lambda i: results[i].note.path)
    by_index = dict(zip(ordered, plan.pages))
    return [by_index[i] for i in range(len(results))]


def between_tags(html: str) -> str:
    """`html` without the line breaks between its tags: a formula sits inside a line of
    prose, where a line break would show as a space (between Chinese characters, too).
    Looked for only in a formula that has a line break: the packaged `formula.html`
    writes none, and of the MathML only a multi-line formula's source (its annotation)
    has one; the search went through every formula's MathML (a twelfth of a page body)."""
    if "\n" not in html:
        return html.strip()
    return BETWEEN_TAGS.sub("><", html).strip()


def template_environment(theme: Path | None) -> Any:
    """Jinja2 with autoescape on; a theme folder's templates win by name. The packaged
    templates alone do not change while notecheck runs, so they are not looked at again
    (Jinja's `auto_reload` stats each template, and the one it extends, at every
    `get_template`: three per page, 4% of rendering one); a theme's are, as before."""
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
        auto_reload=theme is not None,
    )
    if theme is None:
        env.bytecode_cache = packaged_bytecode(env)
    # LaTeX in messages and fixes is typeset (MathML), never shown as source under the formula
    env.filters["math_text"] = lambda text: markupsafe.Markup(math_text(str(text)))
    env.filters["tex"] = lambda latex: markupsafe.Markup(formula_html(str(latex)))
    return env


def packaged_bytecode(env: Any) -> Any:
    """Where the packaged templates' compiled code is kept between runs, as Python keeps a
    module's (in the `__pycache__` beside them, and not when Python is told to write no
    bytecode): compiling them was a quarter of what a build costs beyond a check of one
    note (24 ms). An entry is used only for the same template source, Python, Jinja and
    settings of `env` that its compiler reads."""
    import hashlib

    import jinja2

    compiler_settings = repr((
        jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, env.autoescape, sorted(env.extensions), env.optimized,
        env.finalize is None, env.is_async))
    compiled_by = hashlib.sha1(compiler_settings.encode()).hexdigest()[:16]

    class PackagedBytecode(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:  # unreadable: compiled, as if not kept
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            if sys.dont_write_bytecode or sys.pycache_prefix:
                return
            try:  # an install we may not write to compiles its templates each time
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return PackagedBytecode(str(BYTECODE), f"templates.{compiled_by}.%s.jinja")


def links(page: PurePosixPath) -> dict[str, str]:
    """The site-wide relative links every template needs, as seen from `page`."""
    return {"stylesheet": relative_url(page, STYLESHEET), "home": relative_url(page, INDEX)}


def common_lang(entries: list[PageEntry]) -> str:
    """The language most of `entries` are in (for the index and tag pages)."""
    langs = [e.lang for e in entries]
    return max(sorted(set(langs)), key=langs.count) if langs else "en"


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


def site_file(out: Path, path: PurePosixPath, folders: dict[PurePosixPath, Path]) -> Path:
    """The file for site path `path`, with its folder made; never outside `out`.
    `out` is a staging folder only the build writes in, so it holds no link: a folder is
    resolved and made once, when its first file is written (`folders` holds those made),
    not once per file (a tenth of the main process's time in a build)."""
    if path.is_absolute() or ".." in path.parts:
        raise SiteError(f"refusing to write outside the site: {path}")
    folder = folders.get(path.parent)
    if folder is None:
        folder = out.joinpath(*path.parent.parts)
        if not folder.resolve().is_relative_to(resolved(out)):
            raise SiteError(f"refusing to write outside the site: {path}")
        folder.mkdir(parents=True, exist_ok=True)
        folders[path.parent] = folder
    return folder / path.name


@lru_cache(maxsize=8)
def resolved(folder: Path) -> Path:
    """`folder.resolve()`, once per build: the site's folder is made by the build itself."""
    return folder.resolve()


def write_text(out: Path, path: PurePosixPath, text: str, folders: dict[PurePosixPath, Path]) -> None:
    """A file the main process makes itself (the index, a tag's page, the stylesheet, the
    site's marker), encoded as a note's page is (`utf8`)."""
    site_file(out, path, folders).write_bytes(utf8(text))


def copy_static(out: Path, folders: dict[PurePosixPath, Path]) -> None:
    """The packaged static files (the math font and its licence) into `static/`, so a
    page looks the same on a machine with no math font installed."""
    for source in sorted(p for p in STATIC.rglob("*") if p.is_file()):
        copy_file(out, STYLESHEET.parent / source.relative_to(STATIC).as_posix(), source, folders)


def copy_file(out: Path, path: PurePosixPath, source: Path, folders: dict[PurePosixPath, Path]) -> None:
    shutil.copyfile(source, site_file(out, path, folders))

