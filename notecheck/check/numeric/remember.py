"""Answers kept by the identity of what they were worked out from.

The checker asks the same questions of the same objects many times over (a tree's
value on a draw, the shape of a differentiated function, a draw without a claim's
definitions), and those objects never change once checking starts. Keying by identity
costs almost nothing where hashing trees, dictionaries of drawn values or arrays by
content would cost more than the work saved. Imports no numpy, so modules off the
numeric path can use it.
"""

from __future__ import annotations


def remembered(store: dict, key, keep: tuple, make, *args):
    """`make(*args)`, once per `key` in `store`. `key` names objects by `id` (and holds
    plain values besides); `keep` must hold every object named, and is kept with the
    answer: an object's id is reused only after it is gone, so while an answer is kept its
    key names those very objects. What raises is not remembered."""
    known = store.get(key)
    if known is None:
        known = store[key] = (keep, make(*args))
    return known[1]
