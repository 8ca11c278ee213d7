"""The LaTeX the parser knows: which macros are functions, fonts, relations, joins,
noise, and which letters usually name a function. Tables only; the parser modules
decide how a token reads with them."""

from __future__ import annotations

import re

from notecheck.latex.expr import Hadamard, Kron

MAX_NESTING = 25

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu"
    " nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma"
    " Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell infty hbar square".split()
)
FONT_MACROS = {
    "\\boldsymbol": "bold", "\\bm": "bold", "\\pmb": "bold", "\\mathbf": "bold",
    "\\vec": "bold", "\\overrightarrow": "bold", "\\mathbfit": "bold", "\\bold": "bold", "\\textbf": "bold",
    "\\mathcal": "cal", "\\mathscr": "cal", "\\mathbb": "bb", "\\Bbb": "bb",
    "\\mathrm": "rm", "\\textrm": "rm", "\\mathsf": "sf", "\\mathfrak": "frak",
    "\\mathit": "", "\\textit": "",
}
FONT_SWITCHES = {"\\bf": "bold", "\\rm": "rm", "\\cal": "cal", "\\it": "", "\\sf": "sf"}
ACCENTS = {
    "\\bar": "bar", "\\overline": "bar", "\\hat": "hat", "\\widehat": "hat",
    "\\tilde": "tilde", "\\widetilde": "tilde", "\\dot": "dot", "\\ddot": "ddot", "\\dddot": "dddot",
    "\\check": "check", "\\breve": "breve",
}
# spelled name -> canonical Func name
FUNCTIONS = {
    "tr": "tr", "Tr": "tr", "trace": "tr", "det": "det", "log": "log", "ln": "log",
    "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sec": "sec", "csc": "csc", "cot": "cot",
    "sigma": "sigma", "softmax": "softmax", "diag": "diag", "vec": "vec", "adj": "adj",
    "sqrt": "sqrt", "relu": "relu", "ReLU": "relu", "sign": "sign", "sgn": "sign",
    "rank": "rank", "etr": "etr", "sigmoid": "sigma", "Sigmoid": "sigma", "Softmax": "softmax", "Diag": "diag",
    "Rank": "rank",
}
# words a note applies as functions of its own without `\\operatorname` (`Var(z_1)`, `Cov(x)`): read as the
# function of that name, as `\\operatorname{Cov}(x)` is, not as the letters C, o, v times (x)
NAMED_FUNCTIONS = frozenset("Var var Cov cov Corr corr Cor Std std StdDev SD".split())
TRACE_WORDS = frozenset({"tr", "Tr"})  # the trace bare (`tr AB`) or in braces (`{tr} AB`): never t times r
FUNCTION_MACROS = {"\\" + k: v for k, v in FUNCTIONS.items() if k in (
    "det", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sec", "csc", "cot", "tr", "Tr")}
# operators read as `Opaque` with their limits and operand: name -> what a reason calls it
BIG_OPERATORS = {
    "\\prod": "a product over an index (\\prod)", "\\int": "an integral", "\\iint": "an integral",
    "\\oint": "an integral", "\\lim": "a limit", "\\limsup": "a limit", "\\liminf": "a limit",
    "\\max": "max/min", "\\min": "max/min", "\\arg": "argmax/argmin", "\\sup": "sup/inf",
    "\\inf": "sup/inf", "\\bigcup": "a union of sets", "\\bigcap": "an intersection of sets",
}
BIG_WORDS = {"argmax": "argmax/argmin", "argmin": "argmax/argmin", "max": "max/min", "min": "max/min",
             "arg max": "argmax/argmin", "arg min": "argmax/argmin"}
CODE_WORDS = frozenset("rbind cbind matmul reshape np torch tf".split())  # names calls in code begin with
QUANTIFIERS = {"\\forall": "a quantifier (\\forall)", "\\exists": "a quantifier (\\exists)",
               "\\nexists": "a quantifier (\\nexists)"}
APPLY_LETTERS = frozenset("fghpquvFGHIJLPQ") | {"phi", "varphi", "psi", "ell"}
RELATIONS = {
    "=": "=", "\\approx": "\\approx", "\\simeq": "\\approx", "\\in": "\\in", "<": "<",
    ">": ">", "\\le": "\\le", "\\leq": "\\le", "\\leqslant": "\\le", "\\ge": "\\ge",
    "\\geq": "\\ge", "\\geqslant": "\\ge", "\\ne": "\\ne", "\\neq": "\\ne", "\\sim": "\\sim",
    "\\propto": "\\propto", "\\coloneqq": ":=", "\\triangleq": ":=", "\\equiv": ":=",
    "\\lt": "<", "\\gt": ">", "\\to": "\\to", "\\rightarrow": "\\to", "\\mapsto": "\\mapsto",
    "\\ni": "\\ni", "\\notin": "\\notin", "\\subset": "\\subset", "\\subseteq": "\\subseteq", "\\perp": "\\perp",
    "\\gets": "\\gets", "\\leftarrow": "\\gets", "\\ll": "\\ll", "\\gg": "\\gg",
    "\\succ": "\\succ", "\\succeq": "\\succeq", "\\prec": "\\prec", "\\preceq": "\\preceq",  # A ≻ 0: definite
    "\\doteq": ":=",  # `E_D(w) \\doteq \\frac{1}{2}\\sum …`: Sutton and Barto's "defined as", which their readers keep
    "\\thicksim": "\\sim", "\\cong": "\\approx",  # `w \\thicksim N(0, 1)`; `e(x + Δx) \\cong e(x) + JΔx`
}
# notation kept whole, with what a reason calls it: `\\binom{n}{k}`, `\\lfloor x \\rfloor`
ENCLOSING = {"\\lfloor": ("\\rfloor", "a floor"), "\\lceil": ("\\rceil", "a ceiling")}
BINOMIALS = frozenset(["\\binom", "\\dbinom", "\\tbinom"])
LONE_OPERATORS = frozenset(
    "\\odot \\otimes \\circ \\cdot \\times \\nabla \\partial \\sum \\pm + - = \\Rightarrow"
    " \\bigodot \\star \\ast *".split()
)
STATEMENT_JOINS = {
    "\\Rightarrow": "\\Rightarrow", "\\Longrightarrow": "\\Rightarrow",
    "\\implies": "\\Rightarrow", "\\therefore": "\\Rightarrow", "\\because": ",",
    "\\Leftrightarrow": "\\Leftrightarrow", "\\iff": "\\Leftrightarrow",
    "\\Longleftrightarrow": "\\Leftrightarrow",
    ",": ",", ";": ";", "\\quad": "\\quad", "\\qquad": "\\quad", "\\\\": "row",
    "\\cr": "row", "\\newline": "row",
}
JOIN_STRENGTH = {"\\Rightarrow": 5, "\\Leftrightarrow": 5, ",": 3, ";": 3, "\\quad": 2, "row": 1, "text": 0}
PROSE_PUNCTUATION = {"，": ",", "；": ";", "。": "", "、": ",", "：": ""}
ROW_ENVIRONMENTS = frozenset(
    "aligned align align* alignat alignat* gathered gather gather* split equation equation*"
    " eqnarray eqnarray* multline multline* flalign flalign* displaymath math".split()
)
MATRIX_ENVIRONMENTS = frozenset(
    "matrix bmatrix pmatrix vmatrix Vmatrix Bmatrix smallmatrix array".split()
)
NOISE_MACROS = frozenset(
    "\\left \\right \\middle \\big \\Big \\bigg \\Bigg \\bigl \\bigr \\Bigl \\Bigr \\biggl \\biggr"
    " \\Biggl \\Biggr \\, \\; \\: \\! \\> \\  \\displaystyle \\textstyle \\scriptstyle"
    " \\limits \\nolimits \\nonumber \\notag \\hline \\enspace \\thinspace \\medspace"
    " \\thickspace \\negthinspace \\mathstrut \\strut \\allowbreak \\hfill \\space"
    " \\tiny \\scriptsize \\footnotesize \\small \\normalsize \\large \\Large \\LARGE \\huge \\Huge".split()  # sizes of type
) | {"\\ ", "\\\n", "\\\r", "\\\t"}  # `\\` before a line break or a tab: TeX's control space too
NOISE_WITH_ARGUMENT = frozenset("\\label \\tag \\hspace \\vspace \\color \\phantom \\hphantom \\vphantom".split())
WORD_MACROS = frozenset("\\operatorname \\text \\mathrm \\textrm \\mbox \\textbf \\textit".split())
SIZED = frozenset("\\left \\right \\middle".split())
# a superscript that names, not raises: layer l's `W^{[l]}`, example i's activation `a^{[l](i)}`
# (as the text of a group, blanks and braces out); kept in the symbol's sub, as `x^{(i)}`'s `(i)` is
LAYER_LABEL = re.compile(r"\[[^\[\]]+\](?:\([^()]+\))?")
# a layer written as a bare superscript (`z^l`, `a^{l-1}`, `w^2`) on a letter the note so
# writes (`note_reading`'s `layered`): the same label as `z^{[l]}`
LAYER_INDEX = re.compile(r"[lL](?:[+-][1-9])?|[0-9]")
# a time step written above (`^{<t>}`, `^{\\langle t \\rangle}`), spaces and braces taken out
TIME_STEP = re.compile(r"(?:<|\\langle)([^<>\\]+)(?:>|\\rangle)")
# a superscript that is a conjugate transpose (or a label), never a power (spaces and braces taken out)
HERMITIAN_SPELLINGS = frozenset({"H", "\\dagger"})
# a Lie algebra's maps, as SLAM and robotics notes write them: `\phi^\wedge` (the skew matrix of φ), `R^\vee`
LIE_MAPS = {"\\wedge": "the hat map (\\phi^\\wedge)", "\\land": "the hat map (\\phi^\\wedge)", "\\vee": "the vee map (R^\\vee)",
            "\\oplus": "a quaternion's matrix (q^\\oplus)", "\\times": "a cross-product matrix (a^\\times)"}
INVERSE_FUNCTIONS = frozenset({"\\arccos", "\\arcsin", "\\arctan"})  # kept whole, unread, as `\\cos^{-1}` is
TRANSPOSE_SPELLINGS = frozenset(
    ["T", "\\top", "\\intercal", "\\mathsfT", "\\mathrmT", "\\rmT", "\\textT", "\\textsfT", "\\sfT", "\\mathbfT",
     "Tr", "\\mathrmTr", "\\textTr", "\\rmTr", "\u22a4",  # U+22A4 is ⊤ typed as a character (`A^⊤`)
     # the conjugate transpose `A^{\\mathrm{H}}`: the transpose of the real values notecheck draws
     "\\mathrmH", "\\mathsfH", "\\textH", "\\rmH"]
)
OPENERS = {"(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\lbrack": "\\rbrack"}
CLOSERS = frozenset(OPENERS.values())
BAR_CLOSE = frozenset(["|", "\\vert", "\\rvert"])
NORM_OPEN = frozenset(["\\|", "\\Vert", "\\lVert"])
NORM_CLOSE = frozenset(["\\|", "\\Vert", "\\rVert"])
DOTS = {"\\cdots": "cdots", "\\dots": "dots", "\\ldots": "ldots", "\\vdots": "vdots", "\\ddots": "ddots", "\\dotsc": "dots", "\\dotsb": "cdots"}
PASS_THROUGH = frozenset(["\\boxed", "\\cancel", "\\underbrace", "\\overbrace", "\\underline", "\\bbox",
                          "\\colorbox", "\\fcolorbox"])
FRACS = frozenset(["\\frac", "\\dfrac", "\\tfrac", "\\cfrac"])
HADAMARD_OPS = {"\\odot": Hadamard, "\\circ": Hadamard, "\\bigodot": Hadamard, "\\otimes": Kron}
SPACE_FIELDS = frozenset("RCNZQ")

# every macro some rule reads: an error at any other one names it as undefined
KNOWN_MACROS = (
    frozenset("\\" + g for g in GREEK) | frozenset(FONT_MACROS) | frozenset(FONT_SWITCHES) | frozenset(ACCENTS)
    | frozenset(FUNCTION_MACROS) | INVERSE_FUNCTIONS | frozenset(BIG_OPERATORS) | frozenset(QUANTIFIERS) | frozenset(RELATIONS)
    | frozenset(STATEMENT_JOINS) | NOISE_MACROS | NOISE_WITH_ARGUMENT | WORD_MACROS | frozenset(OPENERS)
    | CLOSERS | BAR_CLOSE | NORM_OPEN | NORM_CLOSE | frozenset(DOTS) | PASS_THROUGH | FRACS | frozenset(HADAMARD_OPS)
    | LONE_OPERATORS | frozenset("\\sqrt \\sum \\nabla \\partial \\langle \\rangle \\lvert \\vert \\underset"
                                 " \\overset \\stackrel \\cdot \\times \\div \\pm \\mp \\cap \\cup \\setminus"
                                 " \\substack \\prime \\# \\square \\Pr \\rfloor \\rceil \\over \\parallel \\%".split())
    | frozenset(ENCLOSING) | BINOMIALS
)
FACTOR_MACROS = (
    frozenset(FONT_MACROS) | frozenset(ACCENTS) | frozenset(FUNCTION_MACROS) | FRACS
    | frozenset(DOTS) | frozenset(OPENERS) | frozenset(PASS_THROUGH)
    | frozenset(["\\operatorname", "\\mathrm", "\\textrm", "\\sqrt", "\\lvert", "\\langle",
                 "\\sum", "\\nabla", "\\partial", "\\underset", "\\overset", "\\Pr", "\\%"])
    | frozenset(ENCLOSING) | BINOMIALS
)
