"""Damaged LaTeX: restore backslashes that an export ate.

Text copied out of PDFs, or written by a program that did not escape backslashes, loses
every LaTeX macro whose first letter makes a string escape: ``\\frac`` → form feed +
``rac``, ``\\boldsymbol`` → ``oldsymbol``, ``\\bm{x}`` → ``m{x}``, ``\\begin`` → ``egin``,
``\\text`` → ``ext``, ``\\times`` → ``imes``, ``\\right`` → a line break + ``ight``,
``^{\\top}`` → ``^{op}``, ``\\beta`` → ``eta``, ``{\\rm tr}`` → ``{`` + line break +
``m tr}``. This plugin repairs formulas, only where the evidence is clear:

- only inside math, never in a macro's own name (``\\dfrac`` is left alone);
- *strong* patterns are unmistakable and always repaired: a letter run ending in
  ``rac{``, ``egin{``, ``ext{``, ``ilde{`` or ``oldsymbol`` (``Brac{`` is ``B\\frac{``,
  since math juxtaposes one-letter symbols), a run that is exactly ``imes``, ``lpha``,
  ``heta``, ``abla``, ``otag``, ``pprox``, ``arepsilon``, and ``ight`` after a line break;
- *weak* patterns (``m{``, ``ar{``, ``eta``, ``^{op}``, ``ight`` with no line break) are
  common enough in healthy LaTeX that they are repaired only in a note that shows strong
  damage somewhere.

Each repaired formula keeps its place and its damaged text in ``Formula.original`` and
gets one NC103 finding naming what was restored.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# a run of letters ending in the name, then `{`; letters before it are other symbols
STRONG_BRACED = {"rac": r"\frac", "egin": r"\begin", "ext": r"\text", "extbf": r"\textbf",
                 "ilde": r"\tilde", "oldsymbol": r"\boldsymbol"}
WEAK_BRACED = {"m": r"\bm", "ar": r"\bar"}
# a run that is exactly the name
STRONG_WORDS = {"imes": r"\times", "lpha": r"\alpha", "heta": r"\theta", "abla": r"\nabla",
                "otag": r"\notag", "pprox": r"\approx", "arepsilon": r"\varepsilon",
                "oldsymbol": r"\boldsymbol"}
WEAK_WORDS = {"eta": r"\beta"}
# the braced names, a longer before any it ends with (`extbf` before `ext`)
STRONG_BRACED_LONGEST_FIRST = {name: STRONG_BRACED[name] for name in sorted(STRONG_BRACED, key=len, reverse=True)}
WEAK_BRACED_LONGEST_FIRST = {name: WEAK_BRACED[name] for name in sorted(WEAK_BRACED, key=len, reverse=True)}
# the runs restored as a whole whatever follows them (`ight` only in a weak repair)
WHOLE_WORDS = frozenset(STRONG_WORDS) | frozenset(WEAK_WORDS) | {"ight"}

PIECE = re.compile(r"\\[A-Za-z]+|\\.|\n[ \t]*ight(?![A-Za-z])|\{\n[ \t]*m(?=[ \t])|\^(?:\{op\}|op(?![A-Za-z]))"
                   r"|[A-Za-z]+", re.S)
# cheap pre-checks: a damaged name where `repair` would restore it, not where a macro
# holds it. Each alternative starts with its literal and looks behind afterwards, so the
# regex engine skips ahead by first character instead of trying every lookbehind at every
# offset (10x). A run of letters after one backslash is a macro's name (`\dfrac{`,
# `\Theta`, `\otimes`, `\beta`, `\right`, `\mathrm{`, `\bar{`), which `repair` leaves
# alone: the look-behinds pass over such a macro (a longer name is left to `repair`); a
# name `repair` restores only as a whole run (`imes`) or before `{` (`ext{`) is asked
# for so. In a damaged note `repair` then runs on the formulas it changes, not on most.
_MACRO_BEFORE = "".join(rf"(?<!(?<!\\)\\[A-Za-z]{{{k}}}{{tail}})" for k in range(7))
_WHOLE_RUN = r"(?![A-Za-z])(?<![A-Za-z]{word})"
STRONG_SUSPECT = re.compile(
    r"rac\{(?<!\\frac\{)" + _MACRO_BEFORE.replace("{tail}", r"rac\{")
    + r"|egin\{(?<!\\begin\{)|ext(?<!\\text)(?:bf)?\{|ilde(?<!\\tilde)\{|oldsymbol(?<!\\boldsymbol)"
    + "".join(f"|{word}" + _WHOLE_RUN.replace("{word}", word)
              for word in ("imes", "lpha", "heta", "abla", "otag", "pprox", "arepsilon"))
    + r"|\n[ \t]*ight|\{\n[ \t]*m[ \t]")
WEAK_SUSPECT = re.compile(
    STRONG_SUSPECT.pattern
    + "".join(f"|{tail}" + _MACRO_BEFORE.replace("{tail}", tail) for tail in (r"m\{", r"ar\{"))
    + "".join(f"|{word}" + _WHOLE_RUN.replace("{word}", word) + rf"(?<!(?<!\\)\\{word})" for word in ("eta", "ight"))
    + r"|\^\{?op")
# Letters after an escaped backslash (`\\frac`) are a run, not a macro, and `repair`
# restores them; the looser pre-checks these replace passed over them but let `repair`
# run when any of their patterns matched elsewhere in the formula, so where such a run
# is, they still decide (`_suspect`), and every formula is repaired as it was.
ESCAPED_RUN = re.compile(r"\\\\[A-Za-z]")
LOOSE_STRONG = re.compile(r"rac\{(?<!\\frac\{)|egin\{(?<!\\begin\{)|ext(?<!\\text)|i(?:lde|mes)(?<!\\ti...)"
                          r"|oldsymbol(?<!\\boldsymbol)|lpha(?<!\\alpha)|heta(?<!\\theta)|abla(?<!\\nabla)"
                          r"|otag(?<!\\notag)|pprox(?<!\\approx)|arepsilon(?<!\\varepsilon)|\n[ \t]*ight|\{\n")
LOOSE_WEAK = re.compile(LOOSE_STRONG.pattern + r"|m\{|ar\{|eta|\^\{?op|ight")

# a lone backslash before a space or line break, in an environment with `&` columns
ROW_BREAK = re.compile(r"(?<!\\)\\(?=\s)")
# strong damage anywhere in a note's text: the licence to repair weak patterns. That is
# `rac{`, `egin{` or `ext{` after a run of at most 3 letters that no backslash precedes,
# written as a rarer literal first (`{`, `ymbol`) and then what must and what may not
# stand before it (4 letters, or a backslash and 0-3 letters), so the regex engine skips
# ahead by first character, not stopping at every `e` and `r` of the note's prose
NOTE_DAMAGE = re.compile("|".join(rf"\{{(?<={name}\{{)(?<![A-Za-z]{{4}}{name}\{{)"
                                  + "".join(rf"(?<!\\[A-Za-z]{{{k}}}{name}\{{)" for k in range(4))
                                  for name in ("rac", "egin", "ext"))
                         + r"|ymbol(?<=oldsymbol)(?<!\\boldsymbol)\b|\n[ \t]*ight(?![A-Za-z])")


def on_formula(formula, note):
    damaged = formula.latex
    if not _suspect(damaged, True):
        # nearly every formula: suspect of no damage even with weak patterns, so of none
        # without them, and whether the note allows them (a search of its whole text)
        # need not be asked
        return []
    allow_weak = note_is_damaged(note.text)
    if not allow_weak and not _suspect(damaged, False):
        return []  # what `repair` would find at once, without its Counter
    repaired, restored, _weak = repair(damaged, allow_weak)
    if not restored:
        return []
    from notecheck.findings import Edit, Finding

    # A repair rewrites text outside any failed claim, so `--fix` leaves it alone; it is
    # offered with `--unsafe-fixes`, where the user asked for more than claim fixes.
    edit = Edit(formula.start, formula.end, repaired, safe=False) if formula.start >= 0 else None
    formula.original, formula.latex = formula.original or damaged, repaired
    formula.start = formula.end = -1
    names = ", ".join(name + (f" ×{count}" if count > 1 else "") for name, count in restored.items())
    return [Finding("NC103", f"damaged LaTeX (eaten backslashes) repaired: restored {names}",
                    line=formula.line, col=formula.col, end_line=formula.end_line,
                    formula=repaired, fix=repaired, edit=edit, cell=formula.cell)]


@lru_cache(maxsize=8)
def note_is_damaged(text: str) -> bool:
    return NOTE_DAMAGE.search(text) is not None


def repair(latex: str, allow_weak: bool) -> tuple[str, Counter, bool]:
    """The repaired LaTeX, how many of each macro were restored, and whether a weak
    pattern was used."""
    if not _suspect(latex, allow_weak):
        return latex, Counter(), False  # the common, healthy case, in one regex pass
    out: list[str] = []
    restored: Counter = Counter()
    weak = False
    at = 0  # the text up to here is in `out`; a piece left alone is copied with what follows it
    for match in PIECE.finditer(latex):
        piece = match.group(0)
        end = match.end()
        following = latex[end:end + 1]
        if piece[0] == "\\" or (following != "{" and piece[0] not in "\n{^" and piece not in WHOLE_WORDS
                                 and not piece.endswith("oldsymbol")):
            continue  # a macro, or a run `_repair_piece` leaves alone (most pieces: `x`, `A`)
        fixed, is_weak = _repair_piece(piece, following, latex, allow_weak)
        if fixed is None:
            continue
        out.append(latex[at:match.start()])
        at = end
        out.append(fixed)
        weak |= is_weak
        restored[_macro_in(fixed)] += 1
    out.append(latex[at:])
    text = "".join(out)
    if restored and "\\begin{" in text and "&" in text:  # `\\` between rows became `\`
        text, rows = ROW_BREAK.subn(r"\\\\", text)
        if rows:
            restored["\\\\"] += rows
    return text, restored, weak


def _suspect(latex: str, allow_weak: bool) -> bool:
    """Whether `latex` may hold damage `repair` would restore (one regex search, two
    more where a backslash is escaped before letters). Each weak pattern extends its
    strong one with more alternatives, so a formula suspect without weak patterns is
    suspect with them."""
    if (WEAK_SUSPECT if allow_weak else STRONG_SUSPECT).search(latex) is not None:
        return True
    return ESCAPED_RUN.search(latex) is not None and (LOOSE_WEAK if allow_weak else LOOSE_STRONG).search(latex) is not None


def _repair_piece(piece: str, following: str, latex: str, allow_weak: bool) -> tuple[str | None, bool]:
    if piece.startswith("\\"):
        return None, False
    if piece.startswith("\n"):  # `\r` became a line break: `\right`
        return r"\right", False
    if piece.startswith("{\n"):  # and `{\rm tr}`
        return r"{\rm", False
    if piece.startswith("^"):  # `^{op}` or `^op`, whole: `^{op}X` keeps one closing brace
        return (r"^{\top}", True) if allow_weak else (None, False)
    if following == "{":
        for table, is_weak in ((STRONG_BRACED_LONGEST_FIRST, False), (WEAK_BRACED_LONGEST_FIRST, True)):
            if is_weak and not allow_weak:
                break
            for name in table:
                if piece.endswith(name):
                    return piece[:-len(name)] + table[name], is_weak
    if piece in STRONG_WORDS:
        return STRONG_WORDS[piece], False
    if piece.endswith("oldsymbol"):
        return piece[:-len("oldsymbol")] + r"\boldsymbol", False
    if allow_weak and piece in WEAK_WORDS:
        return WEAK_WORDS[piece], True
    if allow_weak and piece == "ight" and "\\left" in latex and following in ")]|.\\":
        return r"\right", True
    return None, False


def _macro_in(fixed: str) -> str:
    """The macro a repaired piece restored: `B\\frac` → `\\frac`, `^{\\top}` → `\\top`."""
    return "\\" + fixed.rsplit("\\", 1)[1].rstrip("{}")
