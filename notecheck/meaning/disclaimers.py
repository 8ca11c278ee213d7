"""Formulas the note itself calls wrong: a guess it shows in order to refute it ("However,
if we look at this it does not quite work", "这样写是错误的", "$(2u^T) A^T$는 차원이 안
맞습니다"). A finding there would tell the author what they already wrote: it is
unverified, with the note's own words."""

from __future__ import annotations

import re

from notecheck.meaning.stated_conditions import paragraph_of

DISCLAIMING = re.compile(r"does\s*n[o']t\s+(?:quite\s+)?work|\bthis\s+is\s+(?:a\s+)?mistake"
                         r"|\bis\s+(?:wrong|incorrect|undefined|not\s+(?:correct|right|defined))\b"
                         r"|\b(?:do|does)\s*n[o']t\s+(?:fit|match)\b|\b(?:cannot|can't)\s+be\s+multiplied\b"
                         r"|\bis\s+not\s+(?:true|necessarily\s+(?:true|equal))\b|\bis\s+false\b"
                         r"|是错误的|是错的|不对|不成立|不一定(?:成立|相等)|は誤り|間違い|正しくない|成り立たない"
                         r"|成立しない|とは限らない|틀렸|잘못된|성립하지\s*않"
                         r"|차원이\s*(?:안\s*맞|맞지\s*않)|维[度数]不(?:匹配|对|一致)|次元が(?:合わな|一致しな)", re.I)
# words before it: "Instead of writing $Ax$", "**Wrong:** If …, then $Ax$ …" (a paragraph so labelled),
# "注意：这里不能用 $∂f/∂X = aᵀ ∂X/∂X b = ?$" (here one cannot use …)
DISCLAIMED_AHEAD = re.compile(r"(?:(?:instead\s+of|rather\s+than)(?:\s+writing)?|\b(?:cannot|can't|can\s+not)\s+"
                              r"(?:use|write)|不能(?:用|写成?|这样写)|不可以?(?:用|写成?))\s*$", re.I)
WRONG_LABEL = re.compile(r"^\W*(?:wrong|incorrect|错误|误)\W*[:：]", re.I)
# words right before it that set it in place of the formula before them: "$b^Tx$ 대신에 $bx$" (bx instead of bᵀx,
# a scalar analogy), "$A$ の代わりに $a$": a case the note imagines, not a step of its own
INSTEAD_AHEAD = re.compile(r"(?:대신(?:에)?|の代わりに)\s*,?\s*$")
REACH = 160  # characters after the formula in which the words must stand


def disclaimer(note, formula: int) -> str:
    """The words around formula `formula` that call it wrong, or '': a "Wrong:" opening its
    paragraph or "instead of writing" right before it; after it, those up to the next
    formula of its paragraph, or, when it ends its paragraph, those that open the next (not
    words that introduce another formula: "Forgetting $A$ is wrong: $…$")."""
    k = paragraph_of(note, formula)
    if k is None:
        return ""
    paragraphs = note.paragraphs
    parts = paragraphs[k].parts
    at = parts.index(formula)
    ahead = "".join(part for part in parts[:at] if isinstance(part, str))
    labelled = WRONG_LABEL.search(ahead) or DISCLAIMED_AHEAD.search(ahead.rstrip(" *_"))
    if labelled:
        return f"the note says it does not hold (\"{labelled.group().strip(' *_')}\")"
    instead = INSTEAD_AHEAD.search(ahead)
    if instead:
        return f"the note writes it in place of the formula before (\"{instead.group().strip(' ,')}\": instead of)"
    text = words_before_a_formula(parts[at + 1:])
    if not text.strip(" ,.;:，。\n") and k + 1 < len(paragraphs):
        text = words_before_a_formula(paragraphs[k + 1].parts)
    found = DISCLAIMING.search(text[:REACH])
    return f"the note says right after it that it does not hold (\"{found.group()}\")" if found else ""


def words_before_a_formula(parts: tuple) -> str:
    words = ""
    for part in parts:
        if not isinstance(part, str):
            break
        words += part
    return words
