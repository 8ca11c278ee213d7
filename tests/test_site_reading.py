"""What a reader of a built page meets first: the title once, the findings panel closed,
formulas in the packaged math font, LaTeX typeset rather than printed as source."""

from __future__ import annotations

import re

from notecheck.findings import Finding
from notecheck.publish.site import STATIC, build_site
from test_site_build import gradient_result, make_note, make_result, visible_text

TITLED = "<!-- draft -->\n# Least squares\n\nWe minimise $f = x^T x$.\n\n## Setup\n\nText.\n"


def test_the_title_shows_once_when_the_note_opens_with_it(tmp_path):
    note = make_note(tmp_path / "notes" / "ls.md", TITLED, "Least squares")
    build_site([make_result(note, {0: ["verified"]})], tmp_path / "site")
    page = (tmp_path / "site" / "ls.html").read_text("utf-8")
    assert page.count("Least squares</h1>") == 1 and "<h2>Setup</h2>" in page
    assert 'id="f0"' in page, "the formula after the heading is still there"


def test_a_first_heading_that_is_not_the_title_stays(tmp_path):
    note = make_note(tmp_path / "notes" / "ls.md", TITLED, "Notes on regression", {"title": "Notes on regression"})
    build_site([make_result(note)], tmp_path / "site")
    page = (tmp_path / "site" / "ls.html").read_text("utf-8")
    assert "<h1>Notes on regression</h1>" in page and "<h1>Least squares</h1>" in page


def test_the_findings_panel_is_closed_and_its_latex_typeset(tmp_path):
    result = gradient_result(tmp_path)
    result.findings = [Finding("NC301", r"`\boldsymbol{a}\boldsymbol{x}`: cannot multiply n×1 by n×1", line=6,
                               formula=result.note.formulas[1].latex, fix=r"\boldsymbol{a}^T\boldsymbol{x}")]
    build_site([result], tmp_path / "site")
    page = (tmp_path / "site" / "grad.html").read_text("utf-8")
    panel = page[page.index('<details class="nc-findings"'):page.index("</details>")]
    assert re.match(r'<details class="nc-findings">', panel), "closed until the reader opens it"
    assert panel.count("<math") == 2, "the formula in the message and the fix are typeset"
    assert "\\" not in visible_text(panel) and "cannot multiply n×1 by n×1" in visible_text(panel)


def test_every_site_carries_the_math_font_and_its_licence(tmp_path):
    build_site([gradient_result(tmp_path)], tmp_path / "site")
    fonts = tmp_path / "site" / "static" / "fonts"
    packaged = STATIC / "fonts" / "STIXTwoMath-Regular.woff2"
    assert (fonts / "STIXTwoMath-Regular.woff2").read_bytes() == packaged.read_bytes()
    assert packaged.read_bytes()[:4] == b"wOF2" and len(packaged.read_bytes()) > 100_000
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text("utf-8")
    css = (tmp_path / "site" / "static" / "style.css").read_text("utf-8")
    face = re.search(r'@font-face \{[^}]*font-family: "([^"]+)";[^}]*url\("([^"]+)"\)', css)
    assert face and (tmp_path / "site" / "static" / face.group(2)).is_file()
    assert re.search(r'math \{ font-family: "' + face.group(1) + '"', css), "math elements use it first"
