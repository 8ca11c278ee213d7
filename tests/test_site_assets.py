"""Images and links of a note: copied when they exist, reported when they do not."""

from __future__ import annotations

import re

from notecheck.read import Formula, Note, Paragraph
from notecheck.result import Claim, NoteResult
from notecheck.publish import build_site
from test_site_build import make_note, make_result

PNG = b"\x89PNG\r\n\x1a\n fake"


def test_existing_images_are_copied_next_to_the_page_and_missing_ones_reported(tmp_path):
    notes = tmp_path / "notes"
    (notes / "images").mkdir(parents=True)
    (notes / "images" / "fig 1.png").write_bytes(PNG)
    text = (
        "# T\n\n![fig](images/fig%201.png)\n\n"
        "![gone](images/missing.png)\n\n"
        "![remote](https://example.org/x.png) [site](https://example.org) [top](#t)\n\n"
        "![dot](data:image/png;base64,iVBORw0KGgo=) [bad](data:text/html;base64,PHNjcmlwdD4=)\n"
    )
    note = make_note(notes / "a.md", text)
    found = build_site([make_result(note)], tmp_path / "site")
    assert (tmp_path / "site" / "images" / "fig 1.png").read_bytes() == PNG
    page = (tmp_path / "site" / "a.html").read_text("utf-8")
    assert '<img src="images/fig%201.png" alt="fig" loading="lazy">' in page
    assert '<img src="https://example.org/x.png" alt="remote" loading="lazy" referrerpolicy="no-referrer">' in page and 'href="https://example.org"' in page
    assert '<img src="data:image/png;base64,iVBORw0KGgo="' in page and 'href="data:' not in page
    assert [(path, f.code, f.line) for path, f in found] == [(note.path, "NC107", 5)]
    assert "images/missing.png" in found[0][1].message
    assert "NC107" in page[: page.index('class="nc-body"')], "listed in the findings panel"


def test_link_to_another_note_goes_to_its_page(tmp_path):
    notes = tmp_path / "notes"
    first = make_note(notes / "a.md", "see [b](sub/b.md#sec)\n")
    second = make_note(notes / "sub" / "b.md", "back to [a](../a.md)\n")
    found = build_site([make_result(first), make_result(second)], tmp_path / "site")
    assert found == []
    assert 'href="sub/b.html#sec"' in (tmp_path / "site" / "a.html").read_text("utf-8")
    assert 'href="../a.html"' in (tmp_path / "site" / "sub" / "b.html").read_text("utf-8")
    assert not (tmp_path / "site" / "sub" / "b.md").exists()


def test_note_without_tokens_renders_paragraphs_and_formulas(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text("{}")
    formulas = [Formula("a = b", 1, 1, 1, False, "$", cell=0), Formula("x^T y", 3, 1, 3, True, "$$", cell=1),
                Formula("c", 1, 1, 1, False, "$", cell=2)]
    note = Note(str(path), "{}", "notebook", formulas=formulas, kind="notebook",
                paragraphs=[Paragraph(1, ("Here ", 0, " holds <b>.")), Paragraph(1, ("Then ", 2))])
    result = NoteResult(note, claims=[Claim(1, 0, "step", "failed", "wrong")])
    build_site([result], tmp_path / "site")
    page = (tmp_path / "site" / "nb.html").read_text("utf-8")
    body = page[page.index('class="nc-body"'):]
    assert body.index("Here ") < body.index('id="f0"') < body.index('id="f1"') < body.index("Then ")
    assert "holds &lt;b&gt;." in body and 'data-verdict="failed"' in body


def test_progress_is_reported_per_note(tmp_path):
    results = [make_result(make_note(tmp_path / "n" / f"{i}.md", "$x$\n")) for i in range(3)]
    calls = []
    build_site(results, tmp_path / "site", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_two_notes_linking_different_files_of_one_name_keep_both(tmp_path):
    notes = tmp_path / "notes"
    for folder in ("a", "b"):
        (notes / folder).mkdir(parents=True)
        (notes / folder / "fig.png").write_bytes(folder.encode())
    first = make_note(notes / "a" / "n.md", "![f](fig.png)\n", front_matter={"permalink": "/post/one.html"})
    second = make_note(notes / "b" / "n.md", "![f](fig.png)\n", front_matter={"permalink": "/post/two.html"})
    build_site([make_result(first), make_result(second)], tmp_path / "site")
    site = tmp_path / "site"
    srcs = [re.search(r'<img src="([^"]+)"', (site / "post" / name).read_text("utf-8")).group(1)
            for name in ("one.html", "two.html")]
    assert srcs[0] == "fig.png" and srcs[1].startswith("../static/assets/")
    assert [(site / "post" / s).read_bytes() for s in srcs] == [b"a", b"b"]
