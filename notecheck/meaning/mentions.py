"""What the prose says of a symbol in passing ("a symmetric matrix $M$", "one-hot"), and
which properties a note speaks of anywhere: the two properties a checker may assume to
rescue a claim, read more loosely than a declaration (`prose.paragraph_declarations`)."""

from __future__ import annotations

import re

from notecheck.latex.expr import Chain, Symbol
from notecheck.meaning.prose import asserted
from notecheck.meaning.word_search import mention_text, note_mention_text

# The words that give a symbol a property in passing, and that speak of one anywhere.
# Looser than `prose.PROPERTY_WORDS` (plain substrings, a clause fragment suffices), and
# only the properties a checker may assume to rescue a claim; a declaration needs the
# stricter table. Kept as two tables: merging them would change what notes declare.
# (Korean, Japanese and Russian are read only here: "$U$를 직교행렬이라고 부른다", "$S$ は対称行列",
# "$U$ ортогональна", the matrix's short adjective; a vector's is ортогонален.)
PROPERTY_MENTIONS = {
    "symmetric": ("对称", "symmetric", "대칭", "対称"),
    "onehot": ("one-hot", "onehot", "独热", "其它元素为0", "其他元素为0", "one hot"),
    "orthogonal": ("正交矩阵", "正交阵", "orthogonal matrix", "직교행렬", "직교 행렬", "直交行列",  # not "orthogonal to"
                   "ортогональна", "ортогональная матриц", "ортогональной матриц", "matriz ortogonal",
                   "matrice orthogonale", "orthogonale matrix", "orthonormal matrix", "orthonormal columns", "정규직교",
                   "标准正交矩阵", "正規直交行列"),
}
# orthonormal columns spelled out after the letter, as the Deep Learning book's PCA has them
# ("the columns of $D$ orthogonal to each other, of unit norm"; "$D$는 열들이 정규화되어 있고
# 서로 직교하는"): DᵀD = I. (Not before it: "an orthonormal set of eigenvectors of $A$" is not A's.)
ORTHONORMAL = "orthonormal|정규직교|标准正交|正規直交"
ORTHOGONAL = "orthogonal|직교|正交|直交"
UNIT = r"\bunit\b|normali[sz]ed|정규화|单位|归一|正規化"
COLUMNS = re.compile(r"\bcolumns?\b|열(?:들|벡터|이|은|의|을)|(?<![序系排数])列", re.I)  # (not 배열, an array; 序列, a sequence)
COLUMNS_OF = re.compile(r"\bcolumns?\s+of\s*$", re.I)


def orthonormal_columns(lead: str, after: str) -> bool:
    """Whether the words around a letter say its columns are orthonormal: "columns" after it or
    "the columns of" right before it (`lead`, the text before it), and orthonormal (or orthogonal
    and of unit norm) after it, neither taken back ("orthogonal, but not of unit norm")."""
    if not (COLUMNS.search(after) or COLUMNS_OF.search(lead)):
        return False
    return asserted(ORTHONORMAL, after) or asserted(ORTHOGONAL, after) and asserted(UNIT, after)


def mentioned_properties(note, trees) -> dict[Symbol, set[str]]:
    """The properties the prose gives a symbol in words, read from the text between the
    symbol and the next symbol (sizes like `$m\\times 1$` in between are skipped over)."""
    out: dict[Symbol, set[str]] = {}
    for paragraph in note.paragraphs:
        current: list[Symbol] = []
        before = lead = ""
        for part in paragraph.parts:
            if isinstance(part, int):
                named = lone_symbol(trees[part] if part < len(trees) else None)
                if named is not None:
                    current, lead = [named], before
                    if may_mention(before):  # (its last clause can hold a word only if the text does)
                        note_words(out, named, CLAUSE_START.split(before)[-1])  # "a symmetric matrix $M$"
                continue
            before = part
            for sym in current:
                note_words(out, sym, part)
                if orthonormal_columns(lead, part):
                    out.setdefault(sym, set()).add("orthogonal")
    return out


CLAUSE_START = re.compile(r"[,，;；.。:：]|\band\b|和|与|及")


def note_words(out: dict[Symbol, set[str]], sym: Symbol, text: str) -> None:
    lowered = mention_text(text)
    for prop, words in PROPERTY_MENTIONS.items():
        if any(asserted(re.escape(word), text) for word in words if lowered is None or word in lowered):
            out.setdefault(sym, set()).add(prop)


MENTION_WORDS = tuple(word for words in PROPERTY_MENTIONS.values() for word in words)


def may_mention(text: str) -> bool:
    """Whether `note_words` may find a word in `text` or in a stretch of it: a stretch
    lowercased is that stretch of the text lowercased (but for a final sigma, which no
    word holds, and the letters `mention_text` leaves to the patterns), so a word in the
    stretch is in the text."""
    lowered = mention_text(text)
    return lowered is None or any(word in lowered for word in MENTION_WORDS)


def lone_symbol(tree) -> Symbol | None:
    if tree is None or len(tree.statements) != 1:
        return None
    only = tree.statements[0]
    if isinstance(only, Chain) and set(only.rels) == {"\\in"}:
        only = only.items[0]  # `\\boldsymbol{y}\\in\\mathbb{R}^q`
    return only if isinstance(only, Symbol) else None


# a vector's entries said to sum to one in a formula: `y^T \\boldsymbol{1} = 1`, `\\mathbf{1}^\\top p = 1`,
# `\\sum_{j=1}^{K} p_j = 1` (a probability vector, as a one-hot label is)
ONES = r"\\(?:boldsymbol|mathbf|mathbb|bm)\s*\{\s*1\s*\}"
TRANSPOSED = r"\^\s*\{?\s*(?:T|\\top|\\intercal)\s*\}?"
LETTER = r"(?:\\[A-Za-z]+\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])"
SUMS_TO_ONE = re.compile(rf"(?:{LETTER}\s*{TRANSPOSED}\s*{ONES}|{ONES}\s*{TRANSPOSED}\s*{LETTER}"
                         r"|\\sum_\{?\s*[a-z](?:\s*=\s*1)?\s*\}?(?:\^\s*\{?\s*\w+\s*\}?)?\s*[a-z]_\{?\s*[a-z]\s*\}?)"
                         r"\s*&?\s*=\s*1(?![\w.])")
ONES_WRITTEN = re.compile(ONES)  # in every match of SUMS_TO_ONE that has no `\\sum`: a note with neither has none


def spoken_properties(note) -> tuple[str, ...]:
    """The properties the note's text speaks of anywhere ("one-hot", "对称"), tied to a
    symbol or not, and not taken back ("not necessarily symmetric"): a checker may
    assume one only where the note asserts it. A formula that says a vector sums to one
    (`y^T \\mathbf{1} = 1`) speaks of a probability vector."""
    lowered = note_mention_text(note)
    spoken = tuple(prop for prop, words in PROPERTY_MENTIONS.items()
                   if any(asserted(re.escape(word), note.text) for word in words if lowered is None or word in lowered))
    return spoken + ("probability",) if sums_to_one_written(note.text) else spoken


def sums_to_one_written(text: str) -> bool:
    """Whether a formula of `text` says a vector sums to one (`SUMS_TO_ONE`), tried only
    where it can: led by a letter, the pattern is tried at every one (19 ms per hundred
    notes, where half of them write neither a sum nor a vector of ones)."""
    if "\\sum" not in text and ONES_WRITTEN.search(text) is None:
        return False
    return SUMS_TO_ONE.search(text) is not None
