"""Measure how many formulas of the seeds and the public corpus parse.

    python3 scripts/parse_rate.py            # print every failure and the rates
    python3 scripts/parse_rate.py --write    # also rewrite tests/fixtures/unparsed.tsv

Each file is read with `notecheck.read.read_path` (plugins on: Zhihu images, repaired
backslashes, notebooks), and its formulas parsed as `notecheck check` parses them
(`notecheck.latex.parse_formulas`: with the macros the note defines, `^t` as
the note means it). The failures
are listed as `file, line, latex-head, reason` so tests can pin them; the rate is
printed for the seeds and the corpus separately, then for both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notecheck.latex import parse_formulas  # noqa: E402
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
            _, errors, _ = parse_formulas(note)
            for formula, error in zip(note.formulas, errors):
                total += 1
                if error is not None:
                    failed.append((path.name, formula.line, head(formula.latex), error))
    return total, failed


def rate_line(what: str, total: int, failed: int) -> str:
    rate = 100.0 * (total - failed) / total if total else 100.0
    return f"{what}: {total - failed}/{total} formulas parse ({rate:.1f}%)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite tests/fixtures/unparsed.tsv")
    args = parser.parse_args()
    failed = []
    totals = []
    for folder in FOLDERS:
        total, failed_here = failures((folder,))
        totals.append((folder.name, total, len(failed_here)))
        failed += failed_here
    for row in failed:
        print("\t".join(map(str, row)))
    for name, total, count in totals:
        print(rate_line(name, total, count))
    print(rate_line("all", sum(t[1] for t in totals), len(failed)))
    if args.write:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        lines = ["file\tline\tlatex-head\treason"] + ["\t".join(map(str, row)) for row in failed]
        FIXTURE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
