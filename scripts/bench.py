#!/usr/bin/env python3
"""notecheck against the site generator it replaces, side by side in one run, as ratios.

    pip install -e '.[bench]'          # MkDocs, Material, pymdown-extensions (arithmatex)
    python scripts/bench.py            # 100 and 500 notes, 5 paired runs, memory 500 vs 2,000
    python scripts/bench.py --notes 100 --runs 3 --memory   # a bare --memory skips memory
    python scripts/bench.py --stages   # where a one-process build of 100 notes spends its CPU
    python scripts/bench.py --against a3a475c   # this tree's CPU against a commit's, in pairs
    python scripts/bench.py --against a3a475c --instructions --notes 20   # instructions, valgrind

It writes a corpus of distinct notes (no two alike, so neither notecheck's cache nor any
deduplication inside one run flatters it) into a temporary folder: the notes of
`examples/`, `tests/notes/` and, when `../shared` is there, the seeds and the public
corpus, each copy with its single-letter symbols renamed by a different permutation and
its own title. Nothing of that text is kept. For each size it then runs, in alternating
order so that both see the same machine, `notecheck build` from cold (its cache
removed) and `mkdocs build` of the same notes (Material + pymdownx.arithmatex, which
renders and checks nothing), then a rebuild with nothing changed of each (`mkdocs build
--dirty`). It prints the median wall times, the median of the paired ratios and the CPU
time (user + system of the command and every process it started). Then `notecheck check`
of one note against the import floor `python -c "import numpy, markdown_it, pylatexenc,
click"`, both after a warm-up run so that bytecode is cached as an installed package has
it; and the peak memory (largest resident set of the command or any of its processes)
of a cold build of 500 and of 2,000 notes.

`--stages` does none of that: it builds the corpus (100 notes, or the first `--notes`)
in one process with each stage's entry point timed, and prints how the CPU splits
between reading, parsing, meaning, checking and rendering (no MkDocs needed).

`--against REV` does none of that either: it prints what this working tree's code costs
against commit REV's, as the CPU (user + system) of `notecheck build --no-cache -j 1` of
the corpus (100 notes, or the first `--notes`), the two alternating `--runs` times, each
with its own code on PYTHONPATH and run from the corpus folder, not from a checkout
(`python -m` puts the current folder first on sys.path, so a comparison run from the
repository ran its code twice and measured nothing, as the sixteenth round's did); and
whether their sites are the same bytes. A change under a tenth shows only in pairs.
With `--instructions` it counts instead the instructions of one build each (valgrind's
cachegrind, Python's hash seed fixed): the same count at every run, where the CPU time of
the same build swung from 0.77 to 1.27 of its pair on the thirty-first round's machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus, unquote_plus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ONE_NOTE = ROOT / "examples" / "least-squares.md"
IMPORT_FLOOR = "import numpy, markdown_it, pylatexenc, click"
# Letters a note uses as matrix/vector names; T (transpose), I (identity), d, e, i, f are
# left alone so that a renamed note reads the same way.
RENAMABLE = "ABCMNPQRSUVWXYZ"
# In prose, such a letter standing alone ("where W is m×n", "dW"); in math every one (`Wx`,
# `dW`), but not inside a command's name nor in the text or set arguments that name no
# symbol (`\\operatorname{Var}`, `\\mathbb{R}`, `\\begin{bmatrix}`).
PROSE_LETTER = re.compile(r"(?<![\\A-Za-ce-z0-9%])([" + RENAMABLE + r"])(?![A-Za-z])")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$|\\\(.+?\\\)|\\\[.+?\\\]|\\begin\{(\w+\*?)\}.+?\\end\{\1\}", re.S)
EQUATION_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((https?://[^)\s]*?equation\?tex=)([^)\s]*)\)")  # Zhihu's, tex in the URL too
MATH_TOKEN = re.compile(r"\\(?:text\w*|math(?:rm|sf|tt|bb)|operatorname\*?|mbox|hbox|label|tag\*?|begin|end)\s*\{[^{}]*\}"
                        r"|\\[A-Za-z]+|\\.|[A-Za-z]|[^\\A-Za-z]+")
MEASURE = r"""
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""
# `notecheck build` in one process, each stage's entry point timed (CPU, `process_time`);
# argv: the build's arguments. Its last line: JSON of the process's CPU and each stage's seconds.
STAGES = r"""
import gc, json, resource, sys, time
from collections import Counter
gc.disable()  # as `python -m notecheck` starts
spent = Counter()
def timed(owner, name, stage):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[stage] += time.process_time() - start
    setattr(owner, name, wrapper)
import notecheck.check, notecheck.latex, notecheck.meaning, notecheck.read
from notecheck.publish.site_pages import PageMaker
for owner, name, stage in ((notecheck.read, "read_path", "reading Markdown"),
                           (notecheck.latex, "parse_formulas", "parsing formulas"),
                           (notecheck.meaning, "read_meaning", "reading meaning"),
                           (notecheck.check, "check_note", "checking claims"),
                           (PageMaker, "__call__", "rendering pages")):
    timed(owner, name, stage)
from notecheck.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"total": usage.ru_utime + usage.ru_stime, "stages": spent}))
"""
MKDOCS_YML = """site_name: bench
docs_dir: docs
site_dir: mkdocs-site
theme:
  name: material
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
"""


def sources() -> list[tuple[str, str]]:
    """(name, text) of every note the corpus is made from."""
    folders = [ROOT / "examples", ROOT / "tests" / "notes", SHARED / "seeds", SHARED / "corpus" / "notes"]
    out = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in {".md", ".txt"}:
                out.append((path.stem, path.read_text(encoding="utf-8", errors="replace")))
    return out


def variant(text: str, number: int) -> str:
    """`text` with its single-letter symbols permuted (a different permutation per
    number) and a title of its own: a distinct note with the same kind of work in it.

    Each letter is renamed alike wherever it stands for a symbol, in prose and math (and
    in the URL of a Zhihu equation image), so a derivation stays the one it was: the
    benchmark until its eighteenth round renamed `W` but not the `W` of `dW` or `Wx`,
    which left a third of the verified claims of its 100 notes unverified (1,313 → 848)."""
    rng = random.Random(number)
    letters = list(RENAMABLE)
    shuffled = letters[:]
    rng.shuffle(shuffled)
    mapping = dict(zip(letters, shuffled))

    def math(latex: str) -> str:
        return "".join(mapping.get(token, token) for token in MATH_TOKEN.findall(latex))

    def prose(words: str) -> str:
        return PROSE_LETTER.sub(lambda m: mapping[m.group(1)], words)

    spans = [(m.start(), m.end(), f"![{math(m.group(1))}]({m.group(2)}"
              f"{quote_plus(math(unquote_plus(m.group(3))), safe='')})") for m in EQUATION_IMAGE.finditer(text)]
    spans += [(m.start(), m.end(), math(m.group())) for m in MATH.finditer(text)]
    pieces, done = [], 0
    for start, end, renamed_span in sorted(spans):
        if start < done:
            continue  # math inside an equation image's text, renamed with it
        pieces += [prose(text[done:start]), renamed_span]
        done = end
    renamed = "".join(pieces) + prose(text[done:])
    if renamed.startswith("---\n"):
        return renamed.replace("---\n", f"---\n# bench copy {number}\n", 1)
    return f"<!-- bench copy {number} -->\n{renamed}"


def write_corpus(folder: Path, count: int) -> None:
    """`count` distinct notes in `folder`/docs, plus the MkDocs configuration."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    base = sources()
    seen = set()
    for number in range(count):
        name, text = base[number % len(base)]
        note = variant(text, number)
        digest = hashlib.sha256(note.encode()).hexdigest()
        assert digest not in seen, "two bench notes alike"
        seen.add(digest)
        (docs / f"{number:05d}-{name}.md").write_text(note, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")


def measure(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak resident MiB) of `argv` and every process it started."""
    line = subprocess.run([sys.executable, "-c", MEASURE, *argv], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.split()
    wall, cpu, rss, code = float(line[0]), float(line[1]), int(line[2]) / 1024, int(line[3])
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with status {code} in {cwd}")
    return wall, cpu, rss


def notecheck_module():
    import notecheck as package

    return package


def notecheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "notecheck", *args]


def mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", *args]


def cold_notecheck(folder: Path):
    shutil.rmtree(folder / ".notecheck_cache", ignore_errors=True)
    shutil.rmtree(folder / "site", ignore_errors=True)
    return measure(notecheck("build", "docs", "-o", "site"), folder)


def cold_mkdocs(folder: Path):
    shutil.rmtree(folder / "mkdocs-site", ignore_errors=True)
    return measure(mkdocs(), folder)


def page_times(site: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def compare_sizes(counts: list[int], runs: int) -> None:
    print("| notes | work | notecheck | MkDocs | ratio (median of pairs) | CPU notecheck / MkDocs |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="notecheck-bench-") as tmp:
            folder = Path(tmp)
            write_corpus(folder, count)
            cold_notecheck(folder), cold_mkdocs(folder)  # warm the file cache and bytecode
            cold, re_ours, re_theirs = [], [], []
            for run in range(runs):
                pair = [("ours", cold_notecheck), ("theirs", cold_mkdocs)]
                got = dict((who, fn(folder)) for who, fn in (pair if run % 2 == 0 else pair[::-1]))
                cold.append((got["ours"], got["theirs"]))
                before = page_times(folder / "site")
                again = measure(notecheck("build", "docs", "-o", "site"), folder)
                rewritten = sum(1 for k, v in page_times(folder / "site").items() if before.get(k) != v)
                re_ours.append((again, got["ours"], rewritten))
                re_theirs.append(measure(mkdocs("--dirty"), folder))
            row(count, "cold build", [c[0] for c in cold], [c[1] for c in cold])
            ratios = [a[0] / c[0] for a, c, _ in re_ours]
            print(f"| {count} | rebuild, nothing changed | {ms(med(a[0] for a, _, _ in re_ours))} | "
                  f"{ms(med(t[0] for t in re_theirs))} (`--dirty`) | {100 * statistics.median(ratios):.1f}% of "
                  f"notecheck's cold build; {max(r for _, _, r in re_ours)} files rewritten | "
                  f"{med(a[1] for a, _, _ in re_ours):.2f} s / {med(t[1] for t in re_theirs):.2f} s |")
            sys.stdout.flush()


def row(count: int, work: str, ours: list, theirs: list) -> None:
    ratio = statistics.median(o[0] / t[0] for o, t in zip(ours, theirs))
    cpu = statistics.median(o[1] / t[1] for o, t in zip(ours, theirs))
    print(f"| {count} | {work} | {ms(med(o[0] for o in ours))} | {ms(med(t[0] for t in theirs))} | "
          f"{ratio:.2f}× | {cpu:.2f}× |")


def med(values) -> float:
    return statistics.median(list(values))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def one_note(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="notecheck-bench-") as tmp:
        folder = Path(tmp)
        shutil.copy(ONE_NOTE, folder / "one.md")
        # as a pre-commit hook runs it: file names only (one note is checked in this process
        # whatever -j says; a short option also costs click an import of difflib)
        ours_argv = notecheck("check", "--no-cache", "one.md")
        floor_argv = [sys.executable, "-c", IMPORT_FLOOR]
        measure(ours_argv, folder), measure(floor_argv, folder)  # bytecode cached, files in memory
        pairs = []
        for run in range(runs):
            first, second = (ours_argv, floor_argv) if run % 2 == 0 else (floor_argv, ours_argv)
            a, b = measure(first, folder)[0], measure(second, folder)[0]
            pairs.append((a, b) if run % 2 == 0 else (b, a))
        ratio = statistics.median(o / f for o, f in pairs)
        print(f"\n`notecheck check --no-cache` of {ONE_NOTE.relative_to(ROOT)}: "
              f"{ms(med(o for o, _ in pairs))}; import floor `python -c \"{IMPORT_FLOOR}\"`: "
              f"{ms(med(f for _, f in pairs))}; ratio {ratio:.2f}×")


def memory(counts: list[int]) -> None:
    peaks = []
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="notecheck-bench-") as tmp:
            folder = Path(tmp)
            write_corpus(folder, count)
            wall, cpu, rss = cold_notecheck(folder)
            peaks.append(rss)
            print(f"cold build of {count} notes: peak resident set {rss:.0f} MiB (largest process), "
                  f"{wall:.1f} s wall, {cpu:.1f} s CPU")
    if len(peaks) > 1:
        print(f"peak memory {counts[-1]} vs {counts[0]} notes: {peaks[-1] / peaks[0]:.2f}×")


def stages(count: int, runs: int) -> None:
    """Where a one-process cold build of `count` notes spends its CPU, stage by stage
    (the median of `runs` builds): what to look at before making a build faster."""
    with tempfile.TemporaryDirectory(prefix="notecheck-bench-") as tmp:
        folder = Path(tmp)
        write_corpus(folder, count)
        argv = [sys.executable, "-c", STAGES, "build", "docs", "-o", "site", "--no-cache", "-j", "1"]
        builds = []
        for _ in range(runs):
            shutil.rmtree(folder / "site", ignore_errors=True)
            out = subprocess.run(argv, cwd=folder, capture_output=True, text=True, check=True).stdout
            builds.append(json.loads(out.splitlines()[-1]))  # after the build's own line
    total = med(b["total"] for b in builds)
    spent = {stage: med(b["stages"].get(stage, 0.0) for b in builds) for stage in builds[0]["stages"]}
    rest = total - sum(spent.values())
    split = ", ".join(f"{stage} {seconds / total:.0%}"
                      for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]))
    print(f"`notecheck build --no-cache -j 1` of {count} notes: {total:.2f} s of CPU (median of {runs}): "
          f"{split}, the rest {rest / total:.0%} (start-up, writing the site)")


def against(rev: str, count: int, runs: int, instructions: bool = False) -> None:
    """This working tree's CPU for a one-process cold build against commit `rev`'s, in
    alternating pairs: what a change costs, with the machine's drift taken out. With
    `instructions`, the instructions each build runs instead (valgrind's count, with a
    fixed hash seed), the same from run to run: one run each after a warm-up."""
    with tempfile.TemporaryDirectory(prefix="notecheck-bench-") as tmp:
        folder = Path(tmp)
        base = folder / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "notecheck", "plugins"],
                                 capture_output=True, check=False)
        if archive.returncode:
            raise SystemExit(f"no code at {rev}: {archive.stderr.decode(errors='replace').strip()}")
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        write_corpus(folder, count)
        trees = {"base": base, "here": ROOT}

        def build(who: str) -> float:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(trees[who]), str(trees[who] / "plugins")])}
            shutil.rmtree(folder / f"site-{who}", ignore_errors=True)
            argv = notecheck("build", "--no-cache", "-j", "1", "docs", "-o", f"site-{who}")
            if instructions:
                return counted_instructions(argv, folder, env)
            line = subprocess.run([sys.executable, "-c", MEASURE, *argv],
                                  cwd=folder, env=env, capture_output=True, text=True, check=True).stdout.split()
            return float(line[1])

        build("base"), build("here")  # bytecode compiled, patterns kept, files in memory
        if instructions:
            base_count, here_count = build("base"), build("here")
            print(f"`notecheck build --no-cache -j 1` of {count} notes, instructions: {rev} {base_count / 1e9:.3f} G, "
                  f"this tree {here_count / 1e9:.3f} G; ratio {here_count / base_count:.3f}")
            return
        pairs = []
        for run in range(runs):
            order = ("base", "here") if run % 2 == 0 else ("here", "base")
            got = {who: build(who) for who in order}
            pairs.append((got["base"], got["here"]))
        same = site_files(folder / "site-base") == site_files(folder / "site-here")
    ratios = ", ".join(f"{here / before:.2f}" for before, here in pairs)
    print(f"`notecheck build --no-cache -j 1` of {count} notes, CPU: {rev} {med(b for b, _ in pairs):.2f} s, "
          f"this tree {med(h for _, h in pairs):.2f} s; ratios {ratios}, median "
          f"{statistics.median(h / b for b, h in pairs):.2f}; sites {'the same bytes' if same else 'differ'}")


def counted_instructions(argv: list[str], folder: Path, env: dict) -> int:
    """The instructions `argv` runs (valgrind's cachegrind without its cache model), with
    Python's hash seed fixed, so that a change of a few percent shows on a machine whose
    CPU times swing by a fifth from run to run."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *argv],
                          cwd=folder, env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode not in (0, 1) or found is None:
        raise SystemExit(f"valgrind could not count {' '.join(argv)}: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def notes(text: str) -> int:
    """A corpus size: a build of no notes is refused by notecheck (status 2), so say it here."""
    count = int(text)
    if count < 1:
        raise argparse.ArgumentTypeError(f"a corpus needs at least one note, not {count} (skip with a bare --memory)")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=notes, action="append", help="corpus size (repeatable; default 100 and 500)")
    parser.add_argument("--runs", type=int, default=5, help="paired runs per figure (median)")
    parser.add_argument("--memory", type=notes, nargs="*", default=[500, 2000],
                        help="corpus sizes whose peak memory is compared (none: skip)")
    parser.add_argument("--memory-only", action="store_true", help="only the peak memory comparison")
    parser.add_argument("--stages", action="store_true",
                        help="only where a one-process build of the first --notes size (default 100) spends its "
                             "CPU, stage by stage (needs no MkDocs)")
    parser.add_argument("--against", metavar="REV",
                        help="only this tree's CPU for a one-process build of the first --notes size (default 100) "
                             "against commit REV's, in --runs alternating pairs (needs no MkDocs)")
    parser.add_argument("--instructions", action="store_true",
                        help="with --against: count the instructions of one build each (valgrind) instead of "
                             "timing pairs; the same from run to run, ~20x slower (use --notes 20 for a quick look)")
    args = parser.parse_args()
    # bytecode cached, as an installed package has it: a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every notecheck process compile its modules again
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    package = Path(notecheck_module().__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package), str(package.parent / "plugins")],
                   check=False, stdout=subprocess.DEVNULL)  # the first-party plugins load with every run
    if args.stages:
        stages((args.notes or [100])[0], args.runs)
        return
    if args.against:
        against(args.against, (args.notes or [100])[0], args.runs, args.instructions)
        return
    from importlib.util import find_spec

    if not (find_spec("mkdocs") and find_spec("material") and find_spec("pymdownx")):
        raise SystemExit("the benchmark needs MkDocs: pip install -e '.[bench]'")
    start = time.perf_counter()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.runs} paired runs, "
          f"{len(sources())} source notes\n")
    if not args.memory_only:
        compare_sizes(args.notes or [100, 500], args.runs)
        one_note(max(args.runs, 5))
    if args.memory:
        print()
        memory(sorted(args.memory))
    print(f"\n(benchmark took {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
