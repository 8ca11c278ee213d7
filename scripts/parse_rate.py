"""Measure how many formulas of the seeds and the public corpus parse.

    python3 scripts/parse_rate.py            # print the rate and every failure
    python3 scripts/parse_rate.py --write    # also rewrite tests/fixtures/unparsed.tsv

Each file is read with `notecheck.read.read_path` (plugins on: Zhihu images, repaired
backslashes, notebooks), every formula goes through `notecheck.latex.parser.parse`. The failures
are listed as `file, line, latex-head, reason` so tests can pin them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notecheck.latex import ParseError, parse  # noqa: E402
from notecheck.read import read_path  # noqa: E402

SHARED = ROOT.parent / "shared"
FOLDERS = (SHARED / "seeds", SHARED / "corpus" / "notes")
FIXTURE = ROOT / "tests" / "fixtures" / "unparsed.tsv"
HEAD = 60


def head(latex: str) -> str:
    """The start of a formula on one line, as the fixture lists it."""
    return " ".join(latex.split())[:HEAD].replace("\t", " ")


def failures(folders=FOLDERS) -> tuple[int, list[tuple[str, int, str, str]]]:
    """The number of formulas and `(file, line, head, reason)` for each that fails."""
    total = 0
    failed = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            note = read_path(path)
            for formula in note.formulas:
                total += 1
                try:
                    parse(formula.latex)
                except ParseError as err:
                    failed.append((path.name, formula.line, head(formula.latex), err.message))
    return total, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite tests/fixtures/unparsed.tsv")
    args = parser.parse_args()
    total, failed = failures()
    for row in failed:
        print("\t".join(map(str, row)))
    rate = 100.0 * (total - len(failed)) / total if total else 100.0
    print(f"{total - len(failed)}/{total} formulas parse ({rate:.1f}%)")
    if args.write:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        lines = ["file\tline\tlatex-head\treason"] + ["\t".join(map(str, row)) for row in failed]
        FIXTURE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
