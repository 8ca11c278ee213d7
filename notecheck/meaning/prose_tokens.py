"""A paragraph as the prose reader (`prose`) reads it: a flat list of tokens (words, CJK
runs, punctuation, written sizes such as `m×n`, and the formulas in their places), made
by one regular expression per text part."""

from __future__ import annotations

import re
from functools import lru_cache

from notecheck.records import Record

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta",
    "λ": "lambda", "μ": "mu", "ν": "nu", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi",
    "ψ": "psi", "ω": "omega", "ξ": "xi", "ζ": "zeta", "κ": "kappa", "χ": "chi",
    "Σ": "Sigma", "Λ": "Lambda", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Φ": "Phi", "Ψ": "Psi",
    "Ω": "Omega", "Π": "Pi", "Ξ": "Xi",
}

CLAUSE_END = r"[，,；;。：:！？!?\n]|\.(?=\s|$)"

WRITTEN_SIZE = r"(?<![A-Za-z])[A-Za-z0-9]{1,3}\s*(?:×|\\times|\*|\s[xX]\s)\s*[A-Za-z0-9]{1,3}(?![A-Za-z])"  # `m×n`
WORD_TOKENS = (
    r"(?P<word>[A-Za-z]+(?:_\{?[A-Za-z0-9,]+\}?)?'*)"
    r"|(?P<greek>[" + "".join(GREEK) + r"](?:_\{?[A-Za-z0-9,]+\}?)?)"
    r"|(?P<cjk>[\u4e00-\u9fff]+)"
    r"|(?P<punct>" + CLAUSE_END + r"|、)"
    r"|(?P<other>\S)"
)
# the tokens of a text without a times sign, where no `dims` can match: a fifth quicker
TOKEN_WITHOUT_SIZES = re.compile(WORD_TOKENS)


@lru_cache(maxsize=1)
def size_tokens() -> re.Pattern:
    """The tokens of a text that may write a size, `dims` first: compiled when first
    needed, as a note's words seldom write one and compiling it (its classes span the
    CJK block and the Greek letters) costs a millisecond of every run that starts."""
    return re.compile(r"(?P<dims>" + WRITTEN_SIZE + ")|" + WORD_TOKENS)


class Item(Record):
    """One token of a paragraph: a word, a CJK run, punctuation, or a formula."""

    kind: str            # 'dims' 'word' 'greek' 'cjk' 'punct' 'other' 'formula'
    text: str
    formula: int | None = None
    offset: int = 0      # offset in its text part (for columns)
    part: int = 0


def tokenize(parts: tuple, formulas) -> list[Item]:
    """The items of a paragraph's parts (texts, and formulas by their index)."""
    out: list[Item] = []
    for p, part in enumerate(parts):
        if isinstance(part, int):
            latex = formulas[part].latex if 0 <= part < len(formulas) else ""
            out.append(Item("formula", latex, formula=part, part=p))
            continue
        # positional: this makes an item of every word of every paragraph
        tokens = size_tokens().finditer(part) if may_write_size(part) else TOKEN_WITHOUT_SIZES.finditer(part)
        out.extend([Item(m.lastgroup or "other", m.group(), None, m.start(), p) for m in tokens])
    return out


QUICK_SIZE = re.compile(r"×|\\times|\*|\s[xX]\s")  # in every `WRITTEN_SIZE`, and quicker to look for


def may_write_size(text: str) -> bool:
    """Whether `QUICK_SIZE` is in `text` (its signs looked for one by one first: most texts
    have none of them, and a search for the blank-x-blank tries every character)."""
    return ("x" in text or "X" in text or "×" in text or "*" in text or "\\times" in text) and \
        QUICK_SIZE.search(text) is not None


SIZE_WORDS = re.compile(WRITTEN_SIZE)  # what `tokenize` makes a `dims` item of
