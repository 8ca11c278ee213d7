"""A ceiling on the memory one note may take, beside the time limit.

A note's sizes and exponents are bounded where they are read, but a Kronecker product
of Kronecker products or a long chain of `vec`s can still ask for gigabytes; on a
machine running several workers that would take the others down with it. Within the
limit the process's address space may grow by at most `limit` bytes; past it numpy and
Python raise MemoryError, which the pipeline reports on that note.
"""

from __future__ import annotations

from contextlib import contextmanager

try:
    import resource
except ImportError:  # Windows: no rlimits, no ceiling
    resource = None


def address_space() -> int | None:
    """The process's current virtual size in bytes (Linux), or None where unknown."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


@contextmanager
def memory_limit(limit: int):
    """Let the address space grow by at most `limit` bytes inside the block."""
    now = address_space() if resource is not None else None
    if now is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = now + limit
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    if soft != resource.RLIM_INFINITY and soft <= ceiling:  # a tighter limit is already set
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
