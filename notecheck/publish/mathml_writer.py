"""Typeset MathML written out safe to put in a page.

latex2mathml's output is not trusted as HTML: `\\text{<script>}` comes out as a raw
`<script>` element and `\\href` as an `href` attribute. So it is re-serialized through a
whitelist of MathML elements and attributes, every text node escaped; anything else shows
as text. Letters styled bold, script, double-struck ... are spelled with the Unicode
mathematical alphanumerics, which Chromium renders (it ignores `mathvariant`). The
typesetter's own builder (`mathml_fast`) writes its elements with the same pieces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

__all__ = ["sanitize_mathml", "sanitize_tree", "element_tags", "text_html", "styled_text", "VOID",
           "MATHML_ELEMENTS", "MATHML_ATTRIBUTES"]

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
    tags = element_tags(element.tag, tuple(element.attrib.items()), empty)
    if tags is None:
        return False
    start, end, own_variant = tags
    out.append(start)
    if not empty:
        inner = variant if own_variant is VOID else own_variant
        if text and not _write_text(text, inner, out):
            return False
        for child in element:
            if not _write_element(child, inner, out):
                return False
        out.append(end)
    tail = element.tail
    return not tail or _write_text(tail, variant, out)


VOID = object()  # `element_tags`' variant for a void element: its content is its parent's


@lru_cache(maxsize=1024)
def element_tags(tag: str, attributes: tuple[tuple[str, str], ...], empty: bool) -> tuple[str, str, Any] | None:
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
        return f"{start}</{tag}>", "", VOID
    return start, f"</{tag}>", variant if tag in ("mi", "mn", "mtext") else None


def _write_text(text: str, variant: str | None, out: list[str]) -> bool:
    if "<" in text:
        return False
    out.append(text_html(unescape(text) if "&" in text else text, variant))
    return True


@lru_cache(maxsize=4096)
def text_html(text: str, variant: str | None) -> str:
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
