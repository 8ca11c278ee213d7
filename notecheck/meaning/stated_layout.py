"""The layout a note says it uses, in words ("本文采用分母布局", "this note uses numerator
layout"): a declaration only where a sentence says so, not a passing mention or a
recommendation."""

from __future__ import annotations

import re

from notecheck.meaning.word_search import mention_text
from notecheck.meaning.sections import lines_starting
from notecheck.result import Layout

# ---------------------------------------------------------------- layout

LAYOUT_TERMS = [
    (re.compile(r"分子布局|numerator[\s-]+layout|분자\s*레이아웃", re.I), "numerator"),
    (re.compile(r"分母布局|denominator[\s-]+layout|분모\s*레이아웃", re.I), "denominator"),
]
ANY_LAYOUT_TERM = re.compile("|".join(pattern.pattern for pattern, _ in LAYOUT_TERMS), re.I)
DECLARING = re.compile(
    r"这是|本文|全文|下文|以下|此处采用|采用|我们(?:采用|使用|用|工作在)|约定|"
    r"\b(?:this|the)\s+(?:note|document|post|article|text|page)\s+(?:uses|use|adopts|follows|is\s+in)|"
    r"\bwe\s+(?:use|adopt|follow|work\s+in|will\s+use)|\bthroughout\b|\bin\s+this\s+(?:note|document|post)|"
    r"\b(?:gradients?|derivatives?)\s+(?:here\s+)?are\s+(?:in|written\s+in)\b|"
    r"이\s*문서|사용합니다", re.I)
HEDGING = re.compile(r"可能|比如|例如|如果|若|建议|也可以|推荐|最方便|\bif\b|\bsome\b|\boften\b|\bmay\b|\bcould\b", re.I)
SAME_SHAPE = re.compile(r"与\s*\S{1,12}?\s*(?:尺寸|形状|维度|大小|同尺度|同形)|same\s+(?:shape|size|dimensions?)\s+as", re.I)
DERIVATIVE_WORDS = re.compile(r"导数|求导|梯度|derivative|gradient", re.I)
# compiled once: every sentence and every line of every note meets them
HEADING_MARK = re.compile(r"\s*#")
LAYOUT_SPAN = re.compile(r".?.?(?:分子|分母)/?(?:分子|分母)?布局")
SENTENCE_MARK = re.compile(r"[。！？!?；;]|\.\s")  # where a sentence ends (`sentence_pieces`)
# a piece ends a sentence when it ends with one of these and blanks: what the search of
# `[。！？!?；;.]\s*$` finds (it tried every character of the piece)
SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";", ".")
# a heading line, after the newline before it (`sections.lines_starting`)
HEADING_LINE = re.compile(r"\n[^\S\n]{0,3}#{1,6}[^\S\n]")


def prose_layout(note) -> tuple[Layout | None, str | None]:
    """(the layout the first sentence that says this note uses one declares, the layout
    such a sentence names right after a passage that defines both side by side). The
    second is not held to: after a comparison, "this document uses the numerator layout"
    is often said of Jacobians by a note that writes its gradients as columns. But a claim
    right in the layout the author named is not warned about as being in the other one."""
    if not may_state_layout(note):
        return None, None
    seen: set[str] = set()
    for line, sentence in sentences(note):
        lowered = mention_text(sentence)
        if lowered is not None and not any(word in lowered for word in LAYOUT_WORDS):
            if HEADING_MARK.match(sentence):  # no word, so no layout term and no 'same shape' (nine in ten)
                seen = set()
            continue
        named = [name for pattern, name in LAYOUT_TERMS if pattern.search(sentence)]
        if len(named) == 1 and DECLARING.search(sentence) and not HEDGING.search(sentence) \
                and "/" not in layout_span(sentence):
            if seen - set(named):
                return None, named[0]
            return Layout(named[0], f"declared in prose ({short(sentence)}, line {line})"), None
        if not named and SAME_SHAPE.search(sentence) and DERIVATIVE_WORDS.search(sentence):
            return Layout("denominator", f"declared in prose ({short(sentence)}, line {line})"), None
        if len(named) > 1:
            chosen = chosen_after_comparison(sentence)
            if chosen is not None:
                return None, chosen
        if HEADING_MARK.match(sentence):
            seen = set()
        seen.update(named)
    return None, None


def chosen_after_comparison(sentence: str) -> str | None:
    """The layout named last in a sentence that defines both and then says which one the
    note uses, all one sentence when the definitions are list items without a period
    ("Numerator layout: … Denominator layout: … This document uses the numerator
    layout."): the text after the comparison's last term declares it, without hedging."""
    terms = list(ANY_LAYOUT_TERM.finditer(sentence))
    if len(terms) < 3:
        return None
    tail = sentence[terms[-2].end():]
    if not DECLARING.search(tail) or HEDGING.search(tail):
        return None
    return next(name for pattern, name in LAYOUT_TERMS if pattern.search(terms[-1].group()))


# A literal in every match of LAYOUT_TERMS and of SAME_SHAPE, lowercase and without blanks
# (`test_context_declarations` holds every alternative to one)
LAYOUT_WORDS = ("分子布局", "分母布局", "numerator", "denominator", "분자", "분모",
                "尺寸", "形状", "维度", "大小", "同尺度", "同形", "same")


def may_state_layout(note) -> bool:
    """Whether a sentence of the note may name a layout or a shape "the same as" another:
    only then can `prose_layout` find anything, and most notes have neither. Each word is
    written without blanks, so it stands within one paragraph's text as `sentences` reads
    it. (Where `re.I` may match a letter that `lower` keeps apart, it may.) The patterns
    are not searched for in the whole text: `prose_layout` tries them only on the
    sentences that hold a word, and the two searches of every note cost more than the
    sentences they spared (one note in ten)."""
    text = "\n".join(["".join([p if isinstance(p, str) else " $ " for p in paragraph.parts])
                      for paragraph in note.paragraphs])  # (lists: `join` makes one of a generator first)
    lowered = mention_text(text)
    return lowered is None or any(word in lowered for word in LAYOUT_WORDS)


def layout_span(sentence: str) -> str:
    m = LAYOUT_SPAN.search(sentence)
    return m.group() if m else ""


def short(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= 40 else sentence[:37] + "..."


def sentences(note, shown=None):
    """(line, sentence) over the note's prose, formulas as `$` (or as `shown(index)` says),
    consecutive paragraphs joined (a blockquote splits "这是 / 分子布局 / 下的记号" into three);
    a heading and a table's row stand alone ("| if $A$ is symmetric | … |" is about its row)."""
    headings = heading_lines(note)
    out = []
    current, start = "", None
    for paragraph in note.paragraphs:
        line = paragraph.line
        text = "".join([p if isinstance(p, str) else " $ " if shown is None else shown(p) for p in paragraph.parts])
        if line in headings or paragraph.row:
            if current.strip():
                out.append((start, current))
            out.append((line, "# " + text if line in headings else text))
            current, start = "", None
            continue
        for piece in sentence_pieces(text):
            if start is None:
                start = line
            current += " " + piece
            if piece.rstrip().endswith(SENTENCE_ENDS):
                out.append((start, current))
                current, start = "", None
    if current.strip():
        out.append((start, current))
    return out


def sentence_pieces(text: str) -> list[str]:
    """`text` split after each of 。！？!?；; and at a blank after a period (the blank
    dropped), as `re.split(r"(?<=[。！？!?；;])|(?<=\\.)\\s", text)` splits it: the marks
    found by a search that starts at them, not lookbehinds tried at every character (half
    the time)."""
    pieces, start = [], 0
    for m in SENTENCE_MARK.finditer(text):
        end = m.end()
        pieces.append(text[start:end - 1] if end - m.start() == 2 else text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def heading_lines(note) -> set[int]:
    return lines_starting(HEADING_LINE, note.text)
