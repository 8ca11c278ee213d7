"""The numeric engine: the ground truth every claim is checked against.

- `notecheck.numeric.draw`: `draw(shapes, properties, rng, sizes=None) -> Draw`, random
  values honouring declared properties; families `x_i`; random smooth `f(·)`.
- `notecheck.numeric.evaluate`: `evaluate(expr, draw, defs, direction, layout) -> Dual`,
  value and exact differential by forward mode.
- `notecheck.numeric.gradient`: `gradient`, `derivative`, `jacobian`, `hessian`, `depends_on`.
- `notecheck.numeric.compare`: `close`, `equal_claim -> Outcome` over several draws.
- `notecheck.numeric.errors`: `Unsupported`, `ShapeMismatch`, `IllConditioned`.

Import from the submodules. This package imports nothing itself, so the parser can use
`notecheck.numeric.errors` without loading numpy.
"""
