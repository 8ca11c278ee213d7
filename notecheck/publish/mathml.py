"""Typeset one formula's LaTeX as MathML that is safe to put in a page.

The site works offline from the file system, so formulas are typeset at build time with
latex2mathml (browsers render MathML Core natively). Its output is not trusted as HTML:
`\\text{<script>}` comes out as a raw `<script>` element and `\\href` as an `href`
attribute. So the output is re-serialized through a whitelist of MathML elements and
attributes, every text node escaped; anything else shows as text. A formula that cannot
be typeset becomes its escaped LaTeX in a `<code class="nc-tex-error">`, never a crash.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

# Longer or deeper formulas are shown as LaTeX source: typesetting them costs time and
# stack, and no reader needs a 20,000-character formula typeset.
MAX_LATEX_CHARS = 20_000
MAX_BRACE_DEPTH = 100

MATHML_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mstyle "
    "mtable mtr mtd mover munder munderover mpadded mphantom menclose merror "
    "mmultiscripts mprescripts none mfenced semantics annotation".split()
)
MATHML_ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence form separator separators lspace rspace width "
    "height depth linethickness columnalign rowalign columnspacing rowspacing "
    "columnlines rowlines frame displaystyle scriptlevel accent accentunder "
    "movablelimits largeop symmetric minsize maxsize notation open close encoding "
    "xmlns".split()
)
VOID_ELEMENTS = frozenset({"mspace", "none", "mprescripts"})
# names and values HTMLParser reads back exactly as written (it lowercases names, and a
# serialized value escapes quotes, ampersands, brackets and line breaks)
PLAIN_NAME = re.compile(r"[a-z]+")
PLAIN_VALUE = re.compile(r"[^&<>\"\n\r\t]*")

# Chromium's MathML Core ignores `mathvariant` other than "normal": spell bold, script,
# double-struck ... with the Unicode mathematical alphanumerics instead.
VARIANT_NAMES = {
    "bold": "BOLD",
    "italic": "ITALIC",
    "bold-italic": "BOLD ITALIC",
    "double-struck": "DOUBLE-STRUCK",
    "script": "SCRIPT",
    "fraktur": "FRAKTUR",
    "sans-serif": "SANS-SERIF",
    "monospace": "MONOSPACE",
}
LETTERLIKE = {
    ("ITALIC", "h"): "\u210e",
    **{("DOUBLE-STRUCK", c): ch for c, ch in zip("CHNPQRZ", "ℂℍℕℙℚℝℤ")},
    **{("SCRIPT", c): ch for c, ch in zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ")},
    **{("FRAKTUR", c): ch for c, ch in zip("CHIRZ", "ℭℌℑℜℨ")},
}

# latex2mathml knows `split` and `array` but not the other alignment environments, and
# typesets cross-reference commands as text.
TYPESETTING_REWRITES = [
    (re.compile(r"\\label\{[^{}]*\}|\\nonumber\b|\\notag\b"), ""),
    (re.compile(r"\\(begin|end)\{(?:aligned|align\*?|alignat\*?|eqnarray\*?|flalign\*?)\}"
                r"(?:\{\d+\})?"), r"\\\1{split}"),
    (re.compile(r"\\begin\{(?:gathered|gather\*?|multline\*?)\}"), r"\\begin{array}{c}"),
    (re.compile(r"\\end\{(?:gathered|gather\*?|multline\*?)\}"), r"\\end{array}"),
]


def typeset(latex: str, display: bool) -> str:
    """HTML for one formula: sanitized MathML, or the escaped LaTeX when typesetting fails."""
    return _typeset_cached(latex, display).decode("utf-8", "surrogatepass")


# Notes repeat their formulas, and a site's notes each other's: of the bench's 31,631
# typesets for 500 notes, 10,681 are distinct; a cache of 1,024 typeset 21,470 of them,
# one of 8,192 typesets 10,839. Kept as UTF-8 (a third of a str of MathML's characters),
# 8,192 formulas are about 5 MB.
@lru_cache(maxsize=8192)
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
    deepest, balanced = brace_depth(latex)
    if deepest > MAX_BRACE_DEPTH or not balanced:
        raise ValueError("braces too deeply nested or unbalanced")
    if not latex.strip():
        raise ValueError("empty formula")
    from latex2mathml.converter import convert, convert_to_element  # lazy: only `build` typesets

    from notecheck.publish.mathml_fast import fast_element

    source = latex
    for pattern, replacement in TYPESETTING_REWRITES:
        latex = pattern.sub(replacement, latex)
    mode = "block" if display else "inline"
    math = fast_element(latex, mode)
    mathml = sanitize_tree(convert_to_element(latex, display=mode) if math is None else math)
    if mathml is None:  # latex2mathml's markup, read back as HTML
        mathml = sanitize_mathml(convert(latex, display=mode))
    return with_source(mathml, source)


def with_source(mathml: str, latex: str) -> str:
    """`mathml` with the note's LaTeX as an annotation: not shown, but screen readers and
    copy-paste get the source."""
    head_end = mathml.find(">") + 1
    if not mathml.startswith("<math") or not mathml.endswith("</math>") or head_end <= 0:
        return mathml
    body = mathml[head_end:-len("</math>")]
    annotation = f'<annotation encoding="application/x-tex">{escape(latex, quote=False)}</annotation>'
    return f"{mathml[:head_end]}<semantics><mrow>{body}</mrow>{annotation}</semantics></math>"


def brace_depth(latex: str) -> tuple[int, bool]:
    """Deepest `{` nesting (escaped `\\{` not counted) and whether every brace closes;
    counted without recursion. latex2mathml typesets `\\frac{a` as if it were fine."""
    depth = deepest = 0
    balanced = True
    escaped = False
    for ch in latex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            balanced = balanced and depth > 0
            depth = max(depth - 1, 0)
    return deepest, balanced and depth == 0


def sanitize_mathml(markup: str) -> str:
    """Re-serialize `markup` keeping whitelisted MathML only; everything else is text."""
    writer = _MathMLWhitelist()
    writer.feed(markup)
    writer.close()
    return "".join(writer.out)


def sanitize_tree(math: Any) -> str | None:
    """`sanitize_mathml` of latex2mathml's element tree, read directly: the same string as
    serializing it (`Converter._convert`) and parsing that back, without either. None
    when the tree holds what only the parser can read the same way (a `<` in a text, an
    element outside the whitelist, an attribute that is not plain): then parse."""
    out: list[str] = []
    try:
        if not _write_element(math, None, out):
            return None
    except RecursionError:  # nested deeper than the parser's loop minds
        return None
    return "".join(out)


def _write_element(element: Any, variant: str | None, out: list[str]) -> bool:
    """Append what `_MathMLWhitelist` writes for `element` serialized (inside an element
    whose characters are styled as `variant`): its tags, text, children, then its tail.
    Serializing escapes `&`, `<` and `>` in texts and `Converter._convert` unescapes them
    again, so the parser reads each text as it is, character references included."""
    text = element.text
    empty = not text and not len(element)
    tags = _tags(element.tag, tuple(element.attrib.items()), empty)
    if tags is None:
        return False
    start, end, own_variant = tags
    out.append(start)
    if not empty:
        inner = variant if own_variant is _VOID else own_variant
        if text and not _write_text(text, inner, out):
            return False
        for child in element:
            if not _write_element(child, inner, out):
                return False
        out.append(end)
    tail = element.tail
    return not tail or _write_text(tail, variant, out)


_VOID = object()  # `_tags`' variant for a void element: its content is its parent's


@lru_cache(maxsize=1024)
def _tags(tag: str, attributes: tuple[tuple[str, str], ...], empty: bool) -> tuple[str, str, Any] | None:
    """An element's start tag and end tag as `_MathMLWhitelist` writes them (a void element
    closes at once, its content follows), and how its characters are styled; None when the
    parser must read it. A formula's elements are few kinds, so each is worked out once."""
    if tag not in MATHML_ELEMENTS or not all(PLAIN_NAME.fullmatch(n) and PLAIN_VALUE.fullmatch(v)
                                             for n, v in attributes):
        return None
    if empty:
        return f"<{tag}{_MathMLWhitelist._attributes(tag, attributes, None)}></{tag}>", "", None
    variant = dict(attributes).get("mathvariant")
    start = f"<{tag}{_MathMLWhitelist._attributes(tag, attributes, variant)}>"
    if tag in VOID_ELEMENTS:
        return f"{start}</{tag}>", "", _VOID
    return start, f"</{tag}>", variant if tag in ("mi", "mn", "mtext") else None


def _write_text(text: str, variant: str | None, out: list[str]) -> bool:
    if "<" in text:
        return False
    out.append(_text_html(unescape(text) if "&" in text else text, variant))
    return True


@lru_cache(maxsize=4096)
def _text_html(text: str, variant: str | None) -> str:
    return escape(styled_text(text, variant), quote=False)


def styled_text(text: str, variant: str | None) -> str:
    """`text` in the Unicode mathematical alphabet `variant` names (letters and digits)."""
    style = VARIANT_NAMES.get(variant or "")
    if style is None:
        return text
    return "".join(_styled_char(ch, style) for ch in text)


def _styled_char(ch: str, style: str) -> str:
    if (style, ch) in LETTERLIKE:
        return LETTERLIKE[style, ch]
    if not ch.isascii() or not ch.isalnum():
        return ch
    if ch.isdigit():
        name = f"MATHEMATICAL {style} DIGIT {unicodedata.name(ch).split()[-1]}"
    else:
        case = "CAPITAL" if ch.isupper() else "SMALL"
        name = f"MATHEMATICAL {style} {case} {ch.upper()}"
    try:
        return unicodedata.lookup(name)
    except KeyError:
        return ch


class _MathMLWhitelist(HTMLParser):
    """Streams latex2mathml output back out, dropping what MathML Core does not need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.variants: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MATHML_ELEMENTS:
            self.out.append(escape(unescape(self.get_starttag_text() or f"<{tag}>")))
            return
        variant = dict(attrs).get("mathvariant")
        kept = self._attributes(tag, attrs, variant)
        self.out.append(f"<{tag}{kept}>")
        if tag in VOID_ELEMENTS:
            self.out.append(f"</{tag}>")
            return
        self.open.append(tag)
        self.variants.append(variant if tag in ("mi", "mn", "mtext") else None)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MATHML_ELEMENTS:
            self.out.append(escape(unescape(self.get_starttag_text() or f"<{tag}/>")))
            return
        self.out.append(f"<{tag}{self._attributes(tag, attrs, None)}></{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in MATHML_ELEMENTS and tag in self.open:
            while self.open:
                closed = self.open.pop()
                self.variants.pop()
                self.out.append(f"</{closed}>")
                if closed == tag:
                    break
        elif tag not in MATHML_ELEMENTS:
            self.out.append(escape(f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        variant = self.variants[-1] if self.variants else None
        self.out.append(escape(styled_text(data, variant), quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        self.variants.clear()

    @staticmethod
    def _attributes(tag: str, attrs: list[tuple[str, str | None]], variant: str | None) -> str:
        parts = []
        for name, value in attrs:
            if name not in MATHML_ATTRIBUTES or value is None:
                continue
            if name == "mathvariant" and value in VARIANT_NAMES and tag in ("mi", "mn", "mtext"):
                continue  # spelled out in the characters instead
            if name == "xmlns" and value != "http://www.w3.org/1998/Math/MathML":
                continue
            parts.append(f' {name}="{escape(value)}"')
        if tag == "mi" and variant in VARIANT_NAMES:
            parts.append(' mathvariant="normal"')  # keep styled letters upright as given
        return "".join(parts)
