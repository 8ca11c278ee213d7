"""How many of the Cookbook identities in tests/notes/cookbook_*.md sympy's matrix
calculus gets right, next to notecheck's deriver. Prints a Markdown table for the README.

    python3 scripts/sympy_compare.py [--verbose]

Each identity's f is translated into sympy matrix expressions (`MatrixSymbol`,
`HadamardProduct`, `KroneckerProduct`, `ElementwiseApplyFunction`, ...) over concrete
sizes, differentiated with `.diff(X)`, and the result evaluated at random values and
compared with notecheck's exact numeric gradient (either layout counts for sympy). A
construct sympy cannot express, an exception, a timeout or a wrong value is a miss.
notecheck's column uses the same numeric comparison on `notecheck.check.derive.gradient`.
sympy is used here only, never on the check path.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notecheck.latex import expr as E  # noqa: E402
from notecheck.check.derive import gradient  # noqa: E402
from notecheck.check.numeric.compare import close  # noqa: E402
from notecheck.check.numeric.draw import draw  # noqa: E402
from notecheck.check.numeric.errors import IllConditioned  # noqa: E402
from notecheck.check.numeric.evaluate import evaluate  # noqa: E402
from notecheck.check.numeric.evaluate import gradient as numeric_gradient  # noqa: E402

SECONDS_PER_IDENTITY = 15


def load_identities():
    """The identities as the cookbook test reads them (one reader, no second copy)."""
    spec = importlib.util.spec_from_file_location("cookbook", ROOT / "tests" / "test_derive_cookbook.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cookbook"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.all_identities()


class NotExpressible(Exception):
    """The identity uses something sympy's matrix expressions have no form for."""


class Translator:
    """notecheck tree -> sympy matrix expression, with concrete shapes."""

    def __init__(self, identity):
        import sympy

        self.sp = sympy
        self.identity = identity
        self.symbols = {}

    def symbol(self, node: E.Symbol):
        if node not in self.symbols:
            shape = self.identity.shapes.get(node)
            if shape is None:
                raise NotExpressible(f"no shape for {node.name}")
            name = node.name + (f"_{node.sub}" if node.sub else "") + ("_bold" if node.bold else "")
            self.symbols[node] = self.sp.MatrixSymbol(name, *shape)
        return self.symbols[node]

    def scalar(self, value):
        """A 1x1 matrix expression used as a number: its trace, which sympy differentiates
        (it returns 0 for the derivative of the element `m[0, 0]`)."""
        shape = getattr(value, "shape", None)
        return self.sp.Trace(value) if shape == (1, 1) else value

    def __call__(self, node):  # noqa: C901 - one case per node type
        sp = self.sp
        from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

        if isinstance(node, E.Symbol):
            if node in self.identity.defs:
                return self(self.identity.defs[node])
            return self.symbol(node)
        if isinstance(node, E.Number):
            return sp.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, E.Add):
            terms = [self(t) for t in node.terms]
            shaped = [t for t in terms if getattr(t, "shape", (1, 1)) != (1, 1)]
            if shaped and len(shaped) != len(terms):
                rows, cols = shaped[0].shape
                terms = [t if t in shaped else self.scalar(t) * sp.OneMatrix(rows, cols) for t in terms]
            else:
                terms = [self.scalar(t) if not shaped else t for t in terms]
            return sp.Add(*terms) if not shaped else sp.MatAdd(*terms).doit()
        if isinstance(node, E.Neg):
            return -self(node.arg)
        if isinstance(node, (E.Mul, E.Dot)):
            factors = node.factors if isinstance(node, E.Mul) else (node.left, node.right)
            return self.product([self(f) if not isinstance(f, E.Ones) else f for f in factors], isinstance(node, E.Dot))
        if isinstance(node, E.Hadamard):
            return sp.HadamardProduct(*[self(f) for f in node.factors])
        if isinstance(node, E.Kron):
            return sp.KroneckerProduct(*[self(f) for f in node.factors])
        if isinstance(node, E.Transpose):
            inner = node.arg
            if isinstance(inner, E.Ones):
                raise NotExpressible("a sizeless ones vector")
            return self(inner).T
        if isinstance(node, E.Inverse):
            return sp.Inverse(self(node.arg))
        if isinstance(node, E.Div):
            return self(node.num) * (1 / self.scalar(self(node.den)))
        if isinstance(node, E.Power):
            base = self(node.base)
            if getattr(base, "shape", (1, 1)) != (1, 1):
                return sp.MatPow(base, int(node.exp.value))
            return self.scalar(base) ** self(node.exp)
        if isinstance(node, E.Bars):
            inner = self(node.arg)
            return sp.Determinant(inner) if inner.shape != (1, 1) else sp.Abs(self.scalar(inner))
        if isinstance(node, E.Norm):
            inner = self(node.arg)
            return sp.sqrt(sp.Trace(inner.T * inner))
        if isinstance(node, E.Inner):
            return sp.Trace(self(node.left).T * self(node.right))
        if isinstance(node, E.Func):
            (arg,) = node.args
            inner = self(arg)
            elementwise = {"exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tanh": sp.tanh}
            t = sp.Dummy("t")
            if node.name == "sigma" and not node.prime:
                return ElementwiseApplyFunction(sp.Lambda(t, 1 / (1 + sp.exp(-t))), inner)
            if node.name in elementwise and not node.prime:
                if getattr(inner, "shape", (1, 1)) == (1, 1):
                    return elementwise[node.name](self.scalar(inner))
                if node.name == "log" and isinstance(arg, E.Func) and arg.name == "softmax":
                    z = self(arg.args[0])
                    one = sp.OneMatrix(z.shape[0], 1)
                    return z - one * sp.log((one.T * ElementwiseApplyFunction(sp.Lambda(t, sp.exp(t)), z))[0, 0])
                return ElementwiseApplyFunction(sp.Lambda(t, elementwise[node.name](t)), inner)
            if node.name == "tr":
                return sp.Trace(inner)
            if node.name == "det":
                return sp.Determinant(inner)
            if node.name == "softmax":
                e = ElementwiseApplyFunction(sp.Lambda(t, sp.exp(t)), inner)
                return e * (1 / (sp.OneMatrix(1, inner.shape[0]) * e)[0, 0])
            if node.name == "diag":
                from sympy.matrices.expressions.diagonal import DiagMatrix, DiagonalOf

                return DiagMatrix(inner) if inner.shape[1] == 1 else DiagonalOf(inner)
        raise NotExpressible(type(node).__name__ + (f" {node.name}" if isinstance(node, E.Func) else ""))

    def product(self, items, dot: bool):
        sp = self.sp
        out = None
        for index, item in enumerate(items):
            if isinstance(item, E.Ones):
                neighbour = next((i for i in items[index + 1 :] if not isinstance(i, E.Ones)), None)
                if neighbour is None or getattr(neighbour, "shape", None) is None:
                    raise NotExpressible("a sizeless ones vector")
                item = sp.OneMatrix(neighbour.shape[0], 1)
            if out is None:
                out = item
                continue
            a, b = getattr(out, "shape", (1, 1)), getattr(item, "shape", (1, 1))
            if dot and a == b and 1 in a:
                out = self.scalar(out.T * item) if a[1] == 1 else self.scalar(out * item.T)
            elif a == (1, 1) or b == (1, 1):
                out = self.scalar(out) * item if a == (1, 1) else out * self.scalar(item)
            else:
                out = out * item
        return out


def timeout(seconds: int):
    def handler(signum, frame):
        raise TimeoutError(f"more than {seconds} s")

    signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)


def sympy_gradient(identity, world, as_trace: bool) -> np.ndarray:
    """sympy's gradient evaluated at `world`; a 1x1 f is differentiated as it is, or as
    its trace with `as_trace` (sympy does better on one or the other)."""
    import sympy as sp

    translate = Translator(identity)
    f = translate(identity.f)
    if as_trace:
        f = translate.scalar(f)
    wrt = translate(identity.wrt)
    result = sp.diff(f, wrt)
    values = {}
    for node, ms in translate.symbols.items():
        values[ms] = sp.ImmutableMatrix(world.values[node])
    evaluated = result.subs(values).doit()
    if hasattr(evaluated, "as_explicit"):
        evaluated = evaluated.as_explicit()
    if hasattr(evaluated, "tolist"):  # a Matrix or an N-dim array (what .diff returns for some inputs)
        array = np.array([complex(v).real for v in sp.flatten(evaluated.tolist())], dtype=float)
    else:
        array = np.array([[complex(sp.N(evaluated)).real]])
    return array.reshape(world.values[identity.wrt].shape) if array.size == world.values[identity.wrt].size else array


def agrees(identity, compute, worlds, either_layout: bool) -> tuple[bool, str]:
    compared = 0
    for world in worlds:
        try:
            truth = numeric_gradient(identity.f, identity.wrt, world, identity.defs)
        except IllConditioned:
            continue
        value = compute(world, truth.shape)
        if value.shape == truth.shape and close(truth, value):
            compared += 1
        elif either_layout and value.shape == truth.T.shape and close(truth.T, value):
            compared += 1
        else:
            return False, "wrong value"
    return compared > 0, "" if compared else "no draw evaluated"


def main(argv=None) -> int:
    import sympy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every identity's outcome")
    args = parser.parse_args(argv)
    identities = load_identities()
    rows = defaultdict(lambda: [0, 0, 0])
    misses = defaultdict(int)
    for identity in identities:
        rng = np.random.default_rng(11)
        worlds = [draw(identity.shapes, identity.properties, rng) for _ in range(2)]
        ours = gradient(identity.f, identity.wrt, identity.defs, identity.shape_of, identity.properties)
        ours_ok, _ = agrees(
            identity, lambda w, s: evaluate(ours, w, identity.defs, shape=s).value, worlds, either_layout=False
        )
        sympy_ok, why = False, ""
        for as_trace in (False, True):
            try:
                timeout(SECONDS_PER_IDENTITY)
                ok, reason = agrees(identity, lambda w, s: sympy_gradient(identity, w, as_trace), worlds, either_layout=True)
            except NotExpressible as err:
                ok, reason = False, f"not expressible ({err})"
            except Exception as err:  # noqa: BLE001 - any sympy failure is a miss, reported by kind
                ok, reason = False, f"{type(err).__name__}: {str(err)[:80]}"
            finally:
                signal.alarm(0)
            sympy_ok, why = sympy_ok or ok, why or reason
            if sympy_ok:
                break
        row = rows[identity.group]
        row[0] += 1
        row[1] += ours_ok
        row[2] += sympy_ok
        if not sympy_ok:
            misses[why.split(":")[0].split(" (")[0]] += 1
        if args.verbose:
            print(f"{identity.note} {identity.label}: ours {'ok' if ours_ok else 'MISS'}, sympy {'ok' if sympy_ok else why}")
    print(f"sympy {sympy.__version__}, numpy {np.__version__}; {len(identities)} identities from tests/notes/cookbook_*.md\n")
    print("| identity group | identities | notecheck | sympy |")
    print("|---|---:|---:|---:|")
    total = [0, 0, 0]
    for group in sorted(rows):
        n, ours, theirs = rows[group]
        total = [total[0] + n, total[1] + ours, total[2] + theirs]
        print(f"| {group} | {n} | {ours} | {theirs} |")
    print(f"| **all** | **{total[0]}** | **{total[1]}** | **{total[2]}** |")
    print("\nsympy misses by kind: " + ", ".join(f"{kind}: {count}" for kind, count in sorted(misses.items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
