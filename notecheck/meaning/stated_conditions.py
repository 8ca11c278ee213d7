"""Conditions a sentence puts on sizes: "If $m = n$, the solution is $x = A^{-1}b$",
"when A is square", "若 $m=n$". Under such a condition two different named sizes are
one, so a clash between them in that sentence is what the author assumed, not a
mistake. A sentence that names a law ("matrix multiplication is distributive: $A(B+C) =
AB + AC$") states it for any matrices whose sizes fit, not for the note's A, B, C.
Token matching over the sentence that holds the formula (formulas read as their LaTeX);
nothing is evaluated."""

from __future__ import annotations

import re
from functools import lru_cache

from notecheck.meaning.per_note import per_note
from notecheck.meaning.stated_layout import sentences
from notecheck.meaning.word_search import note_mention_text
from notecheck.meaning.written_sizes import dims_in_latex

MARK = "\u27e6{}\u27e7"  # a formula's place in a sentence, ⟦index⟧, until its LaTeX is put back
MARKED = re.compile("\u27e6(\\d+)\u27e7")
# "A is square", or invertible (only a square matrix is): "When $A$ is *invertible*, $x = A^{-1}b$"
# a matrix said to be square, or to be what only a square matrix is (symmetric, orthogonal, definite, ...)
SQUARE_WORDS = (r"(?:\s*(?:is|be|are|becomes)\s+(?:an?\s+)?[*_]*(?:square|invertible|non-?singular|(?:skew-?)?symmetric"
                r"|orthogonal|(?:positive|negative)\s+(?:semi-?)?definite|diagonal|(?:upper|lower)\s+triangular)\b"
                r"|\s*(?:为|是)\s*(?:方阵|可逆|对称|正定|半正定|正交|对角)|\s*(?:が|は)?\s*(?:正方行列|対称|正則)"
                r"|\s*(?:이|가|은|는)?\s*(?:정사각|대칭))")


# "For square matrices, ∇ xᵀAx = (A + Aᵀ)x": the sentence's matrices are square, whichever it names
SQUARE_KIND = r"\bsquare\s+matri(?:x|ces)\b|方阵|正方行列|정사각\s*행렬"
# a letter named as a square matrix: "the square matrix $A$", "matrices carrées non singulières $A$", "方阵 $A$"
SQUARE_NOUN = (r"(?:square|quadratische[nrs]?)\s+(?:[\w-]+\s+){0,2}?matri\w*"
               r"|matri\w*\s+(?:carrées?|cuadradas?|quadradas?)(?:\s+[\w-]+){0,2}?|方阵|正方行列|정사각\s*행렬")


def sentence_of(note, formula: int) -> str:
    """The sentence holding formula `formula`, every formula in it as its LaTeX, or ''."""
    mark = MARK.format(formula)
    for sentence in marked_sentences(note):
        if mark in sentence:
            return MARKED.sub(lambda m: note.formulas[int(m.group(1))].latex, sentence)
    return ""


@per_note
def marked_sentences(note) -> tuple[str, ...]:
    """The note's sentences, each formula in them as its mark, made once per note: a
    clash asks for the sentence of its formula, and making every sentence of a long note
    at each of its clashes took 1% of a build."""
    return tuple(sentence for _, sentence in sentences(note, shown=lambda index: f" {MARK.format(index)} "))


# the laws of algebra a list of properties names, and the order of a product a paragraph speaks of,
# in the languages notes are written in
LAW_WORDS = re.compile(r"associativ|distributiv|commutativ|commuting|kommutativ|conmutativ|结合律|分配律|交换律|결합법칙|"
                       r"분배법칙|교환법칙|結合法則|分配法則|交換法則|結合則|分配則|交換則"
                       r"|for(?<!\wfor)\s+(?:any|every|all)\s+(?:\w+\s+)?(?:vectors?|matri(?:x|ces))\b|对任意"
                       r"|order(?<!\worder)\s+of\s+(?:matrix\s+)?multiplication|掛け算の順序|乗法の順序|積の順序"
                       r"|乘法的?顺序|相乘的顺序|곱셈\s*순서|곱하는\s*순서", re.I)


@lru_cache(maxsize=4)  # (two patterns of the note being checked: no text of an earlier note is kept for long)
def said_anywhere(words: re.Pattern, text: str) -> bool:
    """Whether `words` (a pattern that ignores case, its letters written in lower case) match
    anywhere in a note's `text`: the gate before a failing claim's sentence is made, asked
    for every failure and answered once per note. The lowered text is searched without
    re.I, which folded the case at every position, and each word comes before the
    look-behind that stands for `\\b` (as in `word`), so that the engine scans for its
    first letters: searched for every failure, led by `\\b` and with re.I, these two
    patterns took 13% of a check's CPU."""
    return re.compile(words.pattern).search(text.lower()) is not None


def general_law(note, formula: int) -> str:
    """The law the formula's paragraph names ("distributive", "for any random vector"),
    whose letters stand for any matrices of fitting sizes, or ''."""
    if not said_anywhere(LAW_WORDS, note.text):
        return ""  # (the note names no law: its sentences need not be made)
    found = LAW_WORDS.search(words_near(note, formula, 0, 0))
    return f"the paragraph states a law (\"{found.group()}…\") for any matrices whose sizes fit" if found else ""


# words that put a formula under a constraint it may hold only with ("on the unit circle, z_1^4 + z_2^4 = 1 - …")
CONSTRAINT_WORDS = re.compile(r"on(?<!\won)\s+the\s+unit\s+(?:circle|sphere|ball)|subject(?<!\wsubject)\s+to\b"
                              r"|(?:under|with)(?<!\wunder)(?<!\wwith)\s+the\s+constraints?\b"
                              r"|约束条件下|在约束下|单位圆上|制約条件の?下|제약\s*조건", re.I)


def constraint_stated(note, formula: int) -> str:
    """The words of the formula's sentence that put it under a constraint, or ''."""
    if not said_anywhere(CONSTRAINT_WORDS, note.text):
        return ""
    found = CONSTRAINT_WORDS.search(sentence_of(note, formula))
    return f"its sentence puts it under a constraint (\"{found.group()}\"), where alone it may hold" if found else ""


# a case the note sets a formula in: `$n=2$の場合:`, "for $n = 3$:", `当 $n=2$ 时`
CASE = re.compile(r"\s*([a-z])\s*=\s*(\d+)\s*")  # a size is a lowercase letter: `B = 1` is no case
CASE_WORDS = 40  # characters of prose at most between the case and the formula it sets


def size_case(note, formula: int) -> str:
    """The case (`n = 2`) the note states right before the formula, or '': the formula may
    hold only there (`det(I+A) = 1 + det A + tr A` for a 2×2 A), while its symbols are
    drawn at other sizes."""
    k = paragraph_of(note, formula)
    if k is None:
        return ""
    parts = note.paragraphs[k].parts
    before = list(parts[:parts.index(formula)])
    if not any(isinstance(part, int) for part in before) and k > 0:
        before = list(note.paragraphs[k - 1].parts) + before
    words = ""
    for part in reversed(before):
        if isinstance(part, str):
            words = part + words
            continue
        case = CASE.fullmatch(note.formulas[part].latex)
        return f"it follows the case {case.group(1)} = {case.group(2)} the note states, which may fix its sizes" \
            if case and len(words.strip()) <= CASE_WORDS else ""
    return ""


def example_size(note, numbers: set[int]) -> str:
    """A number of the claim (`\\frac{1}{50}`) that a size the note writes out is (`a $50\\times 2$
    data matrix`), or '': the claim may be the general one at the example's size (1/50 for
    1/N), while its symbols are drawn at other sizes."""
    for formula in note.formulas if numbers else ():
        size = dims_in_latex(formula.latex) if "times" in formula.latex or "×" in formula.latex else None
        shared = numbers.intersection(size) if size is not None else ()
        if shared:
            return f"{min(shared)} may be the size of the note's {formula.latex.strip()} example, drawn at another size"
    return ""


def paragraph_of(note, formula: int) -> int | None:
    """The index in `note.paragraphs` of the paragraph that holds the formula, or None."""
    return next((k for k, paragraph in enumerate(getattr(note, "paragraphs", None) or [])
                 if formula in paragraph.parts), None)


def words_near(note, formula: int, before: int, after: int) -> str:
    """The prose of the formula's paragraph and of the paragraphs `before` and `after` it."""
    k = paragraph_of(note, formula)
    if k is None:
        return ""
    return " ".join(part for p in note.paragraphs[max(0, k - before):k + after + 1] for part in p.parts
                    if isinstance(part, str))


def word(name: str) -> str:
    """A pattern for `name` not preceded by a letter, digit or backslash. The name comes
    first and the look-behind after it, so that the regex engine can scan for the name:
    led by the look-behind, a search of a 50 KB note took 1.5 ms (3% of checking it)."""
    name = re.escape(name)
    return rf"{name}(?<![\w\\]{name})"


def called_square(note, name: str) -> str:
    """The words anywhere in the note that call the matrix written `name` square ("the
    square matrix $A$", "$A$ is invertible", "matrices carrées non singulières $A$"), or ''."""
    name = name.lower()  # (as the words are matched: "the square matrix $a$" may be A's)
    for called in square_callings(note):
        if name in called:
            return called[name]
    return ""


# a letter alone between dollars, after a noun that makes it square or before words that do;
# searched in the note's text lowered (`mention_text`): with `re.I` the engine tried every offset
CALLING_SQUARE = (rf"(?:{SQUARE_NOUN})\s*\$\s*([^$]+?)\s*\$", rf"\$\s*([^$]+?)\s*\$\s*{SQUARE_WORDS}")
CALLED_SQUARE = tuple(re.compile(pattern) for pattern in CALLING_SQUARE)
CALLED_SQUARE_ANY_CASE = tuple(re.compile(pattern, re.I) for pattern in CALLING_SQUARE)  # where lowering cannot do


@per_note
def square_callings(note) -> tuple[dict[str, str], ...]:
    """For each way of calling a matrix square (a noun before it, words after it), each
    letter so called (lowered) -> the first words that do, found in one scan of the note:
    a scan with each letter's own pattern, compiled at each clash, took 1.5% of a build.
    Not words in a table's row, which are that row's condition only."""
    text = note.text
    lowered = note_mention_text(note)  # (as long as the text: a match's place in it is its place in the text)
    patterns, searched = (CALLED_SQUARE, lowered) if lowered is not None else (CALLED_SQUARE_ANY_CASE, text)
    callings = []
    for pattern in patterns:
        called: dict[str, str] = {}
        for found in pattern.finditer(searched):
            start, end = found.span()
            if not text[text.rfind("\n", 0, start) + 1:start].lstrip().startswith("|"):
                called.setdefault(found.group(1).lower(), " ".join(text[start:end].split()))
        callings.append(called)
    return tuple(callings)


def equal_sizes_stated(note, formula: int, sizes: tuple[str, str], square: tuple[str, ...] = ()) -> str:
    """The words of the formula's sentence that make `sizes` equal (`m = n`, or one of the
    matrices `square` names said to be square), or '' when it says no such thing."""
    a, b = (word(size) for size in sizes)
    patterns = [rf"{x}\s*=\s*{y}(?![\w(^_])" for x, y in ((a, b), (b, a))]
    kind = [SQUARE_KIND] if square else []  # ("square matrices": whichever the sentence names)
    patterns += [rf"{word(name)}{SQUARE_WORDS}" for name in square] + kind
    written = [rf"{word(name)}[\s$}}]*{SQUARE_WORDS}" for name in square] + kind
    if not any(re.search(pattern, note.text) for pattern in patterns[:2] + written):
        return ""  # the note says it nowhere: its sentences need not be made (2% of a build did)
    sentence = sentence_of(note, formula)
    if not sentence:
        return ""
    for pattern in patterns:
        found = re.search(pattern, sentence)
        if found:
            return " ".join(found.group().split())
    return ""
