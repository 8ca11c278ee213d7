"""The numeric engine: the ground truth every claim is checked against.

`draw` instantiates a note's symbols at random; `evaluate` computes an expression and
its exact differential (forward mode); `gradient`/`derivative` give true derivatives;
`equal_claim` decides whether two expressions agree over several draws.
numpy is imported here, so only the checking path imports this package.
"""

from notecheck.numeric.compare import Outcome, close, equal_claim, relative_error
from notecheck.numeric.draw import DEFAULT_COUNT, Draw, SmoothFunction, draw
from notecheck.numeric.errors import IllConditioned, ShapeMismatch, Unsupported
from notecheck.numeric.evaluate import Dual, evaluate
from notecheck.numeric.gradient import depends_on, derivative, gradient, hessian, jacobian

__all__ = [
    "DEFAULT_COUNT", "Draw", "Dual", "IllConditioned", "Outcome", "ShapeMismatch", "SmoothFunction",
    "Unsupported", "close", "depends_on", "derivative", "draw", "equal_claim", "evaluate", "gradient",
    "hessian", "jacobian", "relative_error",
]
