#!/usr/bin/env python3
"""Fuzz notecheck: mutated notes in, and never a crash, a hang or two answers out.

Notes are made by a `random.Random(seed)` from windows of the examples, the test notes
and (when `../shared` is beside the clone) the seeds and the public corpus, each with a
few mutations: byte flips, truncation, splicing, broken or hostile front matter (YAML
alias bombs, cycles, `!!set`), deep nesting, huge exponents and sizes, invalid UTF-8 and
GB18030, hostile HTML and link paths, mixed line endings, ragged matrices, hostile file
names. The same seed makes the same notes.

Every note is checked on its own through the CLI (in a worker process, as a user would
run `notecheck check --format json NOTE`), timing it and reading its peak memory; then
all of them in one `notecheck check --format json .` run in a fresh process with another
hash seed, and optionally built as a site twice. It asserts, and reports:

- no traceback, exit status 0 or 1 only;
- a valid JSON report naming every input, in the run of all notes too;
- each note under its time limit and 1 GB;
- the same JSON for a note checked alone and among all the others (determinism), and
  byte-identical sites from two builds.

    python scripts/fuzz.py --notes 10000 --jobs 2 --seed 14      # the long run, on demand
    tests/test_fuzz.py runs a short budget of it in the suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = [ROOT / "examples", ROOT / "tests" / "notes", ROOT.parent / "shared" / "seeds",
                  ROOT.parent / "shared" / "corpus" / "notes"]
TIME_LIMIT = 60 + 15  # the pipeline's per-note limit, and slack for reading and reporting
MEMORY_LIMIT_MB = 1024 + 400  # the pipeline's per-note ceiling over a worker's ~300 MB baseline

FRONT_MATTERS = [
    "---\ntitle: [unclosed\n---\n",
    "---\na: &a [*a]\n---\n",
    "---\ntags: !!set {zeta, alpha, beta}\n---\n",
    "---\npermalink: ../../../../etc/passwd\n---\n",
    "---\npermalink: " + "数学" * 90 + "\ntags: [" + "标签" * 90 + ", b]\n---\n",
    "---\ndate: 2020-13-45\ntitle: !!python/object:os.system ls\n---\n",
    "+++\ntitle = [1\n+++\n",
    "---\ntitle: no end\n",
    "---\n- a list\n- not a mapping\n---\n",
    "---\npermalink: /\ntags: 'a, b  c'\nlang: '<script>'\n---\n",
]
HOSTILE_LINES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[q](../../../../../../../../etc/shadow) and ![i](/etc/passwd)",
    "[j](javascript:alert(1)) [d](data:text/html,<b>x</b>) [f](file:///etc/passwd)",
    '<iframe src="file:///etc/passwd"></iframe><a href="//evil.example/x">x</a>',
    "<!-- notecheck: ignore -->",
    "$$\\begin{bmatrix} x & 2 \\\\ 3 \\end{bmatrix} = A$$",
    "$$\\begin{bmatrix} a \\\\ b & c & d \\end{bmatrix}^T A = A$$",
    "$$\\begin{bmatrix} \\end{bmatrix} = A$$",
    "$$A^{123456789} = A$$",
    "$$A^{10^{100}} = A A$$",
    "$$x^{10^{400}} = x$$",
    "Let $X \\in \\mathbb{R}^{20000\\times 20000}$ and $A \\in \\mathbb{R}^{3\\times 3}$.",
    "Let $Z \\in \\mathbb{R}^{0\\times 3}$; $$Z^T Z = Z^T Z$$",
    "$$\\sum_{i=1}^{10^{9}} x_i = 0$$",
    "$$f(x|x|) = f(x{|x|})$$",
    "$$(A \\otimes A) \\otimes (A \\otimes A) = A \\otimes (A \\otimes (A \\otimes A))$$",
    "$$99999999999999999999^{999} = 1e308 \\cdot 1e308$$",
    "$$\\frac{\\partial \\operatorname{tr}(A^{7})}{\\partial A} = 7 (A^{6})^T$$",
    "$$x = y$$\n\n" * 40,
]


# ---------------------------------------------------------------- making notes


def source_texts() -> list[bytes]:
    """The raw bytes of every note the mutator draws from, in a fixed order."""
    out = []
    for folder in SOURCE_FOLDERS:
        if folder.is_dir():
            out += [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()]
    return out


def window(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    size = rng.randint(3, 40)
    start = rng.randrange(max(1, len(lines) - size + 1))
    return b"\n".join(lines[start:start + size])


def deep_nesting(rng: random.Random) -> bytes:
    n = rng.choice([40, 300, 3000])
    opener, closer = rng.choice([("(", ")"), ("{", "}"), ("\\frac{1}{", "}"), ("\\sqrt{", "}"),
                                 ("\\left(", "\\right)"), ("|", "|"), ("[", "]")])
    return f"$$y = {opener * n}x{closer * n}$$".encode()


def mutate(rng: random.Random, data: bytes, sources: list[bytes]) -> bytes:
    kind = rng.randrange(12)
    if kind == 0 and data:  # byte flips
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if kind == 1:
        return data[:rng.randrange(len(data) + 1)]
    if kind == 2:
        at = rng.randrange(len(data) + 1)
        return data[:at] + window(rng, rng.choice(sources)) + data[at:]
    if kind == 3:
        levels = rng.randint(4, 12)
        if rng.random() < 0.5:
            bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
            bomb += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
            front = "---\n" + "\n".join(bomb) + f"\ntitle: *a{levels - 1}\n---\n"
        else:
            front = rng.choice(FRONT_MATTERS)
        return front.encode() + data
    if kind == 4:
        return data + b"\n\n" + deep_nesting(rng) + b"\n"
    if kind in (5, 6):
        return data + b"\n\n" + rng.choice(HOSTILE_LINES).encode() + b"\n"
    if kind == 7:  # invalid UTF-8 or a NUL
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice([b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xe4\xb8", b"\x00", b"\x81\x30"]) + data[at:]
    if kind == 8:
        try:
            return data.decode("utf-8").encode("gb18030")
        except UnicodeError:
            return data
    if kind == 9:  # mixed line endings
        return b"".join(part + rng.choice([b"\n", b"\r\n", b"\r"]) for part in data.split(b"\n"))
    if kind == 10 and data:  # a formula's braces or dollars knocked out
        target = rng.choice([b"{", b"}", b"$", b"\\", b"^", b"_"])
        at = data.find(target, rng.randrange(len(data)))
        return data if at < 0 else data[:at] + data[at + 1:]
    return data * rng.randint(2, 4)


def notebook(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    cells = [{"cell_type": rng.choice(["markdown", "code"]), "metadata": {}, "source": part}
             for part in text.split("\n\n")]
    out = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    return out[:rng.randrange(len(out))] if rng.random() < 0.2 else out


def note_name(rng: random.Random, i: int) -> tuple[str, str]:
    """A file name (str, with lone surrogates for bytes that are not UTF-8) and suffix."""
    suffix = ".ipynb" if rng.random() < 0.05 else ".md"
    odd = rng.random()
    if odd < 0.01:
        stem = f"n{i:05d}-" + os.fsdecode(b"\xff\xfe")
    elif odd < 0.02:
        stem = f"n{i:05d}-" + "数学" * 38
    elif odd < 0.03:
        stem = f"n{i:05d} <b>&amp; 'q'"
    else:
        stem = f"n{i:05d}"
    return stem + suffix, suffix


def generate(folder: Path, count: int, seed: int) -> list[str]:
    """Write `count` notes into `folder`; return their names."""
    rng = random.Random(seed)
    sources = source_texts()
    names = []
    for i in range(count):
        name, suffix = note_name(rng, i)
        data = window(rng, rng.choice(sources))
        for _ in range(rng.choice([1, 1, 2, 3])):
            data = mutate(rng, data, sources)
        if suffix == ".ipynb":
            data = notebook(rng, data)
        (folder / name).write_bytes(data)
        names.append(name)
    return names


# ---------------------------------------------------------------- checking them


def reset_peak_memory() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_one(name: str) -> dict:
    """`notecheck check --format json NAME` in this process: exit, traceback, time, memory."""
    from click.testing import CliRunner

    from notecheck.cli import main

    reset_peak_memory()
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--format", "json", "-j", "1", name])
    seconds = time.perf_counter() - start
    record = {"name": name, "exit": result.exit_code, "seconds": round(seconds, 3),
              "peak_mb": round(peak_memory_mb(), 1), "traceback": None, "problem": None, "note": None}
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        record["traceback"] = "".join(traceback.format_exception(result.exception))[-3000:]
        return record
    try:
        notes = json.loads(result.stdout)["notes"]
    except (ValueError, KeyError) as error:
        record["problem"] = f"no JSON report: {error}: {result.output[:500]}"
        return record
    if [n["path"] for n in notes] != [shown(name)]:
        record["problem"] = f"report names {[n['path'] for n in notes]}, not {name!r}"
    else:
        record["note"] = notes[0]
    return record


def shown(name: str) -> str:
    """A file name as a report prints it: bytes that are not UTF-8 as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _worker_start(folder: str) -> None:
    os.chdir(folder)


def check_each(folder: Path, names: list[str], jobs: int) -> list[dict]:
    context = get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(jobs, initializer=_worker_start, initargs=(str(folder),), maxtasksperchild=500) as pool:
        return pool.map(check_one, names, chunksize=4)


def notecheck(args: list[str], cwd: Path, hash_seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-m", "notecheck", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=TIME_LIMIT * 20 + 60 * 60)


def check_all(folder: Path, names: list[str], jobs: int) -> tuple[dict, list[str]]:
    """One run over the whole folder, as CI runs it: its notes by path, and problems."""
    run = notecheck(["check", "--format", "json", "-j", str(jobs), "."], folder, "1234")
    problems = []
    if run.returncode not in (0, 1):
        problems.append(f"the run of all notes exited {run.returncode}")
    if b"Traceback" in run.stderr:
        problems.append("the run of all notes printed a traceback: " + run.stderr.decode(errors="replace")[-2000:])
    try:
        notes = {n["path"]: n for n in json.loads(run.stdout)["notes"]}
    except (ValueError, KeyError):
        return {}, problems + ["the run of all notes printed no JSON report"]
    missing = sorted({shown(name) for name in names} - set(notes))
    if missing:
        problems.append(f"{len(missing)} notes missing from the report of all notes, e.g. {missing[:3]}")
    return notes, problems


def site_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(os.fsencode(path.relative_to(folder)) + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_twice(folder: Path, names: list[str], jobs: int, work: Path) -> list[str]:
    """Build the site of the first notes twice, in different processes and hash seeds."""
    subset = work / "built"
    subset.mkdir()
    for name in names:
        (subset / name).write_bytes((folder / name).read_bytes())
    digests, problems = [], []
    for k, hash_seed in enumerate(["1", "2"]):
        run = notecheck(["build", "-j", str(jobs if k else 1), ".", "-o", str(work / f"site{k}")], subset, hash_seed)
        if run.returncode != 0 or b"Traceback" in run.stderr:
            problems.append(f"build {k + 1} exited {run.returncode}: {run.stderr.decode(errors='replace')[-1500:]}")
        digests.append(site_digest(work / f"site{k}"))
    if digests[0] != digests[1]:
        problems.append("two builds of the same notes differ")
    return problems


def stage(started: float, what: str) -> None:
    print(f"fuzz: {time.perf_counter() - started:7.1f} s  {what}", file=sys.stderr, flush=True)


def fuzz(count: int, seed: int, jobs: int, builds: int, keep: Path | None = None) -> dict:
    """Generate, check and compare; the figures and every problem found."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="notecheck-fuzz-") as tmp:
        work = Path(tmp)
        folder = keep or work / "notes"
        folder.mkdir(parents=True, exist_ok=True)
        names = generate(folder, count, seed)
        stage(started, f"made {count} notes")
        records = check_each(folder, names, jobs)
        stage(started, "checked each note alone")
        together, problems = check_all(folder, names, jobs)
        stage(started, "checked all notes in one run")
        if builds:
            problems += build_twice(folder, names[:builds], jobs, work)
            stage(started, f"built the first {min(builds, count)} notes twice")
    tracebacks = [r for r in records if r["traceback"]]
    differing = [r["name"] for r in records if r["note"] is not None and shown(r["name"]) in together
                 and json.dumps(r["note"], sort_keys=True) != json.dumps(together[shown(r["name"])], sort_keys=True)]
    slowest = max(records, key=lambda r: r["seconds"])
    biggest = max(records, key=lambda r: r["peak_mb"])
    internal = sorted({f["message"].split(";")[0][:160] for r in records if r["note"]
                       for f in r["note"].get("findings", []) if f.get("code") == "NC901"})
    problems += [f"{r['name']}: traceback\n{r['traceback']}" for r in tracebacks[:5]]
    problems += [f"{r['name']}: exit {r['exit']}" for r in records if r["exit"] not in (0, 1)][:5]
    problems += [f"{r['name']}: {r['problem']}" for r in records if r["problem"]][:5]
    problems += [f"{name}: checked alone and among all the notes, the JSON differs" for name in differing[:5]]
    problems += [f"{r['name']}: took {r['seconds']} s" for r in records if r["seconds"] > TIME_LIMIT][:5]
    problems += [f"{r['name']}: peak {r['peak_mb']} MB" for r in records if r["peak_mb"] > MEMORY_LIMIT_MB][:5]
    return {
        "notes": count, "seed": seed, "jobs": jobs,
        "tracebacks": len(tracebacks),
        "exits": {str(code): sum(r["exit"] == code for r in records) for code in sorted({r["exit"] for r in records})},
        "missing_from_own_report": sum(r["problem"] is not None for r in records),
        "missing_from_report_of_all": sum(shown(n) not in together for n in names),
        "differing_json": len(differing),
        "max_seconds": [slowest["seconds"], slowest["name"]],
        "max_peak_mb": [biggest["peak_mb"], biggest["name"]],
        "notes_with_nc901": sum(any(f.get("code") == "NC901" for f in r["note"].get("findings", []))
                                for r in records if r["note"]),
        "nc901_messages": internal[:20],
        "sites_built_twice_from": min(builds, count),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=200, help="how many notes to make (default 200)")
    parser.add_argument("--seed", type=int, default=14, help="the generator's seed (default 14)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--builds", type=int, default=300, help="build the site of the first N notes twice")
    parser.add_argument("--keep", type=Path, help="write the notes to this folder and keep them")
    args = parser.parse_args()
    summary = fuzz(args.notes, args.seed, args.jobs, args.builds, args.keep)
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    return 1 if summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
