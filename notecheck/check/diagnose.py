"""How a failed claim is wrong, in the reader's terms: "sign", "transposed", "scaled by 2",
a shape mismatch; only what every draw agrees on (one draw's pattern is a coincidence)."""

from __future__ import annotations

from fractions import Fraction

from notecheck.check.evidence import Evidence, numeric


def agreed_diagnosis(evidence: list[Evidence], derivative: bool) -> str:
    """The diagnosis every draw agrees on ("sign", "scaled by 2"); a pattern that only
    one draw shows is a coincidence of its numbers."""
    found = {diagnose(e, derivative) for e in evidence}
    return found.pop() if len(found) == 1 else "wrong value"


def diagnose(evidence: Evidence, derivative: bool) -> str:
    """How the claimed value differs from the truth, in the reader's terms."""
    np, close, shape_text = numeric().np, numeric().close, numeric().shape_text
    claimed, truth = np.asarray(evidence.claimed, float), np.asarray(evidence.truth, float)
    if claimed.shape != truth.shape:
        if claimed.shape == truth.T.shape:
            if close(claimed, truth.T):
                return "transposed (numerator layout)" if derivative else "transposed"
            if close(claimed, -truth.T):
                return "transposed and the sign flipped"
        return f"shape {shape_text(claimed)}, where the left-hand side is {shape_text(truth)}"  # (`judge.conclude` reads `shape `)
    if close(claimed, -truth):
        return "sign"
    if claimed.shape[0] == claimed.shape[1] and close(claimed, truth.T):
        return "transposed"
    factor = scale_factor(claimed, truth)
    if factor is not None:
        return f"scaled by {format_factor(factor)}"
    return "wrong value"


def scale_factor(claimed, truth) -> float | None:
    """c when claimed = c · truth for a simple c ≠ 1 (2, 1/2, -2 ...), else None."""
    np, close = numeric().np, numeric().close
    norm = float(np.vdot(truth, truth))
    if norm < 1e-12:
        return None
    c = float(np.vdot(truth, claimed)) / norm
    if abs(c) < 1e-9 or abs(c - 1) < 1e-9 or not close(claimed, c * truth):
        return None
    simple = Fraction(c).limit_denominator(4)
    if abs(float(simple) - c) > 1e-6 * max(1.0, abs(c)) or abs(simple.numerator) > 16:
        return None
    return c


def format_factor(c: float) -> str:
    return str(Fraction(c).limit_denominator(12))
