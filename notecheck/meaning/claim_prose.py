"""What the words around a formula say of its claims: that a condition is set or solved
("令梯度为零", "setting the gradient to zero"), that the formula restates a definition
("i.e.", "化简为"), and that a letter is introduced afresh ("let $A$ be any symmetric
matrix", "for any $A$", "a symmetric matrix $A$", "设 $A$ 为任意矩阵"): from there on a
definition made before is not what the letter means. Token matching over the prose
between formulas; nothing is evaluated here.
"""

from __future__ import annotations

import re

from notecheck.latex.expr import Chain, Parsed, Symbol

# prose that announces a condition or a solution rather than an identity
SOLVING_WORDS = (
    "零点", "为零", "为0", "等于零", "等于0", "解得", "解为", "估计为", "估计是", "最优解", "极值", "驻点", "正规方程", "特征值", "特征向量",
    "setting", "set to zero", "set it to zero", "equal to zero", "solution", "solve",
    "optimum", "stationary", "normal equation", "eigen", "minimizer", "maximizer",
    "maximized when", "minimized when", "maximised when", "minimised when")
SOLVING = re.compile("|".join(map(re.escape, SOLVING_WORDS)))  # one search: 3x faster than 29 `in`s

# words right before a formula that make it a supposition, not a claim: "A matrix $A$ is
# idempotent if $AA = A$", "P is a transition matrix if $\\sum_j P_{ij} = 1$", "若 $m=n$"
SUPPOSING = re.compile(r"(?:\b(?:if|iff|if\s+and\s+only\s+if|whenever|provided(?:\s+that)?)|当且仅当|如果|若)"
                       r"\s*[,，:：]?\s*$", re.I)

# words right before a value given a letter that make it a supposition, not an answer: "if we set
# $z = x = \alpha$", "Eğer $x = \alpha$ dersek", "令 $x = y$"
SUPPOSING_VALUE = re.compile(r"(?:\b(?:if|let|suppose|assume|assuming|set|setting|put|putting)|eğer|如果|若|令|假设|设)"
                             r"\s*(?:we\s+(?:set|put|take|say)\s*)?[,，:：]?\s*$", re.I)

# words that say the formula after them restates what is already defined: a claim, not a definition
RESTATING = re.compile(r"(?:simplif(?:y|ies|ied)\s+to|reduces\s+to|i\.\s*e\.?|that\s+is|equivalently|"
                       r"in\s+other\s+words|化简为|化简得|简化为|也就是|即|等价于|亦即|换句话说)\s*[,，:：]?\s*$", re.I)

# the words right before a letter that make it any letter of its kind: "for any (symmetric) $A$",
# "an invertible matrix $A$", "对任意的对称矩阵 $A$". Case is ignored in the English words
# only: ignoring it over the CJK block made Python fold each of its 21,000 characters, 4 of
# the 6 ms this pattern took to compile at every start (no CJK character has a case).
KIND = r"(?:matrix|matrices|vectors?|scalars?)"
ANY_BEFORE = re.compile(r"(?:(?i:\b(?:for|given|take|fix)\s+(?:any|all|every|each|an?\s+arbitrary|arbitrary)"
                        r"(?:\s+[A-Za-z.-]+){0,3}|\b(?:an?|any|every|each)\s+(?:[A-Za-z.-]+\s+){0,3}" + KIND +
                        r")|(?:任意|任一|任何|所有|每个|每一个)的?[\u4e00-\u9fff]{0,6})\s*$")
# "let $A$ be any …", "let $A$ be a symmetric matrix", "设 $A$ 为任意…": a letter and the words after it
LET_BEFORE = re.compile(r"(?:\b(?:let|suppose)|设|令|假设)\s*$", re.I)
ANY_AFTER = re.compile(r"\s*(?:be\s+(?:any|an?\s+arbitrary|arbitrary|an?\s+(?:[A-Za-z.-]+\s+){0,3}" + KIND + r")\b"
                       r"|(?:为|是)\s*(?:任意|任一|[^，。,.；;]{0,12}?(?:矩阵|向量|标量)))", re.I)


def prose_before(note) -> dict[int, tuple[int, str]]:
    """For each formula, its paragraph and the prose just before it there (where `令梯度为零` is);
    for a display formula that opens its paragraph, the words that end the paragraph
    before it ("… is maximized when the following equation is satisfied.")."""
    out: dict[int, tuple[int, str]] = {}
    text = ""
    for number, para in enumerate(getattr(note, "paragraphs", None) or []):
        if para.parts and isinstance(para.parts[0], str):
            text = ""
        for part in para.parts:
            if isinstance(part, str):
                text += part
            else:
                out[part] = (number, text[-120:])
                text = ""
    return out


def restates(text: str) -> bool:
    return RESTATING.search(text) is not None


def supposes(text: str) -> bool:
    return SUPPOSING.search(text) is not None


def supposes_value(text: str) -> bool:
    return SUPPOSING_VALUE.search(text) is not None


def announces_solving(text: str) -> bool:
    return SOLVING.search(text.lower()) is not None


def introduced_afresh(note, trees: list[Parsed | None]) -> dict[int, frozenset[Symbol]]:
    """For each formula that names letters as any letters of their kind ("let $A$ be any
    symmetric matrix", "for any $A$", "a symmetric matrix $A$"), those letters: a claim
    after it speaks of any A with the properties the words give it, not of an A the note
    defined before (`A = R^2`, with a random R, is no symmetric matrix)."""
    out: dict[int, frozenset[Symbol]] = {}
    for para in getattr(note, "paragraphs", None) or []:
        parts = para.parts
        for k, part in enumerate(parts):
            if isinstance(part, str) or not 0 <= part < len(trees):
                continue
            before = parts[k - 1][-80:] if k and isinstance(parts[k - 1], str) else ""
            after = parts[k + 1][:60] if k + 1 < len(parts) and isinstance(parts[k + 1], str) else ""
            if ANY_BEFORE.search(before) or (LET_BEFORE.search(before) and ANY_AFTER.match(after)):
                letters = lone_letters(trees[part])
                if letters:
                    out[part] = letters
    return out


def lone_letters(tree: Parsed | None) -> frozenset[Symbol]:
    """The letters a formula only names (`$A$`, `$A, B$`, `$A \\in \\mathbb{R}^{n\\times n}$`), not
    those of a formula that says more of them (`$A = R^2$`)."""
    statements = tree.statements if tree is not None else ()
    named = [s.items[0] if isinstance(s, Chain) and set(s.rels) == {"\\in"} else s for s in statements]
    return frozenset(named) if named and all(isinstance(s, Symbol) for s in named) else frozenset()
