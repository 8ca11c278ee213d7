"""read → parse → check, for each file, and the filtering every report shares.

The pipeline is the only place that knows the order of the stages; each stage is a
module that knows nothing of the others' internals. One note failing in any stage
becomes an NC901 finding on that note, and the run goes on.
"""

from __future__ import annotations

import os
import re
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from notecheck.config import Config
from notecheck.findings import Finding
from notecheck.note import Note
from notecheck.result import NoteResult

NOTE_TIME_LIMIT = 60  # seconds for checking one note; past it the note is reported, not hung on


class NoteTimeout(BaseException):
    """Checking one note ran past NOTE_TIME_LIMIT. A BaseException so that a checker's
    `except Exception` (which rightly keeps one claim's failure on that claim) cannot
    swallow it."""
PARALLEL_FROM = 6  # notes: below this, worker start-up costs more than it saves


def run(files: list[Path], config: Config, *, jobs: int | None = None, cwd: Path | None = None,
        progress=None) -> list[NoteResult]:
    """Check every file; results come back in the order of `files`. `progress(done, total)`
    is called as each note finishes."""
    cwd = cwd or Path.cwd()
    jobs = jobs or os.cpu_count() or 1
    items = [(path, display_path(path, cwd)) for path in files]
    if jobs > 1 and len(items) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
            outcomes = pool.map(_check_item, items, [config] * len(items), chunksize=1)
            return _collect(outcomes, len(items), progress)
    return _collect((check_file(path, display, config) for path, display in items), len(items), progress)


def _collect(outcomes, total: int, progress) -> list[NoteResult]:
    results = []
    for result in outcomes:
        results.append(result)
        if progress:
            progress(len(results), total)
    return results


def _check_item(item: tuple[Path, str], config: Config) -> NoteResult:
    path, display = item
    return check_file(path, display, config)


def check_file(path: Path, display: str, config: Config) -> NoteResult:
    """One file through every stage. Raises OSError only if it cannot be opened at all."""
    from notecheck.plugins import load_plugins
    from notecheck.read import read_path

    note = read_path(path, display, load_plugins())
    return check_loaded(note, config)


def check_loaded(note: Note, config: Config) -> NoteResult:
    trees, errors, parse_findings = parse_formulas(note, config)
    try:
        with time_limit(NOTE_TIME_LIMIT):
            from notecheck.check import check_note

            result = check_note(note, trees, config)
    except NoteTimeout:
        result = NoteResult(note=note, trees=trees)
        result.findings.append(Finding("NC901", f"checking this note took over {NOTE_TIME_LIMIT} s; "
                                       "its claims are reported unverified", line=1))
    except Exception as error:  # a bug in a checker must not end the run
        result = NoteResult(note=note, trees=trees)
        result.findings.append(Finding("NC901", f"notecheck crashed on this note ({type(error).__name__}: "
                                       f"{error}); please report it", line=1))
    result.trees, result.parse_errors = trees, errors
    result.findings = visible_findings(note, [*note.findings, *parse_findings, *result.findings], config)
    return result


def note_reading(note: Note, config: Config | None = None) -> dict:
    """How to read this note's LaTeX, as keyword arguments of `parse`: its macros,
    whether `^t` is a transpose (the note writes `K^t` and never `^T`), whether `'` is
    (it writes `X'` or `{\\bf X}'`, never `^T` and never `f'(x)`), and the letters it
    defines as functions (a row that starts `\\Omega(\\theta) =`)."""
    from notecheck.latex.parser.vocabulary import GREEK

    latex = "\n".join(formula.latex for formula in note.formulas)
    no_transpose = re.search(r"\^\s*\{?\s*(T|\\top|\\intercal)(?![A-Za-z])", latex) is None
    t_transposes = no_transpose and re.search(r"(?<![A-Za-z\\])[A-Z]\^\{?t\}?(?![A-Za-z])", latex) is not None
    primes_transpose = no_transpose and re.search(r"(?<![A-Za-z\\])[A-Z]'|\}'", latex) is not None \
        and re.search(r"'\s*\(", latex) is None
    functions = frozenset(name for name, argument in DEFINED_FUNCTION.findall(latex)
                          if name not in argument and name != "d" and (len(name) == 1 or name in GREEK))
    return {"macros": note_macros(note, config), "t_transposes": t_transposes, "functions": functions,
            "primes_transpose": primes_transpose}


# a row that starts by defining a function of a letter: `\Omega(\theta) = ...`, `&F(x) :=`
DEFINED_FUNCTION = re.compile(r"(?:^|\\\\|\n)\s*&?\s*\\?([A-Za-z]+)\(([^()=]*)\)\s*&?\s*(?:=|:=|\\coloneqq|\\triangleq)",
                              re.MULTILINE)


def note_macros(note: Note, config: Config | None = None) -> dict:
    """The macros in force in a note: the site's (config), the front matter's
    (`macros:` or `notecheck: macros:`), then those its formulas define."""
    from notecheck.latex.macros import definitions_of, macro_from_setting

    macros = dict(config.macros) if config is not None else {}
    front = note.front_matter if isinstance(note.front_matter, dict) else {}
    own = front.get("notecheck") if isinstance(front.get("notecheck"), dict) else {}
    for table in (front.get("macros"), own.get("macros")):
        for name, value in (table.items() if isinstance(table, dict) else ()):
            try:
                macros.update([macro_from_setting(str(name), value)])
            except ValueError:
                continue
    return definitions_of((formula.latex for formula in note.formulas), macros)


def parse_formulas(note: Note, config: Config | None = None):
    """A tree per formula (None where it does not parse), why not, and a finding per
    failure: NC201 where the LaTeX is broken, NC202 where it is valid but not read."""
    from notecheck.latex import ParseError, parse

    reading = note_reading(note, config)
    trees, errors, findings = [], [], []
    for formula in note.formulas:
        try:
            trees.append(parse(formula.latex, **reading))
            errors.append(None)
            continue
        except ParseError as error:
            message, offset, broken = error.message, error.col - 1, error.broken
        except RecursionError:
            message, offset, broken = "nested too deeply", 0, False
        trees.append(None)
        errors.append(message)
        col = formula.col + offset if formula.line == formula.end_line else formula.col
        code, what = ("NC201", "formula does not parse") if broken else ("NC202", "formula not read")
        findings.append(Finding(code, f"{what}: {message}", line=formula.line, col=col,
                                end_line=formula.end_line, formula=formula.latex, cell=formula.cell))
    return trees, errors, findings


def visible_findings(note: Note, findings: list[Finding], config: Config) -> list[Finding]:
    """Drop disabled and suppressed codes and duplicates; order by place in the note."""
    seen, out = set(), []
    file_wide = note.suppressions.get(0)
    for finding in findings:
        key = (finding.code, finding.cell, finding.line, finding.col, finding.message)
        if key in seen or finding.code in config.disable or _suppressed(finding, note.suppressions.get(finding.line)):
            continue
        if file_wide is not None and _suppressed(finding, file_wide):
            continue
        seen.add(key)
        out.append(finding)
    out.sort(key=lambda f: (f.cell or 0, f.line, f.col, f.code))
    return out


def _suppressed(finding: Finding, codes: frozenset[str] | None) -> bool:
    return codes is not None and (not codes or finding.code in codes)


def display_path(path: Path, cwd: Path) -> str:
    """The path as the user would type it: relative to where they ran notecheck if inside."""
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@contextmanager
def time_limit(seconds: float):
    """Raise NoteTimeout in the main thread after `seconds` (no-op where signals can't)."""
    if not hasattr(signal, "setitimer"):
        yield
        return
    try:
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_timeout(signum, frame):
    raise NoteTimeout
