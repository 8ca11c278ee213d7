"""Rendering note pages, each in the process that checked its note.

Typesetting and templating a page costs about as much as checking its note, and both
need the note read and its Markdown parsed: so a build renders each note's page right
after checking it, in the same worker, from the note and result it holds (`PageMaker`,
handed to the pipeline), and sends back the page instead of keeping the note. Each
worker gets the site-wide context once (the templates, the site root, every note's page,
every tag's page: the `SitePlan`) and renders a page with an empty record of copied
files; the main process then takes the pages in note order, and a page whose copied
files collide with an earlier page's is rendered again there with the full record, so
the site is byte-for-byte the one a single process builds.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from notecheck.publish.site_body import PageContext, markdown_renderer
from notecheck.publish.site_cache import file_state, page_key
from notecheck.publish.site_paths import relative_url
from notecheck.publish.site_plan import SitePlan, index_entry, lang_sample

# what rendering a note's page compiles (note.html extends base.html)
PAGE_TEMPLATES = ("note.html", "base.html", "formula.html")
_context: dict[str, Any] = {}  # per process: what every page of this build shares
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def start(renderers: tuple[Callable, Callable, Callable], theme: Path | None, root: Path,
          note_pages: dict[Path, PurePosixPath], sources: tuple[Path, ...] | None = None) -> None:
    """Set the site-wide context for `render` (in a worker, or in the main process).
    `renderers` are the site's template environment, formula renderer and page renderer
    (handed over, not imported: the site module imports this one)."""
    environment, formula_renderer, page_renderer = renderers
    # An environment made for the same theme is kept, its templates compiled once: in a worker
    # forked from the process that made it, and for the packaged templates (which do not
    # change) in that process too, by the pages' maker and writer of a build alike. Made
    # again, the templates `PageMaker.prepare` compiled were compiled again by the writer's
    # process and by each worker. A theme's folder may gain a template between builds of
    # one process, so its environment is made again there.
    kept = _context.get("theme", False) == theme and _context.get("environment") is environment and (
        theme is None or _context.get("maker") != os.getpid())
    if not kept:
        _context.update(env=environment(theme), maker=os.getpid(), theme=theme, environment=environment)
    _context.update(formula_renderer=formula_renderer, page_renderer=page_renderer, root=root,
                    note_pages=note_pages, sources=sources, pid=os.getpid())


def environment() -> Any:
    """The template environment `start` set."""
    return _context["env"]


def render(entry: Any, tag_links: list[tuple[str, str]], claimed: dict | None = None) -> tuple:
    """One page, of `entry` (a `PageEntry` whose result holds the note's token stream):
    (its HTML as the bytes of its file, the build's findings on it, files to copy, what
    its links found). Encoded here, in the process that rendered it: sent and cached as
    bytes, a page is copied, not decoded and encoded again by the process that writes
    it (a twentieth of that process's work while the workers run)."""
    env = _context["env"]
    ctx = PageContext(entry.result, entry.path, _context["root"], _context["note_pages"],
                      render_formula=_context["formula_renderer"](env), sources=_context["sources"])
    html = _context["page_renderer"](env, entry, ctx, tag_links, {} if claimed is None else claimed)
    return utf8(html), ctx.findings, ctx.copies, file_state(ctx.probes)


def utf8(text: str) -> bytes:
    """`text` as UTF-8, with U+FFFD for the lone surrogates a file name that is not UTF-8
    decodes to (looked for only in a text that has one: scanning every page for them took
    8% of the main process's time in a build)."""
    try:
        return text.encode("utf-8")  # fails on a lone surrogate and on nothing else
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def tag_links(page: PurePosixPath, tags: list[str], tag_pages: dict[str, PurePosixPath]) -> list[tuple[str, str]]:
    """Each of a page's tags with the link to its tag page."""
    return [(t, relative_url(page, tag_pages[t])) for t in tags]


class PageMaker:
    """A note's page, rendered by the pipeline in the process that checked the note
    (`__call__`, on its full result), for the notes whose page the build wants
    (`wanted`: not one the cache holds). Pickles (for a worker that is not forked); a
    forked worker finds the templates compiled in the main process (`prepare`)."""

    def __init__(self, plan: SitePlan, renderers: tuple[Callable, Callable, Callable], theme: Path | None,
                 sources: tuple[Path, ...] | None, cache: Any = None, site: str | None = None) -> None:
        self.plan, self.renderers, self.theme, self.sources = plan, renderers, theme, sources
        self.cache, self.site = cache, site
        self.index = {path: i for i, path in enumerate(plan.notes)}

    def prepare(self) -> None:
        """Make the templates here, and load the typesetter and markdown-it's renderer,
        before the workers are forked from this process: each worker found them made
        (typesetting loads latex2mathml, importlib.metadata and urllib: 40 ms of CPU)."""
        self._start()
        for name in PAGE_TEMPLATES:
            _context["env"].get_template(name)
        import notecheck.publish.mathml_fast  # noqa: F401 - here, not at the first formula of each worker

        markdown_renderer()

    def wanted(self, path: str, key: str | None) -> bool:
        """Whether the note reported as `path` (its result cached under `key`) needs its
        page rendered: not when the cache holds the page its plan says it has."""
        if self.cache is None or key is None:
            return True
        i = self.index[path]
        links = tag_links(self.plan.pages[i], self.plan.assumed[i][1], self.plan.tag_pages)
        return not self.cache.has("pages", page_key(self.cache, key, self.plan.pages[i], self.site, links))

    def __call__(self, result: Any) -> tuple | None:
        """The note's page as `render` gives it, or None when the note is not the one its
        plan placed (the build then starts again; see `SitePlan.holds`)."""
        i = self.index.get(result.note.path)
        if i is None or not self.plan.holds(i, result.note):
            return None
        if _context.get("page_maker") is not self or _context.get("pid") != os.getpid():
            self._start()
        path = self.plan.pages[i]
        entry = replace(index_entry(result, path), result=result)
        return render(entry, tag_links(path, entry.tags, self.plan.tag_pages))

    def shipped(self, result: Any, page: tuple | None) -> Any:
        """What goes back of `result`, with its `page` (as `__call__` made it), to the
        process that writes the site, when not the result itself: its digest
        (`NoteResult.digest`), all that process needs of a page it writes as it came.
        None for a page that copies files (that process renders it again, from the
        result, if an earlier page took one of its places) or that was not made."""
        if page is None or page[2]:
            return None
        return result.digest(lang_sample(result.note))

    def _start(self) -> None:
        start(self.renderers, self.theme, self.plan.root, self.plan.note_pages, self.sources)
        _context["page_maker"] = self


def collides(copies: dict[PurePosixPath, Path], claimed: dict[PurePosixPath, Path]) -> bool:
    """Whether an earlier page copied another file to one of these places."""
    return any(claimed.get(destination, source) != source for destination, source in copies.items())
