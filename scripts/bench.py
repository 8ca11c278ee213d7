#!/usr/bin/env python3
"""How fast `notecheck check` is, as ratios against baselines measured in the same session.

The floor for a pre-commit hook is Python start-up plus markdown-it parsing the same
files; we report notecheck's wall time as a multiple of that floor, so the figure means
the same on a fast laptop and a slow CI box.

    python scripts/bench.py                 # examples/, one note, the seeds
    python scripts/bench.py --runs 9 notes/ # your own notes
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

FLOOR = """
import sys
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark")
for name in sys.argv[1:]:
    md.parse(open(name, encoding="utf-8", errors="replace").read())
"""


def wall(argv: list[str], runs: int) -> float:
    """Median wall time of `runs` runs of a command, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def files_of(target: Path) -> list[str]:
    if target.is_dir():
        return sorted(str(p) for p in target.rglob("*") if p.suffix in {".md", ".markdown", ".txt"})
    return [str(target)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    targets = args.targets or [ROOT / "examples", ROOT / "examples" / "least-squares.md", SEEDS]
    python = sys.executable
    start_up = wall([python, "-c", "pass"], args.runs)
    print(f"python start-up: {start_up * 1000:.0f} ms (median of {args.runs})")
    print("| target | files | floor: python + markdown-it | notecheck check -j1 | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for target in targets:
        files = files_of(target)
        floor = wall([python, "-c", FLOOR, *files], args.runs)
        ours = wall([python, "-m", "notecheck", "check", "-j", "1", "--no-color", *files], args.runs)
        name = target.relative_to(ROOT.parent) if target.is_relative_to(ROOT.parent) else target
        print(f"| {name} | {len(files)} | {floor * 1000:.0f} ms | {ours * 1000:.0f} ms | {ours / floor:.1f}x |")


if __name__ == "__main__":
    main()
