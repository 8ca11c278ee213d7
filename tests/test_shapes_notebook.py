"""Shapes across a notebook's cells: declarations flow down, letters may be reused."""

import json

from notecheck.config import Config
from notecheck.pipeline import check_file


def notebook(tmp_path, *cells):
    path = tmp_path / "note.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": cell} for cell in cells]}), encoding="utf-8")
    return check_file(path, path.name, Config())


def test_a_declaration_in_the_first_cell_holds_in_the_cells_below(tmp_path):
    result = notebook(
        tmp_path,
        r"Let $X\in\mathbb{R}^{m\times n}$, $\mathbf{y}\in\mathbb{R}^m$, $\mathbf{w}\in\mathbb{R}^n$.",
        r"$$L = \|X\mathbf{w}-\mathbf{y}\|^2$$",
        r"$$\frac{\partial L}{\partial \mathbf{w}} = 2X(X\mathbf{w}-\mathbf{y})$$",
    )
    shape = [f for f in result.findings if f.code == "NC301"]
    assert [(f.cell, f.fix) for f in shape] == [(2, r"2X^T(X\mathbf{w}-\mathbf{y})")]


def test_a_later_cell_may_declare_a_letter_anew(tmp_path):
    result = notebook(
        tmp_path,
        r"Let $X\in\mathbb{R}^{m\times n}$ be the data and $\mathbf{w}\in\mathbb{R}^n$, so $X\mathbf{w}$ is defined.",
        r"Now let $X\in\mathbb{R}^{n}$ be a random vector with mean $\mu\in\mathbb{R}^{n}$: "
        r"$S = (X-\mu)(X-\mu)^T$.",
    )
    assert not [f for f in result.findings if f.code.startswith("NC3")]


CASES = ("**Scalar to scalar**: $x \\in \\mathbb{R}$, $w \\in \\mathbb{R}$ and $z = xw$.\n\n"
         "$$\\frac{\\partial z}{\\partial w} = x \\in \\mathbb{R}$$\n\n"
         "**Vector to scalar**: $x \\in \\mathbb{R}^N$, $w \\in \\mathbb{R}^N$ and $z = x^\\top w$.\n\n"
         "$$\\frac{\\partial z}{\\partial w} = x$$\n")


def test_a_cell_that_declares_a_letter_again_holds_each_declaration_up_to_the_next(tmp_path):
    result = notebook(tmp_path, CASES)
    assert [f.code for f in result.findings if f.severity == "error"] == []
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == ["verified", "verified"]


def test_so_does_a_section_of_a_markdown_note(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(CASES, encoding="utf-8")
    result = check_file(path, path.name, Config())
    assert [f.code for f in result.findings if f.severity == "error"] == []
    assert [c.verdict for c in result.claims if c.kind == "derivative"] == ["verified", "verified"]


def test_a_declaration_under_an_earlier_heading_holds_no_further_than_the_next_as_high(tmp_path):
    """A ∈ R^{N×M} under `## Products` is not the A of `## Derivatives`, as in a Markdown
    note: there A is as square as `x^TAx` makes it, and the rule verifies."""
    result = notebook(
        tmp_path,
        "## Vectors\n\nA vector $\\mathbf{x}\\in\\mathbb{R}^N$ has N entries.",
        "## Products\n\nFor $A\\in\\mathbb{R}^{N\\times M}$ and $B\\in\\mathbb{R}^{M\\times P}$, $AB$ is N by P.",
        "## Derivatives\n\n$$\\frac{\\partial}{\\partial \\mathbf{x}}(\\mathbf{x}^TA\\mathbf{x}) = (A+A^T)\\mathbf{x}$$",
    )
    assert [f.code for f in result.findings if f.severity == "error"] == []
    assert [c.verdict for c in result.claims] == ["verified"]


def test_a_letter_two_earlier_chapters_declared_two_kinds_is_not_certain_under_a_heading_of_its_own(tmp_path):
    """One markdown cell holding a course: x a number in its first chapter, a vector in its
    second, then `f(x) = aᵀx` and `∇f(x) = a` under a third heading. As in a Markdown note,
    which x the third chapter means is not certain, so a failure there is no error."""
    result = notebook(
        tmp_path,
        "## Numbers\n\nFor $x \\in \\mathbb{R}$ and $a, b \\in \\mathbb{R}$, $(ax + b)' = a$.\n\n"
        "## Vectors\n\nLet $x \\in \\mathbb{R}^n$ and $v \\in \\mathbb{R}^n$.\n\n"
        "## Gradients\n\nA linear function $f(x) = a^\\top x$ has the gradient $\\nabla f(x) = a$.\n",
    )
    assert not [f for f in result.findings if f.severity == "error"]
    [gradient] = [c for c in result.claims if c.kind == "derivative"]
    assert gradient.verdict == "unverified" and "declared a scalar" in gradient.message
