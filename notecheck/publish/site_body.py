"""A note's body as HTML: its markdown-it tokens rendered, each formula typeset and
wearing the verdict of its claims, links and images resolved against the notes' folder.

Renders from the token stream the reader made (no second Markdown parse, no LaTeX
parse). Raw HTML in a note is never passed through: comments are dropped, `<br>` kept,
anything else shown as text. Tokens are never mutated, so building twice gives the same
bytes.
"""

from __future__ import annotations

import re
from dataclasses import field, replace
from functools import lru_cache
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any, Callable
from urllib.parse import urlsplit

from notecheck.findings import Finding
from notecheck.publish.mathml import typeset
from notecheck.read import heading_text
from notecheck.records import Record
from notecheck.result import FAILED, UNVERIFIED, VERIFIED, Claim, NoteResult
from notecheck.publish.site_paths import (
    asset_destination,
    hashed_destination,
    is_remote,
    local_target,
    within_sources,
    relative_url,
)

VERDICT_RANK = {VERIFIED: 0, UNVERIFIED: 1, FAILED: 2}
MARKS = {VERIFIED: "✓", FAILED: "✗", UNVERIFIED: "?"}
# Findings that explain a claim; shown beside the claim, not in the findings panel.
CLAIM_CODES = frozenset({"NC401", "NC402", "NC403", "NC501", "NC502", "NC601", "NC701"})
MATH_TOKENS = frozenset(
    {"math_inline", "math_inline_double", "math_block", "math_block_eqno", "amsmath"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class ClaimView(Record):
    """One claim as its explanation shows it."""

    claim: Claim
    expected_html: str | None

    @property
    def mark(self) -> str:
        return MARKS.get(self.claim.verdict, "?")


class FormulaView(Record):
    """What the page shows for one formula: typeset math, verdict, claims, fixes."""

    index: int
    anchor: str
    math_html: str
    latex: str
    display: bool
    claims: list[ClaimView]
    findings: list[Finding]
    line: int = 0  # 1-based line in the file (in the cell, for notebooks); 0 if unknown
    # findings on the formula itself (parse, shape, reading), listed in the panel
    problems: list[Finding] = field(default_factory=list)

    @property
    def expected(self) -> list[str | None]:
        """The results the claims' lines show as expected: a fix that is one of them is
        not shown again."""
        return [c.claim.expected for c in self.claims]

    @property
    def problem_summary(self) -> str:
        return "; ".join(f"{f.code} {f.message}" for f in self.problems)

    @property
    def verdict(self) -> str | None:
        """The worst verdict of the formula's claims (failed > unverified > verified)."""
        if not self.claims:
            return None
        return max((c.claim.verdict for c in self.claims), key=lambda v: VERDICT_RANK.get(v, 1))

    @property
    def mark(self) -> str:
        return MARKS.get(self.verdict or "", "")


def formula_anchor(index: int) -> str:
    return f"f{index}"


def locate_findings(result: NoteResult) -> dict[int, list[Finding]]:
    """Findings that belong to a formula, by formula index: same LaTeX, and a line
    inside the formula's lines."""
    by_latex: dict[str, list[int]] = {}
    for i, formula in enumerate(result.note.formulas):
        by_latex.setdefault(formula.latex, []).append(i)
    located: dict[int, list[Finding]] = {}
    for finding in result.findings:
        for i in by_latex.get(finding.formula or "", []) if finding.formula is not None else []:
            formula = result.note.formulas[i]
            if formula.line <= finding.line <= max(formula.end_line, formula.line):
                located.setdefault(i, []).append(finding)
                break
    return located


def formula_views(result: NoteResult) -> list[FormulaView]:
    """A view per formula of the note, claims sorted by step."""
    claims: dict[int, list[Claim]] = {}
    for claim in result.claims:
        claims.setdefault(claim.formula, []).append(claim)
    located = locate_findings(result)
    views = []
    for i, formula in enumerate(result.note.formulas):
        own = sorted(claims[i], key=claim_order) if i in claims else []
        found = located.get(i, [])
        views.append(FormulaView(
            i, formula_anchor(i), typeset(formula.latex, formula.display), formula.latex, formula.display,
            claims=[ClaimView(c, expected_html(c)) for c in own],
            findings=[f for f in found if f.code in CLAIM_CODES] if own else [],
            line=formula.line,
            problems=[f for f in found if f.code not in CLAIM_CODES] if own else list(found),
        ))
    return views


def claim_order(claim: Claim) -> tuple[int, str]:
    return claim.step, claim.kind


def expected_html(claim: Claim) -> str | None:
    """The re-derived result typeset, as an equation with the claim's left side if known."""
    if not claim.expected:
        return None
    latex = f"{claim.lhs} = {claim.expected}" if claim.lhs else claim.expected
    return typeset(latex, True)


def panel_findings(result: NoteResult, views: list[FormulaView],
                   extra: list[Finding]) -> list[tuple[Finding, str | None]]:
    """Findings not shown beside a claim (and `extra`, the build's own), each with the
    anchor of its formula if any, in line order."""
    shown = {id(f) for view in views for f in view.findings}
    # the rest of a formula's findings are its problems (views are formula_views(result))
    located = {id(f): view.anchor for view in views for f in view.problems}
    rest = [f for f in [*result.findings, *extra] if id(f) not in shown]
    rest.sort(key=lambda f: (f.cell if f.cell is not None else -1, f.line, f.col, f.code))
    return [(f, located.get(id(f))) for f in rest]


class PageContext(Record):
    """What rendering one note's body needs to know and what it collects."""

    result: NoteResult
    page: PurePosixPath
    root: Path
    note_pages: dict[Path, PurePosixPath]
    render_formula: Callable[[FormulaView, bool], str]
    views: list[FormulaView] = field(default_factory=list)
    copies: dict[PurePosixPath, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    line: int = 1
    sources: tuple[Path, ...] | None = None  # resolved paths given for notes; links stay inside them
    # every local href looked up, with the file it named then (None: no such file); an
    # incremental build re-renders the page when one of them changes
    probes: dict[str, Path | None] = field(default_factory=dict)

    @property
    def note_dir(self) -> Path:
        return Path(self.result.note.path).resolve().parent


def render_body(ctx: PageContext, claimed: dict[PurePosixPath, Path]) -> str:
    """The note's body HTML. `claimed` maps every site path already taken by a copied
    file to its source, shared across pages so two notes never overwrite each other."""
    ctx.views = formula_views(ctx.result)
    note = ctx.result.note
    if not note.tokens:
        return render_without_tokens(ctx)
    renderer = _AnnotatingRenderer(markdown_renderer(), ctx, claimed)
    try:
        return renderer.render(note.tokens, renderer.options, {})
    finally:
        # its rules are its own bound methods, a cycle that kept the renderer, and through
        # it the note's whole result and token stream, for the garbage collector to find:
        # 260,000 objects and 0.2 s of its walks per 100 notes built. Cleared, they are
        # freed as the page is done.
        renderer.rules.clear()


@lru_cache(maxsize=1)
def markdown_renderer() -> Any:
    """markdown-it, for its HTML rules and options: made once per process (making one
    collects its renderer's rules by introspection, 2% of a page), and it keeps no state
    between renders."""
    from markdown_it import MarkdownIt  # lazy: only `build` renders

    return MarkdownIt("commonmark", {"html": False})


def render_without_tokens(ctx: PageContext) -> str:
    """Notes with no token stream (a notebook reader may give only paragraphs and
    formulas): paragraphs in order, formulas not inside a paragraph as display blocks."""
    note = ctx.result.note
    inside = {p for para in note.paragraphs for p in para.parts if isinstance(p, int)}
    items: list[tuple[tuple[int, int, int], str]] = []
    for order, para in enumerate(note.paragraphs):
        parts = [
            ctx.render_formula(ctx.views[p], False) if isinstance(p, int) and p < len(ctx.views)
            else escape(str(p))
            for p in para.parts
        ]
        items.append(((paragraph_cell(note, para.parts), para.line, order), "<p>" + "".join(parts) + "</p>\n"))
    for view, formula in zip(ctx.views, note.formulas):
        if view.index not in inside:
            key = (formula.cell if formula.cell is not None else -1, formula.line, view.index)
            items.append((key, ctx.render_formula(view, True) + "\n"))
    if not items and note.text.strip():
        return f"<pre class=\"nc-plain\">{escape(note.text)}</pre>\n"
    return "".join(html for _, html in sorted(items, key=lambda item: item[0]))


def paragraph_cell(note: Any, parts: tuple) -> int:
    """The notebook cell a paragraph is in, known from its first formula (-1 if none)."""
    for part in parts:
        if isinstance(part, int) and part < len(note.formulas) and note.formulas[part].cell is not None:
            return note.formulas[part].cell
    return -1


def _missing(ctx: PageContext, href: str, what: str) -> None:
    ctx.findings.append(
        Finding("NC107", f"{what} '{href}' points to no file in the notes folder", line=ctx.line)
    )


def title_heading(tokens: list[Any], title: str) -> range:
    """Indices of the note's leading heading when it only repeats the title the page's
    header shows (nothing shown before it, no formula in it); else empty."""
    for i, token in enumerate(tokens):
        if token.type == "front_matter" or (token.type == "html_block"
                                            and not _AnnotatingRenderer.raw_html(token.content).strip()):
            continue  # renders as nothing (an HTML comment is dropped)
        if token.type != "heading_open" or i + 2 >= len(tokens):
            return range(0)
        inline = tokens[i + 1]
        has_formula = any(c.type in MATH_TOKENS or (isinstance(c.meta, dict) and "formula" in c.meta)
                          for c in inline.children or [])
        if has_formula or heading_text(inline) != title.strip():
            return range(0)
        return range(i, i + 3)
    return range(0)


class _AnnotatingRenderer:
    """markdown-it's HTML renderer with rules for formulas, links, images and raw HTML."""

    def __init__(self, md: Any, ctx: PageContext, claimed: dict[PurePosixPath, Path]) -> None:
        self.base = md.renderer
        self.options = md.options
        self.ctx = ctx
        self.claimed = claimed
        self.link_stack: list[bool] = []  # per open link: was it rendered as <a>?
        # a token's rule by its type, looked up once here, not per token (a page has thousands):
        # a math token's before ours (`rule_...`) before markdown-it's
        self.rules: dict[str, Callable] = {
            **md.renderer.rules,
            **{name[5:]: getattr(self, name) for name in dir(self) if name.startswith("rule_")},
            **dict.fromkeys(MATH_TOKENS, self.math),
        }
        # only a note with an equation image can have a paragraph that is one
        self.image_formulas = any(f.delimiter == "image" for f in ctx.result.note.formulas)

    def render(self, tokens: list[Any], options: Any, env: dict) -> str:
        out = []
        title = title_heading(tokens, str(self.ctx.result.note.title or ""))
        for i, token in enumerate(tokens):
            if i in title:
                continue  # the page's header shows the title already
            if token.map:
                self.ctx.line = token.map[0] + 1
            if token.type == "inline":
                lone = self.lone_image_formula(token.children or []) if self.image_formulas else None
                if lone is not None:
                    view = replace(lone, display=True, math_html=typeset(lone.latex, True))
                    out.append(self.ctx.render_formula(view, False))
                else:
                    out.append(self.render_inline(token.children or [], options, env))
            else:
                out.append(self.render_token(tokens, i, options, env))
        return "".join(out)

    def render_inline(self, tokens: list[Any], options: Any, env: dict) -> str:
        return "".join([self.render_token(tokens, i, options, env) for i in range(len(tokens))])

    def render_token(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        token = tokens[i]
        if isinstance(token.meta, dict) and isinstance(token.meta.get("formula"), int):
            return self.formula(token)
        rule = self.rules.get(token.type)
        if rule is not None:
            return rule(tokens, i, options, env)
        return self.base.renderToken(tokens, i, options, env)

    def math(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        """A math token the reader did not number (its formulas carry their index)."""
        token = tokens[i]
        return self.ctx.render_formula(self.loose_formula(token), token.block)

    def lone_image_formula(self, children: list[Any]) -> FormulaView | None:
        """The formula of a paragraph that holds nothing else, if it came from an equation
        image (a Zhihu export): there, a display equation became an image on its own line."""
        formulas = [c for c in children if isinstance(c.meta, dict) and isinstance(c.meta.get("formula"), int)]
        if len(formulas) != 1:
            return None
        index = formulas[0].meta["formula"]
        if not 0 <= index < len(self.ctx.views) or self.ctx.result.note.formulas[index].delimiter != "image":
            return None
        if any(c is not formulas[0] and not (c.type == "text" and not c.content.strip())
               and c.type not in ("softbreak", "hardbreak") for c in children):
            return None
        return self.ctx.views[index]

    def formula(self, token: Any) -> str:
        index = token.meta["formula"]
        if not 0 <= index < len(self.ctx.views):
            return self.ctx.render_formula(self.loose_formula(token), token.block)
        html = self.ctx.render_formula(self.ctx.views[index], token.block)
        return html + "\n" if token.block else html

    @staticmethod
    def loose_formula(token: Any) -> FormulaView:
        """A math token the reader did not number: typeset, no claims."""
        display = token.block or token.type == "math_inline_double"
        latex = token.content.strip()
        return FormulaView(-1, "", typeset(latex, display), latex, display, [], [])

    def rule_front_matter(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        return ""

    def rule_html_block(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        html = self.raw_html(tokens[i].content)
        return f"<p class=\"nc-raw-html\">{html}</p>\n" if html.strip() else ""

    def rule_html_inline(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        return self.raw_html(tokens[i].content)

    @staticmethod
    def raw_html(content: str) -> str:
        """Raw HTML from a note, shown as text: comments dropped, `<br>` kept."""
        content = re.sub(r"<!--.*?(-->|$)", "", content, flags=re.DOTALL)
        return "<br>".join(escape(part) for part in LINE_BREAK.split(content))

    def rule_link_open(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        href = str(tokens[i].attrs.get("href", ""))
        url = self.resolve(href, "link")
        self.link_stack.append(url is not None)
        if url is None:
            return f'<span class="nc-missing" title="{escape(href)}">'
        return f'<a href="{escape(url)}">'

    def rule_link_close(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        was_link = self.link_stack.pop() if self.link_stack else True
        return "</a>" if was_link else "</span>"

    def rule_image(self, tokens: list[Any], i: int, options: Any, env: dict) -> str:
        token = tokens[i]
        src = str(token.attrs.get("src", ""))
        alt = self.base.renderInlineAsText(token.children or [], options, env)
        url = self.resolve(src, "image")
        if url is None:
            return f'<span class="nc-missing" title="{escape(src)}">[{escape(alt or "image")}]</span>'
        title = token.attrs.get("title")
        title_attr = f' title="{escape(str(title))}"' if title else ""
        # a remote image stays (the author chose it; offline, its alt text shows), but
        # tells its host nothing about the page that shows it
        privacy = ' referrerpolicy="no-referrer"' if is_remote(src) else ""
        return f'<img src="{escape(url)}" alt="{escape(alt)}"{title_attr} loading="lazy"{privacy}>'

    def resolve(self, href: str, what: str) -> str | None:
        """The URL to put in the page for a note's link or image, copying the file it
        names into the site; None (and an NC107 finding) when it points to nothing."""
        if not href or href.startswith("#"):
            return href
        if is_remote(href):
            inline_image = what == "image" and href[:11].lower() == "data:image/"
            return href if urlsplit(href).scheme.lower() in SAFE_SCHEMES or inline_image else None
        ctx = self.ctx
        source = ctx.probes[href] = local_target(href, ctx.note_dir, ctx.root)
        if source is None or not within_sources(source, ctx.sources):
            _missing(ctx, href, what)
            return None
        fragment = urlsplit(href).fragment
        if source in ctx.note_pages:
            return relative_url(ctx.page, ctx.note_pages[source], fragment)
        destination = asset_destination(source, ctx.root, href, ctx.page)
        if self.claimed.get(destination, source) != source:  # another file is there already
            destination = hashed_destination(source, ctx.root)
        self.claimed[destination] = source
        ctx.copies[destination] = source
        return relative_url(ctx.page, destination, fragment)
