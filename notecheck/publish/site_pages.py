"""Rendering note pages, on every core when there are many.

Typesetting and templating a page costs about as much as checking its note, so a big
site renders its pages in worker processes. Each worker gets the site-wide context once
(the templates, the site root, every note's page) and renders a page from its note's
result with an empty record of copied files; the main process then takes the pages in
note order, and a page whose copied files collide with an earlier page's is rendered
again there with the full record, so the site is byte-for-byte the one a single process
builds.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator

from notecheck.publish.site_body import PageContext
from notecheck.publish.site_cache import file_state

PARALLEL_FROM = 8  # pages to render: below this, starting workers costs more than it saves
PAGE_TEMPLATES = ("note.html", "formula.html")  # what rendering a note's page compiles
_context: dict[str, Any] = {}  # per process: what every page of this build shares


def start(renderers: tuple[Callable, Callable, Callable], theme: Path | None, root: Path,
          note_pages: dict[Path, PurePosixPath], load_result: Callable[[Any], Any] | None,
          sources: tuple[Path, ...] | None = None) -> None:
    """Set the site-wide context for `render` (in a worker, or in the main process).
    `renderers` are the site's template environment, formula renderer and page renderer
    (handed over, not imported: the site module imports this one)."""
    environment, formula_renderer, page_renderer = renderers
    # a worker forked from the process that made the environment has it, templates compiled
    forked = _context.get("maker", os.getpid()) != os.getpid() and _context.get("theme", False) == theme \
        and _context.get("environment") is environment
    if not forked:
        _context.update(env=environment(theme), maker=os.getpid(), theme=theme, environment=environment)
    _context.update(formula_renderer=formula_renderer, page_renderer=page_renderer, root=root,
                    note_pages=note_pages, load_result=load_result, sources=sources)


def render(task: tuple[Any, list[tuple[str, str]]], claimed: dict | None = None) -> tuple:
    """One page: (html, the build's findings on it, files to copy, what its links found)."""
    entry, tag_links = task
    env, load_result = _context["env"], _context["load_result"]
    if load_result is not None:
        entry = replace(entry, result=load_result(entry.result))
    ctx = PageContext(entry.result, entry.path, _context["root"], _context["note_pages"],
                      render_formula=_context["formula_renderer"](env), sources=_context["sources"])
    html = _context["page_renderer"](env, entry, ctx, tag_links, {} if claimed is None else claimed)
    return html, ctx.findings, ctx.copies, file_state(ctx.probes)


def render_all(tasks: list, jobs: int, context: tuple) -> Iterator[tuple]:
    """`render` of every task, in order; in `jobs` processes when there are enough.
    `context` is `start`'s arguments; `render` also works in this process after this."""
    start(*context)
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        return (render(task) for task in tasks)
    return _in_pool(tasks, jobs, context)


def _in_pool(tasks: list, jobs: int, context: tuple) -> Iterator[tuple]:
    from concurrent.futures import ProcessPoolExecutor

    for name in PAGE_TEMPLATES:  # compiled once, here, for every worker forked from this process
        _context["env"].get_template(name)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=start, initargs=context) as pool:
        yield from pool.map(render, tasks, chunksize=1)


def collides(copies: dict[PurePosixPath, Path], claimed: dict[PurePosixPath, Path]) -> bool:
    """Whether an earlier page copied another file to one of these places."""
    return any(claimed.get(destination, source) != source for destination, source in copies.items())
