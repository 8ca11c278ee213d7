"""Untrusted notes cannot inject markup, write outside the site, or destroy a folder;
a failed build leaves the previous site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.findings import Finding
from notecheck.publish import typeset
from notecheck.result import Claim
from notecheck.publish import SiteError, build_site
from notecheck.publish.site_paths import page_path
from test_site_build import make_note, make_result

EVIL = "<script>alert(1)</script>"


def all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_script_in_title_tag_prose_formula_and_claim_shows_as_text(tmp_path):
    text = (
        f"# {EVIL}\n\n{EVIL} prose and <img src=x onerror=alert(1)> inline\n\n"
        "$\\text{<script>alert(2)</script>} = \\href{javascript:alert(3)}{x}$\n\n"
        "[click](javascript:alert(4))\n"
    )
    note = make_note(tmp_path / "n.md", text, title=EVIL, front_matter={"tags": [EVIL], "date": EVIL})
    result = make_result(note, {0: ["failed"]}, findings=[Finding("NC201", EVIL, line=3)])
    result.claims[0] = Claim(0, 0, "step", "failed", message=EVIL, expected="\\text{<img src=x onerror=alert(5)>}")
    build_site([result], tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script" not in html and "<img src=x" not in html, page
        assert 'href="javascript:' not in html and "onerror=alert(1)>" not in html
    html = (tmp_path / "site" / "n.html").read_text("utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # inside the typeset formula, as text


def test_mathml_keeps_only_whitelisted_markup():
    html = typeset(r"\text{</math><img src=x onerror=alert(1)>} \href{javascript:alert(1)}{y}", False)
    assert "<img" not in html and "href" not in html
    assert html.count("<math") == 1


def test_deeply_nested_formula_is_shown_as_latex_not_a_crash():
    html = typeset("{" * 10_000 + "x" + "}" * 10_000, True)
    assert html.startswith('<code class="nc-tex-error')


@pytest.mark.parametrize("permalink", [
    "../../etc/x", "/abs/path/page", "C:\\Windows\\evil", "..\\..\\up", "a\x00b/../../c", "//host/share/x",
    "/", "index.html", "tags/x.html",
])
def test_permalink_cannot_escape_or_take_site_files(tmp_path, permalink):
    (tmp_path / "notes").mkdir()
    before = all_files(tmp_path)
    note = make_note(tmp_path / "notes" / "a.md", "$x$\n", front_matter={"permalink": permalink, "tags": ["x"]})
    build_site([make_result(note, {0: ["verified"]})], tmp_path / "out" / "site")
    site = (tmp_path / "out" / "site").resolve()
    written = all_files(tmp_path) - before
    assert written, "something was written"
    for path in written:
        resolved = path.resolve()
        assert resolved == (tmp_path / "out").resolve() or resolved.is_relative_to(site) or path == tmp_path / "notes" / "a.md"
    pages = [p for p in site.rglob("*.html") if "nc-formula" in p.read_text("utf-8")]
    assert len(pages) == 1
    assert pages[0].name != "index.html" or pages[0].parent != site
    assert (site / "index.html").read_text("utf-8").count("nc-formula") == 0
    assert "nc-formula" not in (site / "tags" / "x.html").read_text("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("./\\:aZ.\x00 ?*<>|~%-_"), max_size=30) | st.text(max_size=30))
def test_any_permalink_gives_a_relative_path_of_plain_names(permalink):
    path = page_path("notes/x.md", permalink, Path("notes"))
    assert not path.is_absolute() and path.parts
    for part in path.parts:
        assert part not in ("", ".", "..") and not set(part) & set("/\\\x00:*?<>|")
    assert path.suffix in (".html", ".htm") or path.name.lower().endswith((".html", ".htm"))


def test_note_paths_with_odd_names_stay_inside(tmp_path):
    notes = tmp_path / "notes"
    odd = ["con.md", "a:b?.md", " spaced .md", "深度/学习.md"]
    results = [make_result(make_note(notes / name, "$x$\n"), {0: ["verified"]}) for name in odd]
    build_site(results, tmp_path / "site")
    pages = sorted(str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*.html"))
    assert pages == ["_con.html", "a_b_.html", "index.html", "spaced.html", "深度/学习.html"]


def test_links_outside_the_notes_folder_are_not_copied(tmp_path):
    (tmp_path / "secret.txt").write_text("password")
    note = make_note(tmp_path / "notes" / "a.md", "[s](../secret.txt) ![p](/../../secret.txt)\n")
    found = build_site([make_result(note)], tmp_path / "site", root=tmp_path / "notes")
    assert not any(p.name == "secret.txt" for p in (tmp_path / "site").rglob("*"))
    assert [f.code for _, f in found] == ["NC107", "NC107"]


def test_theme_overrides_templates_by_name(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text("body { color: rebeccapurple }\n")
    (theme / "base.html").write_text(
        "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"{{ stylesheet }}\"></head>"
        "<body class=\"my-theme\">{% block main %}{% endblock %}</body></html>\n"
    )
    note = make_note(tmp_path / "notes" / "a.md", "$x = y$\n")
    build_site([make_result(note, {0: ["failed"]})], tmp_path / "site", theme=theme)
    page = (tmp_path / "site" / "a.html").read_text("utf-8")
    assert 'class="my-theme"' in page and 'data-verdict="failed"' in page  # note.html still the default
    assert (tmp_path / "site" / "static" / "style.css").read_text() == "body { color: rebeccapurple }\n"


def test_failed_build_keeps_the_previous_site(tmp_path):
    note = make_note(tmp_path / "notes" / "a.md", "$x$\n")
    site = tmp_path / "site"
    build_site([make_result(note, {0: ["verified"]})], site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.html").write_text("{{ no_such_variable }}")
    with pytest.raises(Exception):
        build_site([make_result(note, {0: ["failed"]})], site, theme=broken)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(os.listdir(tmp_path)) == ["broken", "notes", "site"], "no temporary folder left"


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    notes = tmp_path / "notes"
    note = make_note(notes / "a.md", "$x$\n")
    with pytest.raises(SiteError):
        build_site([make_result(note)], notes)
    assert (notes / "a.md").read_text() == "$x$\n"


def test_odd_front_matter_values_do_not_break_the_build(tmp_path):
    odd = [["a", "list"], {"permalink": 5, "tags": [{"x": 1}, None, 3], "date": 20240101, "lang": "<x>"}]
    results = []
    for i, front_matter in enumerate(odd):
        note = make_note(tmp_path / "n" / f"{i}.md", "$x$\n", title=str(i))
        note.front_matter = front_matter
        results.append(make_result(note))
    results[0].note.title = 12345
    build_site(results, tmp_path / "site")
    assert "12345" in (tmp_path / "site" / "0.html").read_text("utf-8")
    second = (tmp_path / "site" / "1.html").read_text("utf-8")
    assert '<html lang="en">' in second and "20240101" in second and "#3" in second
