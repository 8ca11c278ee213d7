"""The numeric engine: the ground truth every claim is checked against.

- `notecheck.check.numeric.draw`: `draw(shapes, properties, rng, sizes=None) -> Draw`, random
  values honouring declared properties; families `x_i`; random smooth `f(·)`.
- `notecheck.check.numeric.evaluate`: `evaluate(expr, draw, defs, direction, layout) -> Dual`,
  value and exact differential by forward mode (each node's rule in `evaluator`); and
  `gradient`, `derivative`, `jacobian`, `hessian`.
- `notecheck.check.numeric.dependence`: `depends_on`, structurally.
- `notecheck.check.numeric.compare`: `close`, `equal_claim -> Outcome` over several draws.
- `notecheck.check.numeric.errors`: `Unsupported`, `ShapeMismatch`, `IllConditioned`.

Import from the submodules. This package imports nothing itself, so the deriver can use
`notecheck.check.numeric.errors` without loading numpy.
"""
