"""Typeset one formula's LaTeX as MathML that is safe to put in a page.

The site works offline from the file system, so formulas are typeset at build time with
latex2mathml (browsers render MathML Core natively), or for the common formulas by
`mathml_fast`, which writes the same bytes in a quarter of the time. Its output is not
trusted as HTML: `mathml_writer` writes it out through a whitelist of MathML elements and
attributes. A formula that cannot be typeset becomes its escaped LaTeX in a
`<code class="nc-tex-error">`, never a crash.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from notecheck.publish.mathml_writer import sanitize_mathml, sanitize_tree

# Longer or deeper formulas are shown as LaTeX source: typesetting them costs time and
# stack, and no reader needs a 20,000-character formula typeset.
MAX_LATEX_CHARS = 20_000
MAX_BRACE_DEPTH = 100

# what is not a brace: a backslash and the character it escapes (or a backslash that
# ends the formula), and runs of other characters
NOT_BRACE = re.compile(r"\\.?|[^{}\\]+", re.DOTALL)

# latex2mathml knows `split` and `array` but not the other alignment environments, and
# typesets cross-reference commands as text.
TYPESETTING_REWRITES = [
    (re.compile(r"\\label\{[^{}]*\}|\\nonumber\b|\\notag\b"), ""),
    (re.compile(r"\\(begin|end)\{(?:aligned|align\*?|alignat\*?|eqnarray\*?|flalign\*?)\}"
                r"(?:\{\d+\})?"), r"\\\1{split}"),
    (re.compile(r"\\begin\{(?:gathered|gather\*?|multline\*?)\}"), r"\\begin{array}{c}"),
    (re.compile(r"\\end\{(?:gathered|gather\*?|multline\*?)\}"), r"\\end{array}"),
]
# what each of the rewrites begins with: a formula without any has nothing to rewrite
REWRITTEN = re.compile(r"\\(?:label|nonumber|notag|begin|end)")


def typeset(latex: str, display: bool) -> str:
    """HTML for one formula: sanitized MathML, or the escaped LaTeX when typesetting fails."""
    return _typeset_cached(latex, display).decode("utf-8", "surrogatepass")


# Notes repeat their formulas, and a site's notes each other's: of the bench's 31,631
# typesets for 500 notes, 10,681 are distinct; a cache of 1,024 typeset 21,470 of them,
# one of 8,192 typesets 10,839. But a cache that size keeps filling for the first 400
# notes a process renders (about 8 MiB), so a build's memory grew with the site; 2,048
# fill within the first hundred (a build process of 900 notes: 87 -> 78 MiB, and 4.7%
# more than at 300 notes, against 6%). Kept as UTF-8, a third of a str of MathML.
@lru_cache(maxsize=2048)
def _typeset_cached(latex: str, display: bool) -> bytes:
    try:
        mathml = latex_to_mathml(latex, display)
    except Exception:  # latex2mathml raises many types, RecursionError included
        mathml = tex_fallback(latex, display)
    return mathml.encode("utf-8", "surrogatepass")  # any str, lone surrogates too


def tex_fallback(latex: str, display: bool) -> str:
    """The formula as source, marked so the theme can show it as untypeset LaTeX."""
    kind = "display" if display else "inline"
    return f'<code class="nc-tex-error nc-{kind}" title="could not typeset">{escape(latex)}</code>'


def latex_to_mathml(latex: str, display: bool) -> str:
    """Sanitized MathML for `latex`; raises ValueError (or latex2mathml's errors) on failure."""
    if len(latex) > MAX_LATEX_CHARS:
        raise ValueError("formula too long to typeset")
    if not braces_fit(latex, MAX_BRACE_DEPTH):
        raise ValueError("braces too deeply nested or unbalanced")
    if not latex.strip():
        raise ValueError("empty formula")
    source = latex
    if REWRITTEN.search(latex):
        for pattern, replacement in TYPESETTING_REWRITES:
            latex = pattern.sub(replacement, latex)
    mode = "block" if display else "inline"
    mathml = fast_writer()(latex, mode)
    if mathml is None:
        mathml = library_mathml(latex, mode)
    return with_source(mathml, source)


@lru_cache(maxsize=1)
def fast_writer():
    """`mathml_fast.fast_mathml`, imported when first asked for (only `build` typesets,
    and it loads latex2mathml): an import statement run for each formula cost 2-5 µs."""
    from notecheck.publish.mathml_fast import fast_mathml

    return fast_mathml


def library_mathml(latex: str, mode: str) -> str:
    """latex2mathml's MathML for `latex` (after the rewrites), sanitized: its element tree
    written out, or its markup read back when only the parser reads the tree the same way.
    `mathml_fast` writes the same for the formulas it knows, without latex2mathml."""
    from latex2mathml.converter import convert, convert_to_element

    mathml = sanitize_tree(convert_to_element(latex, display=mode))
    if mathml is None:
        mathml = sanitize_mathml(convert(latex, display=mode))
    return mathml


def with_source(mathml: str, latex: str) -> str:
    """`mathml` with the note's LaTeX as an annotation: not shown, but screen readers and
    copy-paste get the source."""
    head_end = mathml.find(">") + 1
    if not mathml.startswith("<math") or not mathml.endswith("</math>") or head_end <= 0:
        return mathml
    body = mathml[head_end:-len("</math>")]
    annotation = f'<annotation encoding="application/x-tex">{escape(latex, quote=False)}</annotation>'
    return f"{mathml[:head_end]}<semantics><mrow>{body}</mrow>{annotation}</semantics></math>"


def braces_fit(latex: str, deepest: int) -> bool:
    """Whether every `{` of `latex` closes (escaped `\\{` not counted) and none is nested
    more than `deepest` deep: latex2mathml typesets `\\frac{a` as if it were fine. The
    braces alone, each pass takes the innermost pairs out (one level a pass), in C: a loop
    over the braces in Python cost twice as much (a twentieth of typesetting)."""
    braces = NOT_BRACE.sub("", latex)
    for _ in range(deepest):
        if not braces:
            return True
        inner_out = braces.replace("{}", "")
        if len(inner_out) == len(braces):  # a brace that never closes, or closes nothing
            return False
        braces = inner_out
    return not braces
