"""Reading prose: the declarations a note makes in words, and the properties it gives
its symbols in passing.

Authors state shapes and properties in sentences ("其中 a 是 m×1 列向量", "W is p×n",
"Σ symmetric positive definite"): a paragraph is split into clauses, each clause into
subjects, a verb and a description. Apart from declarations, the words right after a
symbol ("$S$ (symmetric, $m\\times m$)") may still give it a property
(`mentioned_properties`), and a note may speak of a property without tying it to any
symbol (`spoken_properties`). Reading prose never evaluates anything: it is token
matching over words and formulas.
"""

from __future__ import annotations

import re
from functools import lru_cache

from notecheck.latex.expr import Chain, Parsed, Symbol
from notecheck.meaning.context import Declaration, clean_props, shape_from
from notecheck.meaning.prose_tokens import GREEK, Item, SIZE_WORDS, may_write_size, tokenize
from notecheck.meaning.word_search import mention_text
from notecheck.meaning.written_sizes import as_dim, dims_in_latex

# ---------------------------------------------------------------- words

FUNCTION_NAMES = {"exp", "log", "ln", "sin", "cos", "tanh", "sigmoid", "relu", "softmax", "sigma", "sqrt"}

# (pattern, property) in the order they are tried; a description may carry several
PROPERTY_WORDS: list[tuple[str, str]] = [
    (r"对称正定|正定|positive[\s-]*definite|\bspd\b|\bSPD\b", "spd"),
    (r"协方差|covariance|공분산|共分散", "spd"),  # a covariance matrix is symmetric (drawn positive definite)
    (r"对称|対称|대칭|symmetric|sym[ée]trique|sim[ée]tric|симметричн", "symmetric"),
    (r"对角|diagonal", "diagonal"),
    (r"正交|直交|직교|orthogonal|ortogonal|ортогональн", "orthogonal"),
    (r"可逆|非奇异|invertible|non\s*-?\s*singular", "invertible"),
    (r"one\s*-?\s*hot|独热|除一个元素为\s*1\s*外其[它他余]元素[均都]?为\s*0", "onehot"),
    (r"常量|常数|常矩阵|常向量|\bconstants?\b", "constant"),
    (r"常数(?!\s*(?:矩阵|向量|阵|项))", "number"),  # "C 为常数": a prior the shape solver reads, not a fact
    (r"标量|scalar|实数", "scalar"),
    (r"行向量|row[\s-]*vector", "row"),
    (r"列向量|column[\s-]*vector", "column"),  # a bare "vector" says no more than that it is one
    (r"列向量|向量|(?<![A-Za-z])vector|的第\s*\S{1,3}\s*列|\bcolumns?\s+of\b", "vector"),  # "A_i is the i-th column of A"
    (r"矩阵|方阵|(?<![A-Za-z])matri(?:x|ces)", "matrix"),
    (r"函数|\bfunctions?\b", "function"),  # "s is a function of x": `\mathbf s(\mathbf x)` applies it
]
ELEMENTWISE_WORDS: list[tuple[str, str]] = [
    (r"sigmoid|logistic", "sigmoid"), (r"tanh", "tanh"), (r"relu|ReLU", "relu"),
    (r"指数|\bexp", "exp"),
    (r"自然对数|对数|\blog", "log"),
    (r"逐元素|逐个元素|按元素|element[\s-]?wise|entry[\s-]?wise", "elementwise"),
]
# words that take back the property after them: "not necessarily symmetric", "non-symmetric"
# ("non-" only right before the property: a "non-singular matrix" is a matrix),
# "in general", "we do not assume", "不一定对称", "非对称"; a property so spoken is not asserted
NEGATION = re.compile(r"(?:\bnot\b|\bnon\s*-?\s*$|\bnever\b|\bneed\s*n[o']t\b|\bin\s+general\b|\bgenerally\b|"
                      r"(?<!\w)не(?!\w)|\bnicht\b|\bno\s+es\b|\bn['’]est\s+pas\b|"
                      r"\bwithout\b|\bno\s+longer\b|n't\b|不一定|不必|未必|并非|并不|不是|不再|不|非\s*$|无需|一般)",
                      re.I)
NEGATION_REACH = 24  # characters before a property word within which a negation takes it back

CLAUSE_MARKS = re.compile(r"[,，;；.。:：]")

# compiled once (`describe` and `clause_declarations` meet them in every clause they read)
KIND_NAMING = re.compile(r"(?:矩阵|向量|标量)\s*(?:\$[A-Za-z]\$|[A-Za-z](?![A-Za-z]))"  # "矩阵X经…运算构成"
                         r"|(?<=function)s?\s+of\b.*", re.I)  # "a function of the whole vector x": x's words
SIZE_DIMENSIONAL = re.compile(r"([A-Za-z0-9])\s*[×xX*]?\s*([A-Za-z0-9])\s*维")
# "k 维向量", "$k$-dimensional" (not "第 i 维", the i-th dimension)
LETTER_DIMENSIONAL = re.compile(r"(?:(?<!第)(?<!第\s)\$([A-Za-z])\$\s*维|(?<!第)(?<!第\s)([A-Za-z])\s*维|"
                                r"\$([A-Za-z])\$-dimensional)"
                                r"(?P<matrix>[^，。,.；;$]{0,6}?(?:矩阵|方阵|(?<![A-Za-z])matri(?:x|ces)))?")
CONDITIONAL = re.compile(r"若|如果|假如|倘若|if\b", re.I)


def asserted(pattern: str | re.Pattern, text: str) -> bool:
    """The property `pattern` (case-blind: its text, or compiled with re.I) is said in
    `text` and not taken back by a negation or hedge in the same clause just before it."""
    if isinstance(pattern, str):
        pattern = re.compile(pattern, re.I)
    for m in pattern.finditer(text):
        before = CLAUSE_MARKS.split(text[max(0, m.start() - NEGATION_REACH):m.start()])[-1]
        if not NEGATION.search(before):
            return True
    return False


# compiled once: every description of every clause is tried against each
PROPERTY_PATTERNS = [(re.compile(pattern, re.I), prop) for pattern, prop in PROPERTY_WORDS]
ELEMENTWISE_PATTERNS = [(re.compile(pattern, re.I), name) for pattern, name in ELEMENTWISE_WORDS]


VERBS = r"改为|换成|变为|取为|均为|都是|皆为|均是|都为|是|为|表示|代表|denotes?|are|is|be"
CONNECTORS = {"和", "与", "及", "以及", "、", ",", "，", "and", "&"}
LEADERS = {"其中", "这里", "此处", "设", "令", "记", "where", "Where", "let", "Let", "here", "Here", "with", "With",
           "注意这里的", "注意这里", "由于", "and", "且", "并且"}



def split_clauses(items: list[Item]) -> list[list[Item]]:
    """Clauses end at punctuation; a clause of bare subjects ("a, b 是常量") joins the next."""
    clauses: list[list[Item]] = [[]]
    for k, item in enumerate(items):
        if item.kind == "punct" and item.text not in ("、",) and not between_adjectives(items, k) \
                and not refers_back(items, k):
            clauses.append([])
        else:
            clauses[-1].append(item)
    merged: list[list[Item]] = []
    pending: list[Item] = []
    for clause in clauses:
        if not clause:
            continue
        if all(is_bare_subject(i) or i.text in CONNECTORS or i.text in LEADERS for i in clause) \
                and any(is_bare_subject(i) for i in clause):
            pending += clause + [Item("cjk", "和")]
            continue
        merged.append(pending + clause)
        pending = []
    return merged


# adjectives an author lists with commas before the kind they describe ("a square,
# non-singular matrix"): such a comma does not end the clause
LISTED_ADJECTIVES = {"square", "real", "symmetric", "invertible", "nonsingular", "non", "singular", "orthogonal",
                     "diagonal", "positive", "definite", "semidefinite", "dense", "sparse", "full", "rank"}


BACK_REFERENCES = re.compile(r"both$|都|均|皆|两者|二者", re.I)


def refers_back(items: list[Item], k: int) -> bool:
    """Whether the comma at `k` goes on about the subjects before it ("$x_u$ and $y_i$
    are latent factors, both are $1×d$", "a 和 b 是向量，均为 n 维"): the clause after it
    has no subject of its own."""
    return items[k].text in (",", "，") and k < len(items) - 1 and items[k + 1].kind in ("word", "cjk") and \
        BACK_REFERENCES.match(items[k + 1].text) is not None


def between_adjectives(items: list[Item], k: int) -> bool:
    """Whether the comma at `k` separates two adjectives of one description."""
    return items[k].text in (",", "，") and 0 < k < len(items) - 1 and all(
        i.kind == "word" and i.text.lower() in LISTED_ADJECTIVES for i in (items[k - 1], items[k + 1]))


SUBJECT_WORD = re.compile(r"[A-Za-z](?:_\{?[A-Za-z0-9,]+\}?)?'*")  # a letter as prose writes it: `W_1`, `x'`
VERB = re.compile(VERBS)
ENGLISH_VERB = re.compile(r"denotes?|are|is|be")


def is_subject_like(item: Item) -> bool:
    if item.kind == "word":
        return bool(SUBJECT_WORD.fullmatch(item.text))
    return item.kind in ("greek", "formula")


def is_bare_subject(item: Item) -> bool:
    """A subject standing alone before a comma ("a, b 是常量"): not an equation, which is
    a statement of its own ("$W=[w_1 \\cdots w_k]$, $w_j$ is a basis vector")."""
    return is_subject_like(item) and (item.kind != "formula" or bool(latex_symbols(item.text)))


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
    lowered = mention_text(text)
    if lowered is not None and not any(word in lowered for word in DESCRIBING_WORDS):
        return dims, set(), None  # every pattern below needs one of the words: only a written size is said
    # "f 是矩阵X经…运算构成", "a function of the vector x": words naming another symbol are no predicate
    text = KIND_NAMING.sub(" ", text)
    props = {prop for pattern, prop in PROPERTY_PATTERNS if asserted(pattern, text)}
    if "spd" in props:
        props.add("symmetric")
    m = SIZE_DIMENSIONAL.search(text) if dims is None else None
    if m:
        dims = (as_dim(m.group(1)), as_dim(m.group(2)))
    m = LETTER_DIMENSIONAL.search(text) if dims is None else None
    if m:  # "k 维向量" is k×1, "k 维可逆矩阵" k×k
        size = next(g for g in m.groups()[:3] if g)
        dims = (size, size if m.group("matrix") else 1)
    kind = None
    for pattern, name in ELEMENTWISE_PATTERNS:
        if pattern.search(text):
            kind = name
            break
    return dims, props, kind


# ---------------------------------------------------------------- prose declarations

def paragraph_declarations(paragraph, note, trees, elementwise: dict[str, str]) -> list[Declaration]:
    if not may_declare(paragraph.parts, note.formulas):
        return []  # three paragraphs in four: no word, size or formula could make a declaration
    items = tokenize(paragraph.parts, note.formulas)
    out: list[Declaration] = []
    for clause in split_clauses(items):
        found = clause_declarations(clause, paragraph, note, trees, elementwise)
        named = {d.symbol for d in found}
        out.extend(found)
        out.extend(d for d in prefixed_declarations(clause, paragraph, note, trees) if d.symbol not in named)
        out.extend(part_declarations(clause, paragraph, note))
    return out


PARTS_CJK = re.compile(r"的\s*(?:每一?个?)?\s*(行|列)向量\s*(?:分别)?\s*(?:为|是|记为|记作)\s*$")
TRANSPOSED = re.compile(r"\^\s*\{?\s*(?:T|\\top|\\intercal|\\mathsf\s*\{T\}|\\mathrm\s*\{T\})\s*\}?\s*$")


def part_declarations(clause: list[Item], paragraph, note) -> list[Declaration]:
    """"令 $A$ 的行向量为 $a_i$", "the rows of $X$ are $x_i^T$": a symbol named as the rows
    (columns) of a matrix is a row (column) vector, and one written transposed the other way."""
    out = []
    for k in range(1, len(clause) - 1):
        item, named = clause[k], clause[k + 1]
        if named.kind != "formula" or clause[k - 1].kind != "formula":
            continue
        if item.kind == "cjk" and (m := PARTS_CJK.search(item.text)):
            rows = m.group(1) == "行"
        elif item.kind == "word" and item.text in ("are", "be") and k >= 3 and clause[k - 2].text == "of" and \
                clause[k - 3].text.lower() in ("rows", "columns"):
            rows = clause[k - 3].text.lower() == "rows"
        else:
            continue
        latex = named.text.split(",")[0]
        transposed = TRANSPOSED.search(latex)
        symbol = latex_symbol(latex[:transposed.start()] if transposed else latex)
        if symbol is None:
            continue
        kind = "row" if rows != bool(transposed) else "column"
        line, col = place_of(named, paragraph, note)
        out.append(Declaration(symbol, None, frozenset({"vector", kind}), line, col, named.formula,
                               source=clause_text(clause)))
    return out


# A literal in every match of each word table above, of the "n 维" / "n-dimensional"
# sizes `describe` reads and of the parts `part_declarations` reads, lowercase
# (`test_context_declarations` holds every alternative of the tables to one). A
# description says nothing unless its text holds one of them.
DESCRIBING_WORDS = (
    "positive", "spd", "symmetric", "diagonal", "orthogonal", "invertible", "singular", "hot", "constant", "scalar",
    "vector", "column", "matri", "sigmoid", "logistic", "tanh", "relu", "exp", "log", "element", "entry", "dimensional",
    "正定", "对称", "对角", "正交", "可逆", "非奇异", "独热", "元素", "常", "标量", "实数", "向量", "的第", "矩阵", "方阵",
    "covariance", "协方差", "공분산", "共分散", "指数", "对数", "维", "function", "函数",
    "rows of", "対称", "대칭", "sym", "sim", "симметричн", "直交", "직교", "ortogonal", "ортогональн",
)
LATIN_WORDS = tuple(word for word in DESCRIBING_WORDS if word.isascii())
CJK_WORDS = tuple(word for word in DESCRIBING_WORDS if not word.isascii())


def may_declare(parts: tuple, formulas) -> bool:
    """Whether a paragraph may declare anything. Every declaration (and elementwise
    function) comes from `describe`, which finds nothing in a text without a size (a
    formula or words that write one) and without one of `DESCRIBING_WORDS`; three
    paragraphs in four have neither, and are not read further. A description's text is the
    paragraph's items, each followed by a blank but CJK runs, which join the next: a Latin
    word is looked for in the paragraph's text, a CJK one in it without its blanks. (Where
    `re.I` may match a letter that `lower` keeps apart, the paragraph is read.)"""
    text = ""
    for part in parts:
        if isinstance(part, int):
            if 0 <= part < len(formulas) and dims_in_latex(formulas[part].latex) is not None:
                return True
        else:
            if may_write_size(part) and SIZE_WORDS.search(part):
                return True
            text += part
    lowered = mention_text(text)
    if lowered is None:
        return True
    for word in LATIN_WORDS:
        if word in lowered:
            return True
    if lowered.isascii():
        return False
    joined = "".join(lowered.split())
    for word in CJK_WORDS:
        if word in joined:
            return True
    return False


KIND_BEFORE = re.compile(r"(?:(?<![A-Za-z])(?:scalar|(?:column\s+|row\s+)?vector|matrix)|标量|(?:列|行)?向量|矩阵|方阵)\s*$",
                         re.I)
PARTS = {"column", "columns", "row", "rows", "entry", "entries", "element", "elements", "component", "components"}
ARTICLES = {"a", "an", "the", "any", "some", "general", "real", "square", "given", "fixed", "one", "each"}


def prefixed_declarations(clause: list[Item], paragraph, note, trees) -> list[Declaration]:
    """The kind written before the symbol: "with a scalar $\\lambda$", "an invertible
    $n\\times n$ matrix $X$", "标量 $f$ 对向量 $\\boldsymbol{x}$"."""
    out = []
    for k, item in enumerate(clause):
        if item.kind != "formula" or k == 0:
            continue
        before = clause[k - 1]
        if before.kind not in ("word", "cjk") or not KIND_BEFORE.search(before.text):
            continue  # (asked before the formula is read as a symbol: most formulas follow no kind word)
        subject = latex_symbol(item.text)
        if subject is None:
            continue
        start = k - 1
        if before.kind == "word" and before.text.lower() in ("vector", "column", "row"):
            while start > 0 and clause[start - 1].text.lower() in ("column", "row"):
                start -= 1
        while start > 0 and (clause[start - 1].kind in ("dims",) or dims_in_latex(clause[start - 1].text) or
                             (clause[start - 1].kind == "word" and clause[start - 1].text.lower() not in CONNECTORS
                              and clause[start - 1].text not in LEADERS and not is_subject_like(clause[start - 1]))):
            start -= 1
        description = [i for i in clause[start:k] if i.kind != "word" or i.text.lower() not in ARTICLES]
        if before.kind == "cjk":
            description[-1] = Item("cjk", KIND_BEFORE.search(before.text).group(), part=before.part)
        described_here = described([(subject, item, False)], description, clause, paragraph, note, trees, {})
        out.extend(described_here)
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
    if k >= 1 and clause[k].text.lower() in ("matrix", "vector") and \
            any(i.text.lower() in ("of", "for") for i in clause[max(0, k - 4):k]):
        return []  # "the eigenvector of a square matrix A is a vector v": the eigenvector is, not A
    if k >= 1 and clause[k].text.lower() == "of" and clause[k - 1].text.lower() in PARTS:
        return []  # "the columns of $D$ are orthogonal": its columns are, not D (no square D)
    if any(CONDITIONAL.match(i.text) for i in clause[:verb]):
        return []  # a condition ("若标量函数f是…") declares nothing
    description = clause[verb + 1:]
    if clause[verb].kind == "cjk" and len(clause[verb].text) > len(verb_of(clause[verb].text)):
        tail = clause[verb].text[len(verb_of(clause[verb].text)):]
        description = [Item("cjk", tail, part=clause[verb].part)] + description
    description, rest = until_next_subject(description, trees)
    following = verbless_declarations(rest, paragraph, note, trees) if rest else []
    return described(subjects, description, clause, paragraph, note, trees, elementwise) + following


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
    if subjects and all(item.kind == "word" and item.text in ("a", "A") for _, item, _ in subjects) and \
            description and description[0].kind == "word":
        return []  # "with a scalar $\\lambda$": an article, not the letter a
    if not subjects or not description or description[0].kind not in ("word", "dims"):
        return []
    description, rest = until_next_subject(description, trees)
    following = verbless_declarations(rest, paragraph, note, trees) if rest else []
    return described(subjects, description, clause, paragraph, note, trees, {}) + following


def until_next_subject(description: list[Item], trees) -> tuple[list[Item], list[Item]]:
    """"$X$ an $m\\times n$ matrix and $B$ an $n\\times q$ matrix": the description ends
    where a connector brings the next subject in, at "whose", which turns to its parts
    ("the matrix whose (i,j) element is … the i-th row and j-th column of A"), and where it
    names another symbol ("an eigenvalue of the matrix $A$", `names_another`)."""
    cut = next((j for j, item in enumerate(description)
                if item.text == "whose" or names_another(description, j, trees)), None)
    if cut is not None:
        return description[:cut], []
    for j in range(1, len(description) - 1):
        if description[j].text in CONNECTORS and description[j + 1].kind == "formula" and \
                item_subjects(description[j + 1], trees) and j + 2 < len(description):
            return description[:j], description[j + 1:]
    return description, []


def names_another(description: list[Item], j: int, trees) -> bool:
    """"an eigenvalue of the $n\\times n$ matrix $A$", "the eigenvector for matrix $A$": from
    `of`/`for` on, the words describe A, not the subject."""
    if description[j].text not in ("of", "for"):
        return False
    k = j + 1
    while k < len(description) and description[k].text.lower() in ARTICLES:
        k += 1
    if k < len(description) and (description[k].kind == "dims" or
                                 description[k].kind == "formula" and dims_in_latex(description[k].text)):
        k += 1
    return k + 1 < len(description) and description[k].text.lower() in ("matrix", "matrices", "vector", "vectors") \
        and bool(item_subjects(description[k + 1], trees))


def mutually(sym, subjects, props: set[str]) -> bool:
    """"the $w'_i$ are orthogonal", "$u$ and $v$ are orthogonal": to each other, vectors
    at right angles, not each an orthogonal (square) matrix."""
    return "orthogonal" in props and "matrix" not in props and (sym.sub is not None or len(subjects) > 1)


def described(subjects, description, clause, paragraph, note, trees, elementwise) -> list[Declaration]:
    dims, props, kind = describe(description, trees, note.formulas)
    out = []
    for sym, item, plain in subjects:
        if sym.name in FUNCTION_NAMES:
            if kind not in (None, "elementwise"):  # "σ 是逐元素函数" names no particular function
                elementwise[sym.name] = kind
            continue
        said = props - {"orthogonal"} if mutually(sym, subjects, props) else props
        shape = shape_from(dims, said)
        final = clean_props(said, shape)
        if {"vector", "matrix"} <= final and sym.sub is None and sym.name[:1].isupper():
            final -= {"vector", "column"}  # "Σ is absorbed into the columns of W": the columns are W's
        if shape is None and not final:
            continue
        line, col = place_of(item, paragraph, note)
        out.append(Declaration(sym, shape, final, line, col, item.formula, source=clause_text(clause),
                               any_font=plain))
    return out


def verb_of(text: str) -> str:
    m = VERB.match(text)
    return m.group() if m else ""


def is_verb(item: Item) -> bool:
    if item.kind == "cjk":
        return bool(verb_of(item.text))
    return item.kind == "word" and ENGLISH_VERB.fullmatch(item.text) is not None


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


@lru_cache(maxsize=1)
def lines_of(text: str) -> tuple[str, ...]:
    """A note's lines, split once for all the subjects whose place is looked for in it
    (kept for the last text only, and by the text: nothing of one note reaches another)."""
    return tuple(text.split("\n"))


def place_of(item: Item, paragraph, note) -> tuple[int, int]:
    """Line and column of a subject: its formula's, or found in the paragraph's line."""
    if item.formula is not None and item.formula < len(note.formulas):
        f = note.formulas[item.formula]
        return f.line, f.col
    lines = lines_of(note.text)
    pattern = re.compile(r"(?<![A-Za-z\\{])" + re.escape(item.text) + r"(?![A-Za-z}])")
    for line in range(paragraph.line, min(paragraph.line + 3, len(lines) + 1)):
        text = lines[line - 1]
        math = [m.span() for m in re.finditer(r"\$[^$]*\$", text)]
        for m in pattern.finditer(text):
            if not any(a <= m.start() < b for a, b in math):
                return line, m.start() + 1
    return paragraph.line, 1
