"""Notebook findings point at the `.ipynb` file itself, so that an editor's jump, GitHub's
annotation and a SARIF viewer land on the line where the formula stands; the cell (counted
from 1, as notebook users count) is in the message and in JSON."""

import json
import os
import re

import pytest
from click.testing import CliRunner

from notecheck.cli import main

WRONG = r"\frac{\partial f}{\partial X} = -\boldsymbol{a}\boldsymbol{b}^T"
CELLS = [
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": ["import numpy as np\n"]},
    {"cell_type": "markdown", "metadata": {}, "source": [
        "# 梯度 \"quoted\" note\n", "\n",
        "Let $X$ be an $m\\times n$ matrix and $\\boldsymbol{a}$, $\\boldsymbol{b}$ constant column vectors\n",
        "of sizes $m$ and $n$, with $f = \\boldsymbol{a}^T X\\boldsymbol{b}$.\n"]},
    {"cell_type": "markdown", "metadata": {}, "source": [
        "Tab\there, then the claim:\n", "\n", "$$\n", WRONG + "\n", "$$\n"]},
]


def notebook(cells, as_strings: bool) -> str:
    if as_strings:
        cells = [{**c, "source": "".join(c["source"])} for c in cells]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                      indent=1, ensure_ascii=False)


def run(tmp_path, *args):
    old = os.getcwd()
    try:
        os.chdir(tmp_path)
        return CliRunner().invoke(main, ["check", "-j", "1", *args, "nb.ipynb"], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.mark.parametrize("as_strings", [False, True], ids=["source-lines", "source-string"])
def test_every_report_points_at_the_formula_in_the_ipynb_file(tmp_path, as_strings):
    text = notebook(CELLS, as_strings)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    escaped = json.dumps(WRONG)[1:-1]
    want_line = next(i for i, line in enumerate(lines, 1) if escaped in line)
    want_col = lines[want_line - 1].index(escaped) + 1

    report = run(tmp_path)
    assert report.exit_code == 1, report.output
    first = report.stdout.splitlines()[0]
    assert first.startswith(f"nb.ipynb:{want_line}:{want_col}: NC501 [cell 3] "), first

    doc = json.loads(run(tmp_path, "--format", "json").stdout)
    finding = next(f for f in doc["notes"][0]["findings"] if f["code"] == "NC501")
    assert (finding["line"], finding["col"], finding["cell"]) == (want_line, want_col, 3)
    assert (finding["cell_line"], finding["cell_col"]) == (4, 1)

    sarif = json.loads(run(tmp_path, "--format", "sarif").stdout)
    result = sarif["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (want_line, want_col)
    assert result["properties"]["cell"] == 3 and "[cell 3]" in result["message"]["text"]

    annotation = run(tmp_path, "--format", "github").stdout.splitlines()[0]
    assert re.match(rf"::error file=nb\.ipynb,line={want_line},endLine=\d+,col={want_col},", annotation)
    assert "[cell 3]" in annotation
