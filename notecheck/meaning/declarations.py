"""What a note declares about its symbols, from prose, formulas and front matter.

Authors state shapes and properties in words ("其中 a 是 m×1 列向量", "W is p×n",
"Σ symmetric positive definite"), in formulas (`X\\in\\mathbb{R}^{m\\times n}`) and, for
notecheck, in front matter (`notecheck: {symbols: {X: "m x n"}}`). Shape inference treats
these as facts where naming conventions are only priors; the checker draws random values
with the declared properties (symmetric, one-hot, ...). The layout (numerator or
denominator) is declared only where a sentence says this note uses it: a passing mention
("分子/分母布局下的微分准则") or a recommendation is not a declaration.

Reading prose never evaluates anything: it is token matching over words and formulas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notecheck.latex.expr import Chain, Expr, Parsed, Space, Symbol, walk
from notecheck.result import Layout
from notecheck.meaning.shapes import Shape

# properties a declaration can give a symbol
PROPERTIES = ("symmetric", "spd", "diagonal", "orthogonal", "invertible", "onehot", "constant", "scalar", "vector", "matrix")


@dataclass
class Declaration:
    symbol: Symbol
    shape: Shape | None = None          # e.g. Shape('m', 1) from "a 是 m×1 列向量"
    properties: frozenset[str] = frozenset()
    line: int = 0                       # where it was declared (for NC305)
    col: int = 1
    formula: int | None = None          # index of the formula holding the declaration
    source: str = ""                    # the declaring text, for messages
    any_font: bool = False              # written in plain text (or front matter), where bold
    #                                     cannot be written: applies to the name in any font
    note_wide: bool = False             # from front matter: holds in every section


@dataclass
class Context:
    declarations: dict[Symbol, list[Declaration]] = field(default_factory=dict)
    layout: Layout | None = None        # declared layout, None if the note declares none
    elementwise: dict[str, str] = field(default_factory=dict)  # 'sigma' -> 'sigmoid', ...

    def properties(self, sym: Symbol) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for d in self.lookup(sym):
            out |= d.properties
        return out

    def lookup(self, sym: Symbol) -> list[Declaration]:
        """Declarations of `sym`: its own, else those of the same name in another font
        (damaged exports bold every letter in prose; plain text cannot bold at all)."""
        own = self.declarations.get(sym)
        if own:
            return own
        out = []
        for font in ("", "bold"):
            if font != sym.font:
                out += [d for d in self.declarations.get(Symbol(sym.name, font, sym.sub, sym.accent, sym.prime), [])
                        if d.any_font or sym.name[:1].isupper() or "scalar" in d.properties]
        return sorted(out, key=lambda d: (d.line, d.col))

    def all(self) -> list[Declaration]:
        """Every declaration in note order."""
        out = [d for ds in self.declarations.values() for d in ds]
        return sorted(out, key=lambda d: (d.line, d.col))

    def add(self, decl: Declaration) -> None:
        self.declarations.setdefault(decl.symbol, []).append(decl)


def read_context(note, trees: list[Parsed | None]) -> Context:
    """Everything `note` declares: front matter first, then formulas and prose in order."""
    context = Context()
    read_front_matter(note.front_matter or {}, context)
    for index, tree in enumerate(trees):
        if tree is not None and index < len(note.formulas):
            for decl in formula_declarations(tree, note.formulas[index], index):
                context.add(decl)
    for paragraph in note.paragraphs:
        for decl in paragraph_declarations(paragraph, note, trees, context.elementwise):
            context.add(decl)
    if context.layout is None:
        context.layout = prose_layout(note)
    return context


# ---------------------------------------------------------------- words

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta",
    "λ": "lambda", "μ": "mu", "ν": "nu", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi",
    "ψ": "psi", "ω": "omega", "ξ": "xi", "ζ": "zeta", "κ": "kappa", "χ": "chi",
    "Σ": "Sigma", "Λ": "Lambda", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Φ": "Phi", "Ψ": "Psi",
    "Ω": "Omega", "Π": "Pi", "Ξ": "Xi",
}
FUNCTION_NAMES = {"exp", "log", "ln", "sin", "cos", "tanh", "sigmoid", "relu", "softmax", "sigma", "sqrt"}

# (pattern, property) in the order they are tried; a description may carry several
PROPERTY_WORDS: list[tuple[str, str]] = [
    (r"对称正定|正定|positive[\s-]*definite|\bspd\b|\bSPD\b", "spd"),
    (r"对称|symmetric", "symmetric"),
    (r"对角|diagonal", "diagonal"),
    (r"正交|orthogonal", "orthogonal"),
    (r"可逆|非奇异|invertible|non-?singular", "invertible"),
    (r"one\s*-?\s*hot|独热|除一个元素为\s*1\s*外其[它他余]元素[均都]?为\s*0", "onehot"),
    (r"常量|常数|常矩阵|常向量|\bconstants?\b", "constant"),
    (r"标量|scalar|实数", "scalar"),
    (r"行向量|row[\s-]*vector", "row"),
    (r"列向量|向量|vector", "vector"),
    (r"矩阵|方阵|matrix|matrices", "matrix"),
]
ELEMENTWISE_WORDS: list[tuple[str, str]] = [
    (r"sigmoid|logistic", "sigmoid"),
    (r"tanh", "tanh"),
    (r"relu|ReLU", "relu"),
    (r"指数|\bexp", "exp"),
    (r"自然对数|对数|\blog", "log"),
    (r"逐元素|逐个元素|按元素|element[\s-]?wise|entry[\s-]?wise", "elementwise"),
]
VERBS = r"均为|都是|皆为|均是|都为|是|为|表示|代表|denotes?|are|is|be"
CONNECTORS = {"和", "与", "及", "以及", "、", ",", "，", "and", "&"}
LEADERS = {"其中", "这里", "此处", "设", "令", "记", "where", "Where", "let", "Let", "here", "Here", "with", "With",
           "注意这里的", "注意这里", "由于", "and", "且", "并且"}
CLAUSE_END = r"[，,；;。：:！？!?\n]|\.(?=\s|$)"

TOKEN = re.compile(
    r"(?P<dims>(?<![A-Za-z])[A-Za-z0-9]{1,3}\s*(?:×|\\times|\*|\s[xX]\s)\s*[A-Za-z0-9]{1,3}(?![A-Za-z]))"
    r"|(?P<word>[A-Za-z]+(?:_\{?[A-Za-z0-9,]+\}?)?'*)"
    r"|(?P<greek>[" + "".join(GREEK) + r"](?:_\{?[A-Za-z0-9,]+\}?)?)"
    r"|(?P<cjk>[\u4e00-\u9fff]+)"
    r"|(?P<punct>" + CLAUSE_END + r"|、)"
    r"|(?P<other>\S)"
)


@dataclass
class Item:
    """One token of a paragraph: a word, a CJK run, punctuation, or a formula."""

    kind: str            # 'dims' 'word' 'greek' 'cjk' 'punct' 'other' 'formula'
    text: str
    formula: int | None = None
    offset: int = 0      # offset in its text part (for columns)
    part: int = 0


def tokenize(parts: tuple, formulas) -> list[Item]:
    out: list[Item] = []
    for p, part in enumerate(parts):
        if isinstance(part, int):
            latex = formulas[part].latex if 0 <= part < len(formulas) else ""
            out.append(Item("formula", latex, formula=part, part=p))
            continue
        for m in TOKEN.finditer(part):
            out.append(Item(m.lastgroup or "other", m.group(), offset=m.start(), part=p))
    return out


def split_clauses(items: list[Item]) -> list[list[Item]]:
    """Clauses end at punctuation; a clause of bare subjects ("a, b 是常量") joins the next."""
    clauses: list[list[Item]] = [[]]
    for item in items:
        if item.kind == "punct" and item.text not in ("、",):
            clauses.append([])
        else:
            clauses[-1].append(item)
    merged: list[list[Item]] = []
    pending: list[Item] = []
    for clause in clauses:
        if not clause:
            continue
        if all(is_subject_like(i) or i.text in CONNECTORS or i.text in LEADERS for i in clause) \
                and any(is_subject_like(i) for i in clause):
            pending += clause + [Item("cjk", "和")]
            continue
        merged.append(pending + clause)
        pending = []
    return merged


def is_subject_like(item: Item) -> bool:
    if item.kind == "greek":
        return True
    if item.kind == "word":
        return bool(re.fullmatch(r"[A-Za-z](?:_\{?[A-Za-z0-9,]+\}?)?'*", item.text))
    return item.kind == "formula"


# ---------------------------------------------------------------- symbols from text and formulas

FONT_MACROS = {"boldsymbol": "bold", "mathbf": "bold", "bm": "bold", "pmb": "bold", "vec": "bold",
               "mathcal": "cal", "mathbb": "bb", "mathrm": "rm", "mathsf": "sf"}


def word_symbol(text: str) -> Symbol:
    """`a`, `W_1`, `x_{i}`, `σ` as written in plain prose."""
    m = re.fullmatch(r"(.)(?:_\{?([A-Za-z0-9,]+)\}?)?('*)", text)
    assert m is not None
    name = GREEK.get(m.group(1), m.group(1))
    return Symbol(name, "", m.group(2), None, len(m.group(3)))


def latex_symbols(latex: str) -> list[Symbol]:
    """The symbols of a formula that is only a symbol or a list of them (`A,B`,
    `\\boldsymbol{a}, \\boldsymbol{b}`), read without the parser for formulas it rejects."""
    out = []
    for piece in latex.split(","):
        sym = latex_symbol(piece)
        if sym is None:
            return []
        out.append(sym)
    return out


SYMBOL_LATEX = re.compile(
    r"\s*(?:\\(?P<acc>bar|hat|tilde)\s*\{)?\s*(?:\\(?P<font>boldsymbol|mathbf|bm|pmb|vec)\s*\{?)?\s*"
    r"(?:\\(?P<acc2>bar|hat|tilde)\s*\{)?\s*(?P<name>[A-Za-z]|\\[A-Za-z]+)\s*\}?\s*\}?\s*\}?"
    r"(?:_\{?(?P<sub>[A-Za-z0-9,]+)\}?)?(?P<prime>'*)\s*$")


def latex_symbol(latex: str) -> Symbol | None:
    m = SYMBOL_LATEX.fullmatch(latex)
    if m is None:
        return None
    name = m.group("name").lstrip("\\")
    if len(name) > 1 and name.lower() not in GREEK_NAMES:
        return None
    font = "bold" if m.group("font") else ""
    return Symbol(name, font, m.group("sub"), m.group("acc") or m.group("acc2"), len(m.group("prime")))


GREEK_NAMES = {v.lower() for v in GREEK.values()} | {"varepsilon", "vartheta", "varphi", "ell"}


def tree_subjects(tree: Parsed | None, latex: str) -> list[Symbol]:
    """Symbols a formula names as the subject of a sentence: `$X$`, `$A,B$`, and the
    defined symbol of `$f=\\boldsymbol{a}\\boldsymbol{x}$` ("... 为标量函数")."""
    if tree is None:
        return latex_symbols(latex)
    out = []
    for statement in tree.statements:
        if isinstance(statement, Symbol):
            out.append(statement)
        elif isinstance(statement, Chain) and isinstance(statement.items[0], Symbol) and \
                statement.rels and statement.rels[0] in ("=", ":="):
            out.append(statement.items[0])
        else:
            return []
    return out


# ---------------------------------------------------------------- dims

DIM = r"[A-Za-z]\w{0,2}|\d{1,4}"


def dims_in_latex(latex: str) -> tuple[object, object] | None:
    """`m×1`, `m\\times n`, `\\boldsymbol{m}\\times\\boldsymbol{1}`, `p x n` → ('m', 1)..."""
    text = re.sub(r"\\(?:boldsymbol|mathbf|bm|pmb|mathrm|mathit|text)\b", "", latex)
    text = re.sub(r"\\[,;:! ]|[{}\s]|\\left|\\right", "", text)
    text = text.replace("\\times", "×").replace("imes", "×").replace("*", "×")
    m = re.fullmatch(rf"(?:\\in)?({DIM})(?:×|x|X)({DIM})", text)
    if m is None:
        return None
    return as_dim(m.group(1)), as_dim(m.group(2))


def as_dim(text: str):
    return int(text) if text.isdigit() else text


def dims_of_space(space: Space) -> tuple[object, object] | None:
    """`\\mathbb{R}^{m\\times n}` → ('m','n'); `\\mathbb{R}^n` → ('n', 1); `\\mathbb{R}` → (1, 1)."""
    def dim(e: Expr | None):
        if e is None:
            return 1
        if isinstance(e, Symbol) and not e.sub:
            return e.name
        value = getattr(e, "value", None)
        if value is not None and getattr(value, "denominator", 2) == 1:
            return int(value)
        return None
    rows, cols = dim(space.rows), dim(space.cols)
    if rows is None or cols is None:
        return None
    return rows, cols


# ---------------------------------------------------------------- descriptions

def describe(items: list[Item], trees, formulas) -> tuple[tuple | None, set[str], str | None]:
    """(dims, properties, elementwise kind) said by the words after the verb."""
    dims = None
    text_parts = []
    for item in items:
        if item.kind == "formula":
            found = dims_in_latex(item.text)
            if found is None:
                sym = latex_symbol(item.text)
                if sym is not None and not sym.sub and len(sym.name) == 1:
                    text_parts.append(f" ${sym.name}$ ")
                    continue
            if dims is None and found is not None:
                dims = found
            text_parts.append(" $ ")
        elif item.kind == "dims":
            found = dims_in_latex(item.text)
            if dims is None and found is not None:
                dims = found
            text_parts.append(" $ ")
        else:
            text_parts.append(item.text + ("" if item.kind == "cjk" else " "))
    text = "".join(text_parts)
    # "f 是矩阵X经…运算构成": a kind word naming another symbol is no predicate
    text = re.sub(r"(?:矩阵|向量|标量)\s*(?:\$[A-Za-z]\$|[A-Za-z](?![A-Za-z]))", " ", text)
    props = {prop for pattern, prop in PROPERTY_WORDS if re.search(pattern, text, re.I)}
    if "spd" in props:
        props.add("symmetric")
    m = re.search(r"([A-Za-z0-9])\s*[×xX*]?\s*([A-Za-z0-9])\s*维", text)
    if dims is None and m:
        dims = (as_dim(m.group(1)), as_dim(m.group(2)))
    m = re.search(r"\$([A-Za-z])\$\s*维|([A-Za-z])\s*维|\$([A-Za-z])\$-dimensional", text)
    if dims is None and m:
        dims = (next(g for g in m.groups() if g), 1)
    kind = None
    for pattern, name in ELEMENTWISE_WORDS:
        if re.search(pattern, text, re.I):
            kind = name
            break
    return dims, props, kind


def shape_from(dims, props: set[str]) -> Shape | None:
    if dims is not None:
        return Shape(*dims)
    if "scalar" in props and not props & {"vector", "matrix", "row"}:
        return Shape(1, 1)
    return None


def clean_props(props: set[str], shape: Shape | None) -> frozenset[str]:
    """Keep the kind word only when the shape does not say otherwise ("W 是 l×m 列向量"
    has a wrong word; the written dims win)."""
    out = set(props) - {"row"}
    if shape is not None:
        out -= {"vector", "matrix", "scalar"}
        if shape.is_scalar:
            out.add("scalar")
        elif shape.cols == 1:
            out.add("vector")
        else:
            out.add("matrix")
    if "row" in props and shape is None:
        out.add("vector")
    return frozenset(out)


# ---------------------------------------------------------------- prose declarations

def paragraph_declarations(paragraph, note, trees, elementwise: dict[str, str]) -> list[Declaration]:
    items = tokenize(paragraph.parts, note.formulas)
    out: list[Declaration] = []
    for clause in split_clauses(items):
        out.extend(clause_declarations(clause, paragraph, note, trees, elementwise))
    return out


def clause_declarations(clause: list[Item], paragraph, note, trees, elementwise) -> list[Declaration]:
    verb = next((k for k, i in enumerate(clause) if is_verb(i)), None)
    if verb is None:
        return verbless_declarations(clause, paragraph, note, trees)
    subjects: list[tuple[Symbol, Item, bool]] = []
    k = verb - 1
    while k >= 0:
        item = clause[k]
        if item.text in CONNECTORS:
            k -= 1
            continue
        found = item_subjects(item, trees)
        if not found:
            break
        subjects[:0] = found
        k -= 1
    if not subjects:
        return []
    if k >= 0 and re.search(r"字母|letters?$", clause[k].text):
        return []  # "小写字母x表示标量" states a convention for a kind of letter, not for x
    if any(re.match(r"若|如果|假如|倘若|if\b", i.text, re.I) for i in clause[:verb]):
        return []  # a condition ("若标量函数f是…") declares nothing
    description = clause[verb + 1:]
    if clause[verb].kind == "cjk" and len(clause[verb].text) > len(verb_of(clause[verb].text)):
        tail = clause[verb].text[len(verb_of(clause[verb].text)):]
        description = [Item("cjk", tail, part=clause[verb].part)] + description
    return described(subjects, description, clause, paragraph, note, trees, elementwise)


def verbless_declarations(clause: list[Item], paragraph, note, trees) -> list[Declaration]:
    """English without a verb: "Σ symmetric positive definite", "where W p×n"."""
    k = 0
    while k < len(clause) and clause[k].text in LEADERS:
        k += 1
    subjects = []
    while k < len(clause) and (clause[k].text in CONNECTORS or item_subjects(clause[k], trees)):
        subjects += item_subjects(clause[k], trees) if clause[k].text not in CONNECTORS else []
        k += 1
    description = clause[k:]
    if not subjects or not description or description[0].kind not in ("word", "dims"):
        return []
    return described(subjects, description, clause, paragraph, note, trees, {})


def described(subjects, description, clause, paragraph, note, trees, elementwise) -> list[Declaration]:
    dims, props, kind = describe(description, trees, note.formulas)
    out = []
    for sym, item, plain in subjects:
        if sym.name in FUNCTION_NAMES:
            if kind not in (None, "elementwise"):  # "σ 是逐元素函数" names no particular function
                elementwise[sym.name] = kind
            continue
        shape = shape_from(dims, props)
        final = clean_props(props, shape)
        if shape is None and not final:
            continue
        line, col = place_of(item, paragraph, note)
        out.append(Declaration(sym, shape, final, line, col, item.formula, source=clause_text(clause),
                               any_font=plain))
    return out


def verb_of(text: str) -> str:
    m = re.match(VERBS, text)
    return m.group() if m else ""


def is_verb(item: Item) -> bool:
    if item.kind == "cjk":
        return bool(verb_of(item.text))
    return item.kind == "word" and re.fullmatch(r"denotes?|are|is|be", item.text) is not None


def item_subjects(item: Item, trees) -> list[tuple[Symbol, Item, bool]]:
    if item.kind == "formula":
        tree = trees[item.formula] if item.formula is not None and item.formula < len(trees) else None
        return [(s, item, False) for s in tree_subjects(tree, item.text)]
    if item.kind == "greek" or (item.kind == "word" and is_subject_like(item)):
        return [(word_symbol(item.text), item, True)]
    if item.kind == "word" and item.text.lower() in FUNCTION_NAMES:
        return [(Symbol(item.text.lower()), item, True)]
    if item.kind == "cjk":
        # "其中a是": the CJK run before a plain-text name is not a subject; stop here
        return []
    return []


def clause_text(clause: list[Item]) -> str:
    return "".join(f"${i.text}$" if i.kind == "formula" else i.text + ("" if i.kind == "cjk" else " ")
                   for i in clause).strip()


def place_of(item: Item, paragraph, note) -> tuple[int, int]:
    """Line and column of a subject: its formula's, or found in the paragraph's line."""
    if item.formula is not None and item.formula < len(note.formulas):
        f = note.formulas[item.formula]
        return f.line, f.col
    lines = note.text.split("\n")
    pattern = re.compile(r"(?<![A-Za-z\\{])" + re.escape(item.text) + r"(?![A-Za-z}])")
    for line in range(paragraph.line, min(paragraph.line + 3, len(lines) + 1)):
        text = lines[line - 1]
        math = [m.span() for m in re.finditer(r"\$[^$]*\$", text)]
        for m in pattern.finditer(text):
            if not any(a <= m.start() < b for a, b in math):
                return line, m.start() + 1
    return paragraph.line, 1


# ---------------------------------------------------------------- formula declarations

def formula_declarations(tree: Parsed, formula, index: int) -> list[Declaration]:
    """`X\\in\\mathbb{R}^{m\\times n}`, `x ∈ R^n`, `a, b \\in \\mathbb{R}^n`."""
    out = []
    pending: list[Symbol] = []
    for statement in tree.statements:
        if isinstance(statement, Symbol):
            pending.append(statement)
            continue
        for node in walk(statement) if isinstance(statement, Chain) else ():
            if not isinstance(node, Chain):
                continue
            for k, rel in enumerate(node.rels):
                if rel != "\\in":
                    continue
                subject, space = node.items[k], node.items[k + 1]
                dims = dims_of_space(space) if isinstance(space, Space) else space_dims(formula.latex, space)
                if dims is None or not isinstance(subject, Symbol):
                    continue
                for sym in [*pending, subject]:
                    shape = Shape(*dims)
                    col = formula.col + max(subject.pos, 0) if "\n" not in formula.latex[:max(subject.pos, 0)] \
                        else formula.col
                    out.append(Declaration(sym, shape, clean_props(set(), shape), formula.line, col, index,
                                           source=formula.latex))
        pending = []
    return out


def space_dims(latex: str, node: Expr):
    """`X \\in m \\times n` (a damaged "X 是 m×n"): dims written without \\mathbb{R}."""
    if node.pos < 0 or node.end < 0:
        return None
    text = latex[node.pos:node.end]
    m = re.fullmatch(r"\s*(?:\\mathbb\s*\{?R\}?|\\R|R|ℝ)\s*(?:\^\s*\{?(.*?)\}?)?\s*", text)
    if m is None:
        return dims_in_latex(text)
    if not m.group(1):
        return 1, 1
    inner = m.group(1).strip()
    return dims_in_latex(inner) or ((as_dim(inner), 1) if re.fullmatch(DIM, inner) else None)


# ---------------------------------------------------------------- front matter

def read_front_matter(front: dict, context: Context) -> None:
    """Only the `notecheck:` key; Jekyll's top-level `layout: post` is a page template."""
    ours = front.get("notecheck") if isinstance(front, dict) else None
    if not isinstance(ours, dict):
        return
    layout = str(ours.get("layout", "")).strip().lower()
    if layout in ("numerator", "denominator"):
        context.layout = Layout(layout, "declared in front matter")
    symbols = ours.get("symbols")
    if isinstance(symbols, dict):
        for key, value in symbols.items():
            sym = front_matter_symbol(str(key))
            if sym is None:
                continue
            items = tokenize((str(value),), [])
            dims, props, _ = describe(items, [], [])
            if dims is None:
                m = re.fullmatch(r"\s*([A-Za-z]\w?|\d+)\b(.*)", str(value))
                if m and m.group(1).lower() not in ("scalar", "vector", "matrix"):
                    dims = (as_dim(m.group(1)), 1)
            shape = shape_from(dims, props)
            context.add(Declaration(sym, shape, clean_props(props, shape), 1, 1, None, source=f"{key}: {value}",
                                    any_font=True, note_wide=True))
    functions = ours.get("elementwise")
    if isinstance(functions, dict):
        for key, value in functions.items():
            context.elementwise[str(key).lstrip("\\")] = str(value)


def front_matter_symbol(key: str) -> Symbol | None:
    key = key.strip()
    if len(key) >= 1 and key[0] in GREEK:
        return word_symbol(key)
    return latex_symbol(key) or (latex_symbol("\\" + key) if key.lower() in GREEK_NAMES else None)


# ---------------------------------------------------------------- layout

LAYOUT_TERMS = [
    (r"分子布局|numerator[\s-]+layout|분자\s*레이아웃", "numerator"),
    (r"分母布局|denominator[\s-]+layout|분모\s*레이아웃", "denominator"),
]
DECLARING = re.compile(
    r"这是|本文|全文|下文|以下|此处采用|采用|我们(?:采用|使用|用|工作在)|约定|"
    r"\b(?:this|the)\s+(?:note|document|post|article|text|page)\s+(?:uses|use|adopts|follows|is\s+in)|"
    r"\bwe\s+(?:use|adopt|follow|work\s+in|will\s+use)|\bthroughout\b|\bin\s+this\s+(?:note|document|post)|"
    r"이\s*문서|사용합니다", re.I)
HEDGING = re.compile(r"可能|比如|例如|如果|若|建议|也可以|推荐|最方便|\bif\b|\bsome\b|\boften\b|\bmay\b|\bcould\b", re.I)
SAME_SHAPE = re.compile(r"与\s*\S{1,12}?\s*(?:尺寸|形状|维度|大小|同尺度|同形)|same\s+(?:shape|size|dimensions?)\s+as", re.I)
DERIVATIVE_WORDS = re.compile(r"导数|求导|梯度|derivative|gradient", re.I)


def prose_layout(note) -> Layout | None:
    """The first sentence that says this note uses a layout, unless it follows a passage
    that defines both layouts side by side (then it is a comparison, not a choice the
    checker should hold the note's results to)."""
    seen: set[str] = set()
    for line, sentence in sentences(note):
        named = [name for pattern, name in LAYOUT_TERMS if re.search(pattern, sentence, re.I)]
        if len(named) == 1 and DECLARING.search(sentence) and not HEDGING.search(sentence) \
                and "/" not in layout_span(sentence):
            if seen - set(named):
                return None
            return Layout(named[0], f"declared in prose ({short(sentence)}, line {line})")
        if not named and SAME_SHAPE.search(sentence) and DERIVATIVE_WORDS.search(sentence):
            return Layout("denominator", f"declared in prose ({short(sentence)}, line {line})")
        if re.match(r"\s*#", sentence):
            seen = set()
        seen.update(named)
    return None


def layout_span(sentence: str) -> str:
    m = re.search(r".?.?(?:分子|分母)/?(?:分子|分母)?布局", sentence)
    return m.group() if m else ""


def short(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= 40 else sentence[:37] + "..."


def sentences(note):
    """(line, sentence) over the note's prose, formulas as `$`, consecutive paragraphs
    joined (a blockquote splits "这是 / 分子布局 / 下的记号" into three)."""
    stream: list[tuple[int, str]] = []
    for paragraph in note.paragraphs:
        text = "".join(p if isinstance(p, str) else " $ " for p in paragraph.parts)
        stream.append((paragraph.line, text))
    headings = heading_lines(note)
    out = []
    current, start = "", None
    for line, text in stream:
        if line in headings:
            if current.strip():
                out.append((start, current))
            out.append((line, "# " + text))
            current, start = "", None
            continue
        for piece in re.split(r"(?<=[。！？!?；;])|(?<=\.)\s", text):
            if start is None:
                start = line
            current += " " + piece
            if re.search(r"[。！？!?；;.]\s*$", piece):
                out.append((start, current))
                current, start = "", None
    if current.strip():
        out.append((start, current))
    return out


def heading_lines(note) -> set[int]:
    lines = note.text.split("\n")
    return {k + 1 for k, text in enumerate(lines) if re.match(r"\s{0,3}#{1,6}\s", text)}
