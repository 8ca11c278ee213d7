"""A note's formulas → trees: one `Parsed` per formula, or None with why not and a finding
at the place it fails (NC201 where the LaTeX is broken, NC202 where it is valid but not
read yet). The note is anything with `.formulas` and `.front_matter` (read's `Note`), so
this stage needs nothing of how notes are read.

A formula is read the way its note writes LaTeX (`note_reading`): with the macros the
site, the front matter and the note's formulas define, and with the note's own dialect
(`^t` or `'` as a transpose, letters it defines as functions)."""

from __future__ import annotations

import re

from notecheck.findings import Finding
from notecheck.latex.continued import adjacent_formulas, last_side
from notecheck.latex.expr import Parsed, copy_tree
from notecheck.latex.lex import ContinuationError, ParseError
from notecheck.latex.macros import Macro, definitions_of, macro_from_setting
from notecheck.latex.parser import parse
from notecheck.latex.parser.vocabulary import GREEK

# a row that starts by defining a function of a letter: `\Omega(\theta) = ...`, `&F(x) :=`,
# searched in the note's LaTeX after a line break, so that a row starts after `\n` or
# `\\\\` (a first character the regex engine skips ahead to: `^` made it try every offset);
# each part possessive: no part can give back what it took to let the rest match, and
# trying (`\s*&?\s*` splitting white space two ways at every line) was half its time
# (`\\mathbf{y}(x) = …` too: a vector-valued function)
DEFINED_FUNCTION = re.compile(r"(?:\\\\|\n)\s*+&?\s*+(?:\\(?:mathbf|boldsymbol|bm)\s*+\{\s*+([A-Za-z])\s*+\}|\\?([A-Za-z]++))"
                              r"\(([^()=]*+)\)\s*+&?\s*+(?:=|:=|\\coloneqq|\\triangleq)")
# the note writes `^T` (or `^\top`, `^\intercal`) somewhere
WRITES_T = re.compile(r"\^\s*\{?\s*(T|\u22a4|\\top|\\intercal|\\(?:mathrm|mathsf|rm|sf|text|textsf|mathbf)\s*\{?\s*T\s*\}?)(?![A-Za-z])")
# a capital letter (not the end of a word or a macro) with `^t` or `^{t}`; the regexes
# below start at `^` or `'`, which the regex engine skips ahead to, and look behind
T_POWER = re.compile(r"\^(?<=(?<![A-Za-z\\])[A-Z]\^)\{?t\}?(?![A-Za-z])")
# a prime after a capital letter (not the end of a word or a macro) or after a group
CAPITAL_PRIME = re.compile(r"'(?<=(?<![A-Za-z\\])[A-Z]'|\}')")
# `f'(x)`, `\sigma'(z)`, `F'(x_0)`: a prime on a function applied to one letter is a derivative;
# `X'(\mathcal{D}_sA)X` and `u'(Ax - b)` are transposes before a group
PRIME_APPLIED = re.compile(r"'\s*\(\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[\w\\]+\}?)?\s*\)")
# letters the note binds as its own, not the zero and identity matrices: `O = PV`, `O \in \mathbb{R}^{N\times d}`,
# and an I with a subscript placed in a space that is not square (`I_y \in \mathbb{R}^{m \times k}`, one-hot rows);
# each letter before the look-behind that stands for what may not precede it, so that the engine scans for the letter
OWN_O = re.compile(r"O(?<![A-Za-z\\{]O)\s*(?:=|\\in(?![A-Za-z]))")
OWN_I = re.compile(r"I(?<![A-Za-z\\{]I)_\{?([A-Za-z])\}?\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{\s*([A-Za-z0-9]+)\s*"
                   r"(?:\\times|\*)\s*([A-Za-z0-9]+)\s*\}")
# a letter (or a Greek one) with a layer's superscript: `z^l`, `a^{l-1}`, `\\delta^{L}`
LAYERED = re.compile(r"(?<![A-Za-z\\])(\\[A-Za-z]+|[A-Za-z])\s*\^\s*(?:\{\s*[lL]\s*(?:[+-]\s*1\s*)?\}|[lL](?![A-Za-z]))")
LAYER_MARK = re.compile(r"\^\s*(?:\{\s*[lL]|[lL](?![A-Za-z]))")  # in every match of LAYERED, led by `^`


def parse_formulas(note, config=None):
    """A tree per formula (None where it does not parse), why not, and a finding per
    failure: NC201 where the LaTeX is broken, NC202 where it is valid but not read.
    `config` is the run's settings (their `macros` are the site's)."""
    reading = note_reading(note, config)
    how = (reading["macros"], reading["t_transposes"], reading["functions"], reading["primes_transpose"],
           reading["layered"], reading["own"])
    trees, errors, findings = [], [], []
    parsed: dict[str, Parsed] = {}  # a fifth of a note's formulas repeat one before them
    adjacent = None  # which formula each follows with nothing between (found at the first `= …`)
    for index, formula in enumerate(note.formulas):
        try:
            try:
                known = parsed.get(formula.latex)
                if known is None:
                    tree = parsed[formula.latex] = parse(formula.latex, *how)  # by position: no keywords bound
                else:  # a copy (a third of a parse's cost): no two formulas share a node
                    tree = copy_tree(known)
            except ContinuationError:
                adjacent = adjacent_formulas(note) if adjacent is None else adjacent
                before = trees[adjacent[index]] if index in adjacent else None
                side = last_side(before)
                if side is None:
                    raise
                tree = parse(formula.latex, *how, continued=side)  # not kept: another `= …` goes on from another
            trees.append(tree)
            errors.append(None)
            continue
        except ParseError as error:
            message, offset, broken = error.message, error.col - 1, error.broken
        except RecursionError:
            message, offset, broken = "nested too deeply", 0, False
        trees.append(None)
        errors.append(message)
        col = formula.col + offset if formula.line == formula.end_line else formula.col
        code, what = ("NC201", "formula does not parse") if broken else ("NC202", "formula not read")
        findings.append(Finding(code, f"{what}: {message}", line=formula.line, col=col,
                                end_line=formula.end_line, formula=formula.latex, cell=formula.cell))
    return trees, errors, findings


def writes_transpose(latex: str) -> bool:
    """Whether the text writes a transpose as such: `^T`, `^\\top`, `^{\\mathrm{T}}`."""
    return WRITES_T.search(latex) is not None


def note_reading(note, config=None) -> dict:
    """How to read this note's LaTeX, as keyword arguments of `parse`: its macros,
    whether `^t` is a transpose (the note writes `K^t` and never `^T`), whether `'` is
    (it writes `X'` or `{\\bf X}'`, never `^T` and never `f'(x)`), the letters it
    defines as functions (a row that starts `\\Omega(\\theta) =`), those it gives layer
    superscripts (`layered_letters`), and the letters it binds itself (`own_letters`)."""
    latex = "\n".join(formula.latex for formula in note.formulas)
    no_transpose = WRITES_T.search(latex) is None
    t_transposes = no_transpose and T_POWER.search(latex) is not None
    primes_transpose = no_transpose and CAPITAL_PRIME.search(latex) is not None and PRIME_APPLIED.search(latex) is None
    functions = frozenset(name for bold, plain, argument in DEFINED_FUNCTION.findall("\n" + latex)
                          if (name := bold or plain) not in argument and name != "d" and (len(name) == 1 or name in GREEK))
    return {"macros": note_macros(note, config), "t_transposes": t_transposes, "functions": functions,
            "primes_transpose": primes_transpose, "layered": layered_letters(latex),
            "own": own_letters(latex)}


def own_letters(latex: str) -> frozenset[str]:
    """`O` where the note binds it (attention's output `O = PV`) and `I_y` where it places
    it in a space that is not square: letters there, not the zero and identity matrices."""
    out = {"I_" + sub for sub, rows, cols in OWN_I.findall(latex) if rows != cols}
    return frozenset(out | ({"O"} if OWN_O.search(latex) else set()))


def layered_letters(latex: str) -> frozenset[str]:
    """The letters a note writes with a layer's superscript (`z^l = W^l a^{l-1} + b^l`), if
    it so writes two or more: then its `w^2` is layer 2's w, not w squared. One letter
    alone (`x^l` of a power series) says nothing of layers."""
    if LAYER_MARK.search(latex) is None:  # (LAYERED, led by a letter, is tried at every one)
        return frozenset()
    found = frozenset(name.lstrip("\\") for name in LAYERED.findall(latex) if name != "e")
    return found if len(found) >= 2 else frozenset()


def note_macros(note, config=None) -> dict:
    """The macros in force in a note: the site's (config), the front matter's
    (`macros:` or `notecheck: macros:`), then those its formulas define."""
    macros = dict(getattr(config, "macros", ()) or ())
    front = note.front_matter if isinstance(getattr(note, "front_matter", None), dict) else {}
    own = front.get("notecheck") if isinstance(front.get("notecheck"), dict) else {}
    for table in (front.get("macros"), own.get("macros")):
        for name, value in (table.items() if isinstance(table, dict) else ()):
            try:
                macros.update([macro_from_setting(str(name), value)])
            except ValueError:
                continue
    macros = definitions_of((formula.latex for formula in note.formulas), macros)
    return {**macros, **guessed_bold_letters(note, macros)}


# a site's macro for a bold letter, kept in its MathJax configuration, not in the note: `\Bx`, `\BX`,
# `\bX`, `\bbeta`; or one that sets what follows it in bold: `\v x`, `\bs{x}`
BOLD_LETTER_MACRO = re.compile(r"\\(B[A-Za-z]|b(?:[A-Z]|alpha|beta|gamma|delta|epsilon|theta|lambda|mu|nu|xi|pi|rho"
                               r"|sigma|tau|phi|psi|omega|Sigma|Lambda|Theta|Phi|Psi|Omega|Gamma|Delta))(?![A-Za-z])")
BOLD_ARGUMENT_MACRO = re.compile(r"\\(v|bs|vb)(?![A-Za-z])")
GUESSED_FROM = 3  # uses of such macros (distinct letters, or of one macro with its argument) a note must make undefined


def guessed_bold_letters(note, macros: dict) -> dict:
    """`\\Bx`, `\\bX`, `\\bbeta` as bold letters and `\\v x`, `\\bs{x}` as a bold x, in a note that
    uses such macros three times or more and defines none of them: a site's notation kept
    in its MathJax configuration (one blog's matrix calculus page writes 62 formulas so, an
    econometrics course `\\bX'\\bY`, an optimization script `\\v x`). A claim that fails through
    one is uncertain (`guessed_in`)."""
    latex = "\n".join(formula.latex for formula in note.formulas)
    letters = guessed_in(latex, macros, BOLD_LETTER_MACRO)
    guessed = {f"\\{name}": Macro(bold_letter(name[1:])) for name in letters} if len(letters) >= GUESSED_FROM else {}
    for name in guessed_in(latex, macros, BOLD_ARGUMENT_MACRO):
        if len(re.findall(rf"\\{name}(?![A-Za-z])", latex)) >= GUESSED_FROM:
            guessed[f"\\{name}"] = Macro("\\boldsymbol{#1}", 1)
    return guessed


def bold_letter(name: str) -> str:
    """The bold letter a guessed macro names: `X` of `\\bX` in `\\mathbf`, a Greek `beta` in `\\boldsymbol`."""
    return f"\\boldsymbol{{\\{name}}}" if len(name) > 1 else f"\\mathbf{{{name}}}"


def guessed_in(latex: str, macros: dict, pattern=BOLD_LETTER_MACRO) -> set[str]:
    """The names (without their backslash) of the bold macros of `pattern` that `latex`
    uses and `macros` does not define."""
    return {name for name in pattern.findall(latex) if f"\\{name}" not in macros}


def guessed_letters(note, index: int) -> list[str]:
    """The bold macros formula `index` reads as guessed, undefined in the note (a site's own
    definitions are not known here: a failure through one of those is called uncertain too)."""
    latex = note.formulas[index].latex
    names = guessed_in(latex, {}) | guessed_in(latex, {}, BOLD_ARGUMENT_MACRO)
    if not names:
        return []
    own = definitions_of(formula.latex for formula in note.formulas)
    return sorted(f"\\{name}" for name in names if f"\\{name}" not in own)
