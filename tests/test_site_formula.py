"""The packaged formula template written out (`site_formula`) gives the HTML Jinja
renders from the template, on every formula of our notes, the examples, the seeds and
the corpus (claims, findings, fixes, problems, expected results), as a block and inline,
and on claims whose text needs escaping; a theme's or an edited template is left to Jinja."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.config import load
from notecheck.findings import Finding
from notecheck.pipeline import check_file
from notecheck.publish import site_formula
from notecheck.publish.site import template_environment
from notecheck.publish.site_body import ClaimView, FormulaView, formula_views
from notecheck.result import Claim

from note_formulas import NOTE_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]


def packaged():
    template = template_environment(None).get_template("formula.html")
    written = site_formula.formula_writer(template)
    assert written is not None, "formula.html changed: write it out again in site_formula, and its digest"
    return template, written


def assert_same(template, written, views):
    for view in views:
        for block in (False, True):
            assert written(view, block) == template.render(view=view, block=block), (view, block)


def views_in(folders):
    config = load(ROOT)
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in NOTE_SUFFIXES:
                yield from formula_views(check_file(path, str(path), config))


def test_same_html_on_our_notes_and_examples():
    template, written = packaged()
    views = list(views_in([ROOT / "examples", ROOT / "tests" / "notes"]))
    assert any(v.claims for v in views) and any(v.problems for v in views)
    assert_same(template, written, views)


def test_same_html_on_the_seeds_and_the_corpus(seeds, corpus):
    template, written = packaged()
    views = list(views_in([seeds, corpus]))
    assert any(c.expected_html for v in views for c in v.claims) and any(f.fix for v in views for f in v.findings)
    assert any(len(v.claims) > 1 for v in views)
    assert_same(template, written, views)


TEXT = st.text(alphabet="a<>&\"' `\\^_{}x=", max_size=12)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, TEXT, st.sampled_from(["verified", "failed", "unverified", "<odd>"]), st.integers(0, 3),
       st.sampled_from(["", "f3", "a\"<b"]), st.integers(0, 40), st.booleans())
def test_same_html_whatever_the_text(kind, message, fix, verdict, step, anchor, line, display):
    template, written = packaged()
    claim = Claim(formula=0, step=step, kind=kind, verdict=verdict, message=message, expected=fix or None)
    findings = [Finding("NC501", message, line=1, fix=fix or None), Finding("NC601", kind, line=1, fix=kind)]
    problems = [Finding("NC201", message, line=1), Finding("NC301", fix, line=1), Finding("NC201", kind, line=1)]
    views = [FormulaView(0, anchor, "<math>x</math>", "x", display, claims=[ClaimView(claim, fix or None)] * (step % 3),
                         findings=findings, line=line, problems=problems if step else []),
             FormulaView(-1, "", "<code>x &amp;</code>", "x", display, [], [])]
    assert_same(template, written, views)


def test_a_theme_or_an_edited_template_is_rendered_by_jinja(tmp_path, monkeypatch):
    (tmp_path / "formula.html").write_text("<b>{{ view.latex }}</b>", encoding="utf-8")
    assert site_formula.formula_writer(template_environment(tmp_path).get_template("formula.html")) is None
    assert site_formula.formula_writer(template_environment(tmp_path).get_template("note.html")) is None
    site_formula.packaged_as_written.cache_clear()
    monkeypatch.setattr(site_formula, "WRITTEN_FOR", "0" * 64)
    try:
        assert site_formula.formula_writer(template_environment(None).get_template("formula.html")) is None
    finally:
        site_formula.packaged_as_written.cache_clear()
