"""The site as a reader and a publisher see it: pages, marks, index, determinism."""

from __future__ import annotations

import os
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from notecheck.findings import Finding
from notecheck.read import Formula, Note
from notecheck.result import Claim, Layout, NoteResult
from notecheck.publish import build_site

MATH = {"math_inline", "math_block", "math_inline_double"}


def make_note(path: Path, text: str, title: str = "", front_matter: dict | None = None) -> Note:
    """A Note the way the reader makes one: tokens with math tokens numbered in order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(dollarmath_plugin).enable("table")
    tokens = md.parse(text)
    formulas: list[Formula] = []
    for block in tokens:
        for token in [block, *(block.children or [])]:
            if token.type in MATH:
                line = block.map[0] + 1 if block.map else 1
                token.meta["formula"] = len(formulas)
                formulas.append(Formula(token.content.strip(), line, 1, line, token.block, "$"))
    return Note(str(path), text, title or path.stem, front_matter or {}, formulas, tokens=tokens)


def make_result(note: Note, verdicts: dict[int, list[str]] | None = None, findings=(),
                layout: Layout | None = None) -> NoteResult:
    """A NoteResult with claims of the given verdicts at the given formula indices."""
    claims = [
        Claim(i, step, "step", v, message=f"{v} claim at formula {i}",
              expected=r"\boldsymbol{a}^T X" if v == "failed" else None)
        for i, vs in (verdicts or {}).items() for step, v in enumerate(vs)
    ]
    return NoteResult(note, claims=claims, findings=list(findings),
                      layout=layout or Layout("denominator", "inferred from 2 of 2 derivative claims"))


GRADIENT_NOTE = """---
title: gradients
---
# Gradients

Let $f = \\boldsymbol{a}^T X \\boldsymbol{b}$ where $X$ is m×n.

$$
\\frac{\\partial f}{\\partial X} = \\boldsymbol{b} \\boldsymbol{a}^T
$$

And $df = \\text{tr}(G^T dX)$ holds.
"""


def gradient_result(tmp_path: Path) -> NoteResult:
    note = make_note(tmp_path / "notes" / "grad.md", GRADIENT_NOTE, "gradients", {"tags": ["math", "矩阵"]})
    return make_result(note, {1: ["verified"], 2: ["failed"], 3: ["unverified", "verified"]})


def visible_text(html: str) -> str:
    """What a reader sees of `html`: tags and MathML source annotations removed."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<annotation\b.*?</annotation>", "", html, flags=re.DOTALL))


def formula_element(html: str, index: int) -> str:
    match = re.search(rf'<(div|span) class="nc-formula[^"]*" id="f{index}"[^>]*>', html)
    assert match, f"formula {index} not on the page"
    return match.group(0)


def test_page_per_note_and_index(tmp_path):
    clean = make_result(make_note(tmp_path / "notes" / "a.md", "# A\n\n$x = x$\n", "A"), {0: ["verified"]})
    results = [gradient_result(tmp_path), clean]
    mask = os.umask(0o022)
    try:
        build_site(results, tmp_path / "site")
    finally:
        os.umask(mask)
    site = tmp_path / "site"
    assert site.stat().st_mode & 0o755 == 0o755, "a web server can read the published folder"
    assert (site / "grad.html").is_file() and (site / "a.html").is_file()
    index = (site / "index.html").read_text("utf-8")
    assert index.index('href="grad.html"') < index.index('href="a.html"'), "worst note first"
    page = (site / "grad.html").read_text("utf-8")
    assert "<title>gradients</title>" in page and "<math" in page
    assert 'data-count="failed">✗ 1 failed' in page
    assert "denominator layout" in page
    assert (site / "tags" / "矩阵.html").is_file()
    assert 'href="tags/%E7%9F%A9%E9%98%B5.html"' in page


def test_every_failed_claim_is_marked_on_its_formula(tmp_path):
    result = gradient_result(tmp_path)
    build_site([result], tmp_path / "site")
    page = (tmp_path / "site" / "grad.html").read_text("utf-8")
    for claim in result.claims:
        element = formula_element(page, claim.formula)
        worst = "failed" if claim.formula == 2 else ("unverified" if claim.formula == 3 else "verified")
        assert f'data-verdict="{worst}"' in element
    assert page.count('class="nc-formula') == 4
    assert page.count('data-verdict="failed"') == 1
    # the failure's explanation: message and the expected expression typeset
    explain = page[page.index('id="f2"'):page.index('id="f3"')]
    assert "failed claim at formula 2" in explain
    assert "<math" in explain.split('<span class="nc-label">expected</span>')[1]
    # a formula with two claims lists both, worst verdict on the formula
    both = page[page.index('id="f3"'):]
    assert both.count("data-claim-verdict=") == 2


def test_no_remote_scripts_or_stylesheets(tmp_path):
    build_site([gradient_result(tmp_path)], tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script" not in html
        for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
            assert "://" not in href and not href.startswith("//") and not href.startswith("/")


def test_two_builds_are_byte_identical(tmp_path):
    result = gradient_result(tmp_path)
    build_site([result], tmp_path / "one")
    build_site([result], tmp_path / "two")
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    for name in files:
        if (tmp_path / "one" / name).is_file():
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_findings_not_tied_to_a_claim_are_listed_with_lines(tmp_path):
    result = gradient_result(tmp_path)
    result.findings = [
        Finding("NC301", "product of 3×1 and 3×1", line=6, formula=result.note.formulas[1].latex),
        Finding("NC201", "formula does not parse: unexpected }", line=12),
    ]
    build_site([result], tmp_path / "site")
    page = (tmp_path / "site" / "grad.html").read_text("utf-8")
    panel = page[page.index('class="nc-findings"'):page.index('class="nc-body"')]
    assert "NC301" in panel and "NC201" in panel
    assert "line 12" in panel and '<a href="#f1">line 6</a>' in panel
    assert 'data-findings="NC301" title="NC301 product of 3×1 and 3×1"' in formula_element(page, 1)


def test_formula_that_cannot_be_typeset_shows_its_latex(tmp_path):
    note = make_note(tmp_path / "n.md", "Broken $\\frac{a$ and fine $b$.\n")
    build_site([make_result(note, {0: ["unverified"]})], tmp_path / "site")
    page = (tmp_path / "site" / "n.html").read_text("utf-8")
    assert '<code class="nc-tex-error nc-inline" title="could not typeset">\\frac{a</code>' in page
    assert 'data-verdict="unverified"' in formula_element(page, 0)


def test_a_failed_claims_finding_and_fix_show_beside_it_not_in_the_panel(tmp_path):
    result = gradient_result(tmp_path)
    formula = result.note.formulas[2]
    result.claims[1].lhs = r"\frac{\partial f}{\partial X}"
    result.findings = [Finding("NC501", "transposed (numerator layout)", line=formula.line,
                               formula=formula.latex, fix=r"\boldsymbol{a}\boldsymbol{b}^T")]
    build_site([result], tmp_path / "site")
    page = (tmp_path / "site" / "grad.html").read_text("utf-8")
    explain = page[page.index('id="f2"'):page.index('id="f3"')]
    fix = explain[explain.index('class="nc-fix"'):]
    assert "NC501" in explain and "<math" in fix.split("</math>")[0], "the fix is typeset"
    assert "\\" not in visible_text(explain), "no LaTeX source printed under the typeset formula"
    assert "<mfrac>" in explain.split('<span class="nc-label">expected</span>')[1], "expected shown as an equation"
    assert 'class="nc-findings"' not in page


def test_no_notes_still_gives_an_index(tmp_path):
    assert build_site([], tmp_path / "site") == []
    assert "0 notes" in (tmp_path / "site" / "index.html").read_text("utf-8")


def test_an_equation_image_alone_in_its_paragraph_is_shown_as_display_math(tmp_path):
    # Zhihu exports turn display equations into images on their own line
    note = make_note(tmp_path / "z.md", "text $a$ more\n\n$b=c$\n\n$d$\n")
    for formula in note.formulas[:2]:
        formula.delimiter = "image"
    build_site([make_result(note)], tmp_path / "site")
    page = (tmp_path / "site" / "z.html").read_text("utf-8")
    assert 'class="nc-formula nc-inline" id="f0"' in page
    assert 'class="nc-formula nc-display" id="f1"' in page and 'display="block"' in page
    assert 'class="nc-formula nc-inline" id="f2"' in page, "a $..$ alone stays inline, as written"


def test_github_math_is_typeset_and_marked_not_shown_as_code(tmp_path):
    from notecheck.config import Config
    from notecheck.pipeline import run

    note = tmp_path / "gh.md"
    note.write_text("Let $`A \\in \\mathbb{R}^{m \\times n}`$ and $`B \\in \\mathbb{R}^{n \\times p}`$.\n\n"
                    "```math\n(AB)^T = A^T B^T\n```\n", encoding="utf-8")
    results = run([note], Config(), jobs=1)
    assert [c.verdict for c in results[0].claims] == ["failed"]
    build_site(results, tmp_path / "site")
    page = (tmp_path / "site" / "gh.html").read_text("utf-8")
    assert 'class="nc-formula nc-inline" id="f0"' in page and 'class="nc-formula nc-inline" id="f1"' in page
    assert re.search(r'class="nc-formula nc-display" id="f2"[^>]*data-verdict="failed"', page)
    assert "<pre" not in page and "$`" not in page and "```" not in page


def test_packaged_templates_are_compiled_once_and_kept(tmp_path, monkeypatch):
    import sys

    from notecheck.publish import site

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setattr(site, "BYTECODE", tmp_path / "kept")
    first = site.template_environment(None)
    html = first.get_template("note.html")
    assert list((tmp_path / "kept").glob("templates.*.jinja"))
    again = site.template_environment(None)
    monkeypatch.setattr(again, "compile", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError("compiled")))
    assert again.get_template("note.html").root_render_func.__code__.co_code == html.root_render_func.__code__.co_code
    assert site.template_environment(tmp_path).bytecode_cache is None  # a theme's templates are compiled each time


def test_templates_compile_where_their_code_cannot_be_kept(tmp_path, monkeypatch):
    import sys

    from notecheck.publish import site

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(site, "BYTECODE", tmp_path / "a-file" / "kept")
    assert site.template_environment(None).get_template("formula.html")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(site, "BYTECODE", tmp_path / "not-written")
    assert site.template_environment(None).get_template("formula.html")
    assert not (tmp_path / "not-written").exists()


def test_a_formula_is_written_as_the_packaged_template_writes_it():
    """A formula is written without `formula.html` (rendering the template was a sixth of
    rendering a page): the same bytes, on every view of our notes and on odd ones."""
    from notecheck.config import Config
    from notecheck.pipeline import check_file
    from notecheck.publish.site import template_environment, written_formula
    from notecheck.publish.site_body import ClaimView, FormulaView, formula_views

    template = template_environment(None).get_template("formula.html")
    root = Path(__file__).resolve().parents[1]
    views = [view for path in sorted((root / "examples").glob("*.md")) + sorted((root / "tests" / "notes").glob("*.md"))
             for view in formula_views(check_file(path, path.name, Config()))]
    odd = ['a"<&\'b', "", "f0", "é1"]
    views += [FormulaView(0, anchor, "<math>\n<mi>x</mi>\n</math>", "x", display, [], [], line=line)
              for anchor in odd for display in (False, True) for line in (0, 7)]
    claims = [ClaimView(Claim(0, step, 'k<"&', verdict, message="`A^T` is < B & \"C\"", expected="B", lhs="A"),
                        "<math><mi>B</mi></math>" if step else None)
              for step, verdict in enumerate(["failed", "verified", "unverified"])]
    findings = [Finding("NC401", "m", fix="B"), Finding("NC402", "n", fix="x_{<i>}"), Finding("NC501", "o")]
    problems = [Finding("NC201", 'a<b & "c"'), Finding("NC201", "again"), Finding("NC202", "x")]
    views += [FormulaView(3, anchor, "<math><mi>y</mi></math>", "y", True, claims[:n], findings if n else [],
                          line=2, problems=problems if n != 1 else [])
              for anchor in odd[:2] for n in (0, 1, 3)]
    assert sum(bool(v.claims) for v in views) > 100 and sum(bool(v.problems) for v in views) > 5
    for view in views:
        for block in (False, True):
            expected = re.sub(r">\s*\n\s*<", "><", template.render(view=view, block=block)).strip()
            assert written_formula(view, block) == expected, view


def test_a_value_is_escaped_as_jinjas_autoescape_escapes_it():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markupsafe import Markup, escape

    from notecheck.publish.site import escaped

    @settings(max_examples=500, deadline=None)
    @given(st.one_of(st.text(alphabet=st.sampled_from("&<>\"'ab é\n\ud800"), max_size=12), st.integers(),
                     st.booleans(), st.none(), st.text(max_size=8).map(Markup)))
    def same(value):
        assert escaped(value) == str(escape(value))

    same()
