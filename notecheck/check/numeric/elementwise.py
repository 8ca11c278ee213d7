"""Scalar functions applied entry by entry, with their derivatives of every order needed.

`σ'(z)` in a note is the first derivative of σ, and forward mode through `σ'(z)` needs
the second; so each function is a list of its derivatives `[f, f', f'', f''']`, each a
numpy-vectorized callable. Domains are checked here: the log of a non-positive number is
a bad draw (`IllConditioned`), not a false claim.
"""

from __future__ import annotations

import numpy as np

from notecheck.check.numeric.errors import IllConditioned, Unsupported


def _sigmoid_derivatives():
    """Each derivative works σ(x) out once and reuses it (the same operations on the same
    values as writing σ(x) at each place, so the same bits)."""
    def s(x):
        return 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free logistic

    def first(x):
        v = s(x)
        return v * (1 - v)

    def second(x):
        v = s(x)
        return v * (1 - v) * (1 - 2 * v)

    def third(x):
        v = s(x)
        return v * (1 - v) * (1 - 6 * v + 6 * v ** 2)

    return [s, first, second, third]


def _tanh_derivatives():
    """tanh(x) worked out once per derivative, like σ above."""
    t = np.tanh

    def first(x):
        return 1 - t(x) ** 2

    def second(x):
        v = t(x)
        return -2 * v * (1 - v ** 2)

    def third(x):
        v = t(x)
        return (1 - v ** 2) * (6 * v ** 2 - 2)

    return [t, first, second, third]


def _positive(name: str, strict: bool):
    def check(x):
        bad = (x <= 0).any() if strict else (x < 0).any()
        if bad:
            raise IllConditioned(f"{name} of a {'non-positive' if strict else 'negative'} number")
        return x

    return check


def _log_derivatives():
    pos = _positive("log", strict=True)
    return [
        lambda x: np.log(pos(x)),
        lambda x: 1 / pos(x),
        lambda x: -1 / pos(x) ** 2,
        lambda x: 2 / pos(x) ** 3,
    ]


def _sqrt_derivatives():
    nonneg = _positive("square root", strict=False)
    pos = _positive("derivative of the square root", strict=True)
    return [
        lambda x: np.sqrt(nonneg(x)),
        lambda x: 0.5 / np.sqrt(pos(x)),
        lambda x: -0.25 * pos(x) ** -1.5,
        lambda x: 0.375 * pos(x) ** -2.5,
    ]



def _tan_derivatives():
    def sec2(x):
        return 1 / np.cos(x) ** 2

    return [
        np.tan,
        sec2,
        lambda x: 2 * sec2(x) * np.tan(x),
        lambda x: 2 * sec2(x) * (sec2(x) + 2 * np.tan(x) ** 2),
    ]


def _reciprocal_trig_derivatives():
    """sec, csc and cot with their derivatives, written through s = sec x, t = tan x
    (s' = st, t' = s²), c = csc x, k = cot x (c' = -ck, k' = -c²)."""
    def sec(x):
        return 1 / np.cos(x)

    def csc(x):
        return 1 / np.sin(x)

    def cot(x):
        return 1 / np.tan(x)

    return {
        "sec": [sec,
                lambda x: sec(x) * np.tan(x),
                lambda x: sec(x) * np.tan(x) ** 2 + sec(x) ** 3,
                lambda x: sec(x) * np.tan(x) ** 3 + 5 * sec(x) ** 3 * np.tan(x)],
        "csc": [csc,
                lambda x: -csc(x) * cot(x),
                lambda x: csc(x) * cot(x) ** 2 + csc(x) ** 3,
                lambda x: -csc(x) * cot(x) ** 3 - 5 * csc(x) ** 3 * cot(x)],
        "cot": [cot,
                lambda x: -csc(x) ** 2,
                lambda x: 2 * cot(x) * csc(x) ** 2,
                lambda x: -2 * csc(x) ** 2 * (1 + 3 * cot(x) ** 2)],
    }


def _softplus_derivatives():
    sig = _sigmoid_derivatives()
    return [lambda x: np.logaddexp(0.0, x), sig[0], sig[1], sig[2]]


DERIVATIVES = {
    "sigmoid": _sigmoid_derivatives(),
    "tanh": _tanh_derivatives(),
    "exp": [np.exp] * 4,
    "log": _log_derivatives(),
    "sin": [np.sin, np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)],
    "cos": [np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x), np.sin],
    "sqrt": _sqrt_derivatives(),
    "relu": [lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float), np.zeros_like, np.zeros_like],
    "abs": [np.abs, np.sign, np.zeros_like, np.zeros_like],
    "identity": [lambda x: x, np.ones_like, np.zeros_like, np.zeros_like],
    "tan": _tan_derivatives(),
    "sign": [np.sign, np.zeros_like, np.zeros_like, np.zeros_like],
    "softplus": _softplus_derivatives(),
    **_reciprocal_trig_derivatives(),
    # an activation the note leaves unnamed: any smooth, clearly nonlinear function will do
    "generic": [
        lambda x: np.sin(x) + 0.5 * x + 0.1 * x**2,
        lambda x: np.cos(x) + 0.5 + 0.2 * x,
        lambda x: 0.2 - np.sin(x),
        lambda x: -np.cos(x),
    ],
}


def derivative(name: str, order: int):
    """The `order`-th derivative of the elementwise function `name` as a callable."""
    table = DERIVATIVES.get(name)
    if table is None:
        raise Unsupported(f"function {name}")
    if order >= len(table):
        raise Unsupported(f"derivative of order {order} of {name}")
    return table[order]
