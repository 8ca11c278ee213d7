"""Front matter read without PyYAML must be exactly what PyYAML reads, or not read at all.

`simple_yaml` is a shortcut for speed: a note whose front matter it reads gets the same
title, date, tags and settings as with `yaml.safe_load`, and anything it is not sure of
goes to PyYAML (a mapping in a value, an anchor, a time with a zone, an escape).
"""

import datetime

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from notecheck.read import read_text
from notecheck.read.simple_yaml import simple_yaml

KEYS = ["title", "date", "tags", "notecheck", "layout", "createdAt", "on", "yes", "Null", "x_1", "a-b"]
SCALARS = [
    "x", "a b", "a  b", "Bayes' rule", "yes", "No", "OFF", "oN", "null", "~", "None", "y", "0", "007", "-3", "+3",
    "1.5", "1_000", "2026-11-20", "2026-13-45", "2026-1-5", "2020-12-30 10:50", '"quoted"', "'single'",
    '"a, b"', "'it''s'", '"tab\\tescape"', '""', "''", "a: b", "a #c", "#x", "&a x", "*a", "!!str x", "|", ">",
    "矩阵求导", "(정리) 선형대수학 - 미분", "https://x.y/z", "x:y", "a,b", "a, b", "-", "- x", "é", "\u3000x",
    "ｘ：ｙ", "ex.", "Softmax 回归", "?x", "x?", "%x", "@x", "`x`", "x\u00a0y", "Ωmega", "<x>", "=", "<<",
    "2020-04-16 07:27:00", "2020-04-16T07:27:00", "2020-4-6 7:27:00", "2020-04-16  07:27:00", "2020-04-16 25:00:00",
    "2020-04-16 07:27:00.5", "2020-04-16 07:27:00 +08:00", "2020-04-16 07:27:00Z", "2020-02-30 07:27:00",
    "2020-04-16 07:27", "/posts/2024/矩阵/", "/", "(1)", "(a) b", "Name <a@b.me>", "a@b", "a:", "a::b", "a:b:c",
    "http://x.y:8080/z", "a: b: c", "(x", "/ #c", "a<<b", "a>b", "(", "(-1)",
]
FLOWS = ["[a, b]", "[]", "[ ]", "[a,,b]", "[ a , 'b c' ]", "[a, [b]]", "[a, ]", "[, a]", "[yes, 2026-01-02, 3]", "[a: b]", "[矩阵, x]",
         '["a, b"]', "[a", "a]"]


def line(key: str, value: str) -> str:
    return f"{key}: {value}" if value else f"{key}:"


@st.composite
def documents(draw) -> str:
    """Front matter from pieces users write, and pieces that look alike but are not
    plain: every value, indentation and comment placement the shortcut must get right
    or leave to PyYAML."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(KEYS))
        shape = draw(st.sampled_from(["scalar", "flow", "list", "map", "empty", "comment", "blank", "junk"]))
        if shape == "scalar":
            out.append(line(key, draw(st.sampled_from(SCALARS))))
        elif shape == "flow":
            out.append(line(key, draw(st.sampled_from(FLOWS))))
        elif shape in ("list", "map"):
            out.append(f"{key}:" + draw(st.sampled_from(["", " ", "  "])))
            indents = draw(st.lists(st.sampled_from(["", " ", "  ", "    "]), min_size=1, max_size=3))
            for indent in indents:
                value = draw(st.sampled_from(SCALARS + FLOWS))
                out.append(f"{indent}- {value}" if shape == "list" else f"{indent}{line(draw(st.sampled_from(KEYS)), value)}")
                if draw(st.booleans()):
                    out.append(draw(st.sampled_from(["# note", "  # note", "", "  "])))
        elif shape == "empty":
            out.append(f"{key}:")
        elif shape == "comment":
            out.append(draw(st.sampled_from(["# a: b", "  # x", "#"])))
        elif shape == "blank":
            out.append("")
        else:
            out.append(draw(st.sampled_from(["---", "...", "- top", "  indented: x", "key:value", "k : v", "\tx: y",
                                             "title: a\r", "x: \u2028", "x: \x07"])))
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


def exactly(value) -> str:
    """A value's text with its types (True is not 1, a date is not its string)."""
    return repr(value)


@settings(max_examples=3000)
@given(documents())
def test_what_it_reads_is_what_pyyaml_reads(text):
    fast = simple_yaml(text)
    if fast is not None:
        assert exactly(fast) == exactly(yaml.safe_load(text))


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab:- #'\"[],\n\t~0129xyé矩"))))
def test_on_any_text_it_reads_what_pyyaml_reads_or_defers(text):
    fast = simple_yaml(text)
    if fast is not None:
        assert exactly(fast) == exactly(yaml.safe_load(text))


def test_the_usual_front_matter_is_read_without_pyyaml():
    text = ('title: "Least squares by differentials"\ndate: 2026-11-20\ntags: [regression, gradients]\n'
            "notecheck:\n  layout: denominator\n# a comment\ncategories:\n- math\n- 矩阵求导\ndraft: false\n")
    assert simple_yaml(text) == {
        "title": "Least squares by differentials", "date": datetime.date(2026, 11, 20),
        "tags": ["regression", "gradients"], "notecheck": {"layout": "denominator"},
        "categories": ["math", "矩阵求导"], "draft": False,
    }


def test_what_it_cannot_read_goes_to_pyyaml_and_reads_the_same():
    note = read_text("---\ntitle: x\nurl: https://example.org/a\nwhen: 2020-12-30 10:50:00 +08:00\n---\n# B\n", "n.md")
    assert note.front_matter == {"title": "x", "url": "https://example.org/a", "when": "2020-12-30T10:50:00+08:00"}
    assert simple_yaml("when: 2020-12-30 10:50:00 +08:00\n") is None


def test_the_front_matter_of_hexo_and_jekyll_blogs_is_read_without_pyyaml():
    """Times of day, site paths, web addresses, an author's e-mail and a title in
    parentheses are what blogs write; reading them needs no PyYAML (~12 ms a run)."""
    text = ("date: 2020-04-16 07:27:00\nupdated: 2020-12-30 10:50\nphotos: https://w.example.cc/full/a.jpg\n"
            "permalink: /posts/2024/02/矩阵求导术/\nauthor: Paul K <paul@example.me>\ntitle: (정리) 선형대수학 - 미분\n")
    assert simple_yaml(text) is not None
    assert exactly(simple_yaml(text)) == exactly(yaml.safe_load(text))


def test_an_impossible_date_is_left_to_pyyaml_to_report():
    assert simple_yaml("date: 2026-13-45\n") is None
    note = read_text("---\ndate: 2026-13-45\n---\n# Body\n", "n.md")
    assert [f.code for f in note.findings] == ["NC104"]
