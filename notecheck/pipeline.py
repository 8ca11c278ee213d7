"""read → latex → meaning → check, for each file, and the filtering every report shares.

The pipeline is the only place that knows the order of the stages: it calls each stage's
entry point and hands it the data of the one before (a `Note`, its trees, a `NoteMeaning`),
and no stage imports a later one or this module (publishing the results is the CLI's).
One note failing in any stage becomes an NC901 finding on that note; the run goes on.
"""

from __future__ import annotations

import os
import signal
import stat
from collections import deque
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from notecheck.config import Config
from notecheck.findings import Finding
from notecheck.read import Note
from notecheck.result import VERIFIED, NoteResult

if TYPE_CHECKING:  # the cache (hashlib, pickle, tempfile) loads only when used
    from notecheck.cache import Cache

NOTE_TIME_LIMIT = 60  # seconds for checking one note; past it the note is reported, not hung on
NOTE_MEMORY_LIMIT = 2**30  # bytes one note may add to the process; past it the note is reported


class NoteTimeout(BaseException):
    """Checking one note ran past NOTE_TIME_LIMIT. A BaseException so that a checker's
    `except Exception` (which rightly keeps one claim's failure on that claim) cannot
    swallow it."""
KEYED_BYTES = 32 * 1024 * 1024  # past the reader's limit: a bigger file is refused whatever it holds
TIMED_OUT = "checking this note took over"
OUT_OF_MEMORY = "checking this note needed over"
OUT_OF_BOUNDS = (TIMED_OUT, OUT_OF_MEMORY)
NOTE_GARBAGE = 100_000  # allocations between collections while one of many notes is checked
PARALLEL_FROM = 6  # notes: below this, worker start-up costs more than it saves
AHEAD_PER_WORKER = 4  # notes handed to the pool per worker and not yet taken back: none of them waits for work
# The matrices are 3×5 at most: a BLAS thread pool per process only burns CPU on them.
ONE_BLAS_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                   "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def run(files: list[Path], config: Config, *, jobs: int | None = None, cwd: Path | None = None,
        cache: Cache | None = None, slim: bool = False) -> list:
    """Check every file; results come back in the order of `files`.

    With `slim` (or a `cache`) each result comes back `without_trees()`: a run over
    thousands of notes holds only what the reports and the site's index need. With a
    `cache`, a note whose bytes, path, settings, plugins and notecheck are unchanged is
    not checked again: its stored result is exactly the one a fresh check gives."""
    return [result for result, _, _ in each(files, config, jobs=jobs, cwd=cwd, cache=cache, slim=slim)]


def each(files: list[Path], config: Config, *, jobs: int | None = None, cwd: Path | None = None,
         cache: Cache | None = None, slim: bool = False, page=None):
    """Each file's (result, its cache key or None, its page or None), in the order of
    `files`, each as soon as it and those before it are done: a caller that needs little
    of each note (a site writing its pages) holds little, however many notes there are.

    `page`, when given, is called in the process that checked a note, on its full result
    (token stream, trees), and what it returns comes back as the note's page: the note
    is read and parsed once for both. `page.wanted(path, key)` (called here, with the
    path as reported) says whether a note needs its page made at all; a note whose
    result is stored but whose page is wanted is read again, its stored result kept.
    From a pool worker, a result comes back as `page.shipped(result, its page)` says
    when that is not None (a digest of it: all the caller needs with that page)."""
    cwd = cwd or Path.cwd()
    jobs = jobs or os.cpu_count() or 1
    slim = slim or cache is not None
    items = [(path, display_path(path, cwd)) for path in files]
    for name in ONE_BLAS_THREAD:
        os.environ.setdefault(name, "1")  # before numpy loads, here or in a worker
    keys = [note_key(cache, path, display) for path, display in items] if cache is not None else [None] * len(items)
    stored = [key is not None and cache.has("notes", key) for key in keys] if cache is not None \
        else [False] * len(items)
    wants = [page is not None and page.wanted(display, key) for (_, display), key in zip(items, keys)]
    todo = [(item, key, hit) for item, key, hit, want in zip(items, keys, stored, wants) if want or not hit]
    many = len(todo) >= PARALLEL_FROM
    if many:
        settle()  # here, so that forked workers start settled too
    if jobs > 1 and many:
        from concurrent.futures import ProcessPoolExecutor  # lazy: one note needs no pool

        workers = min(jobs, len(todo))
        with ProcessPoolExecutor(max_workers=workers, initializer=_adopt, initargs=(page,)) as pool:
            try:
                fresh = in_order(pool, ((task, config, cache, slim) for task in todo), AHEAD_PER_WORKER * workers)
                yield from _collect(items, keys, stored, wants, fresh, config, cache, slim)
            finally:  # a caller that stops early (an error writing the site) waits for no other note
                pool.shutdown(cancel_futures=True)
        return
    fresh = (check_settled(task, config, cache, slim, page) if many else check_stored(task, config, cache, slim, page)
             for task in todo)
    yield from _collect(items, keys, stored, wants, fresh, config, cache, slim)


def in_order(pool, tasks, ahead: int):
    """`_check_in_worker(*task)` of each task, in order, done in `pool` with at most
    `ahead` tasks handed out and not yet taken back. `Executor.map` hands out every task
    at once, and each finished one then waits with its result until the caller takes
    it: the main process held ~1.2 KiB per note of a run, however long."""
    pending: deque = deque()
    for task in tasks:
        pending.append(pool.submit(_check_in_worker, *task))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def settle() -> None:
    """Load every stage (and the plugins) now and take what is loaded out of the garbage
    collector's sight, before many notes are checked: a collection walks every object
    alive, the modules and numpy included, and took ~11% of a long run's CPU. Frozen
    (`gc.freeze`), the modules are walked no more, and workers forked after it share
    their pages unchanged. The collector then runs as often as Python's default has it:
    rarer collections (every 10,000 allocations) saved no CPU once the modules were
    frozen, and let a process's memory climb with the number of notes it checked (96 MiB
    after 900 notes, against 70). It is turned on here if the command started with it
    off (`notecheck.__main__`)."""
    import gc
    import importlib
    import pkgutil

    from notecheck.read import load_plugins, markdown_parser

    markdown_parser(load_plugins())  # markdown-it and its rules (a `build` made it for the front matter already)
    for stage in ("read", "latex", "meaning", "check"):
        package = importlib.import_module(f"notecheck.{stage}")
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    # loaded by a function at the first note, so each worker loaded them again, and the
    # collector walked them, loaded after the freeze (17 modules, a C extension each for
    # numpy's random generators: ~12 ms of CPU per worker)
    for module in ("numpy.random", "notecheck.memory_limit"):
        importlib.import_module(module)
    gc.freeze()
    gc.enable()


def _collect(items, keys, stored, wants, fresh, config, cache, slim):
    """Every note's (result, key, page) in order: from the cache where it was there and
    its page is not wanted (checked here after all if the entry turns out unreadable),
    else the next of `fresh`."""
    for item, key, hit, want in zip(items, keys, stored, wants):
        if want or not hit:
            result, page = next(fresh)
        else:
            result, page = cache.get("notes", key), None
            if not isinstance(result, NoteResult):
                result, page = check_stored((item, key, False), config, cache, slim)
        yield result, key, page


_page = None  # in a worker: the caller's `page`, handed over once (by the pool's initializer)


def _adopt(page) -> None:
    global _page
    _page = page


def _check_in_worker(task, config: Config, cache: Cache | None, slim: bool) -> tuple[NoteResult, object]:
    return check_settled(task, config, cache, slim, _page, shipped=True)


def check_settled(task, config: Config, cache: Cache | None, slim: bool, page,
                  shipped: bool = False) -> tuple[NoteResult, object]:
    """`check_stored` for one of many notes, with the garbage collector held back while it
    runs: a note leaves no reference cycles (`tests/test_garbage.py`), so what it made is
    freed by reference counting as it is done, and a collection while it runs would only
    walk objects still in use. A collection after each note, needed while worlds and kept
    errors held one another, found nothing any more and cost 7% of `check`'s CPU. Past
    NOTE_GARBAGE allocations the collector still runs, so a note that makes garbage in a
    loop cannot grow without end."""
    import gc

    threshold = gc.get_threshold()
    gc.set_threshold(NOTE_GARBAGE, *threshold[1:])
    try:
        return check_stored(task, config, cache, slim, page, shipped)
    finally:
        gc.set_threshold(*threshold)


def note_key(cache: Cache, path: Path, display: str) -> str | None:
    """The cache key of a note: its bytes, the path it is reported under and its kind
    (with the settings, plugins and code already in the cache's salt)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or a device: read once by the reader (which reports it), never cached
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return cache.key(display, path.suffix.lower(), str(size), handle.read(KEYED_BYTES))
    except OSError:
        return None  # the reader reports what is wrong with it


def check_stored(task: tuple[tuple[Path, str], str | None, bool], config: Config, cache: Cache | None,
                 slim: bool, page=None, shipped: bool = False) -> tuple[NoteResult, object]:
    """One note checked, and its result stored under its key (unless it ran out of time
    or memory: that depends on the machine and the process, not only on the note); or,
    for a note whose result is `stored`, that result with the note read again. With
    `page`, the note's page too (else None). `shipped`: the result goes to another
    process (a pool worker's), so a stored one is returned as its stored bytes."""
    (path, display), key, stored = task
    if stored:
        result = cache.get("notes", key)
        if isinstance(result, NoteResult):
            from notecheck.read import load_plugins, read_path

            made = page(replace(result, note=read_path(path, display, load_plugins())))
            digest = page.shipped(result, made) if shipped else None
            return (result if digest is None else digest), made
    result = check_file(path, display, config)
    made = page(result) if page is not None else None
    # to the main process, with a page made here: what it needs of the result (`page.shipped`)
    digest = page.shipped(result, made) if shipped and page is not None else None
    if cache is None:
        if digest is not None:
            return digest, made
        return (result.without_trees() if slim else result), made
    result = result.without_trees()
    if key is not None and not any(f.code == "NC901" and f.message.startswith(OUT_OF_BOUNDS)
                                   for f in result.findings):
        from notecheck.cache import Pickled, pickled

        data = pickled(result)
        cache.write("notes", key, data)
        if shipped and digest is None:  # to the main process: as the bytes just made (pickling a result costs 0.4 ms)
            return Pickled(data), made
    return (result if digest is None else digest), made


def check_file(path: Path, display: str, config: Config) -> NoteResult:
    """One file through every stage; a file that cannot be read is a note with an NC102."""
    from notecheck.read import load_plugins, read_path

    note = read_path(path, display, load_plugins())
    return check_loaded(note, config)


def check_loaded(note: Note, config: Config) -> NoteResult:
    """A read note through the later stages, each handed the one before's data: its
    formulas parsed, what it says read from them, its claims judged."""
    from notecheck.check import check_note
    from notecheck.latex import parse_formulas
    from notecheck.memory_limit import memory_limit
    from notecheck.meaning import read_meaning

    trees, errors, parse_findings = parse_formulas(note, config)
    try:
        with time_limit(NOTE_TIME_LIMIT), memory_limit(NOTE_MEMORY_LIMIT):
            meaning = read_meaning(note, trees)
            result = check_note(note, trees, meaning, config)
    except NoteTimeout:
        result = NoteResult(note=note, trees=trees)
        result.findings.append(Finding("NC901", f"{TIMED_OUT} {NOTE_TIME_LIMIT} s; "
                                       "its claims are reported unverified", line=1))
    except MemoryError:
        result = NoteResult(note=note, trees=trees)
        result.findings.append(Finding("NC901", f"{OUT_OF_MEMORY} {NOTE_MEMORY_LIMIT >> 20} MB; "
                                       "its claims are reported unverified", line=1))
    except Exception as error:  # a bug in a checker must not end the run
        result = NoteResult(note=note, trees=trees)
        result.findings.append(Finding("NC901", f"notecheck crashed on this note ({type(error).__name__}: "
                                       f"{error}); please report it", line=1))
    result.trees, result.parse_errors = trees, errors
    every = [*note.findings, *parse_findings, *result.findings]
    result.findings = visible_findings(note, every, config)
    mark_suppressed_claims(result, every)
    return result


def visible_findings(note: Note, findings: list[Finding], config: Config) -> list[Finding]:
    """Drop disabled and suppressed codes and duplicates; order by place in the note. A
    duplicate (a step a note repeats word for word) reports its claims through the one
    kept, so that they are not counted as suppressed (`mark_suppressed_claims`)."""
    kept: dict[tuple, Finding] = {}
    file_wide = note.suppressions.get(0)
    for finding in findings:
        if finding.code in config.disable or _suppressed(finding, note.suppressions.get(finding.line)):
            continue
        if file_wide is not None and _suppressed(finding, file_wide):
            continue
        key = (finding.code, finding.cell, finding.line, finding.col, finding.message)
        first = kept.get(key)
        kept[key] = finding if first is None else replace(first, claims=first.claims + finding.claims)
    return sorted(kept.values(), key=lambda f: (f.cell or 0, f.line, f.col, f.code))


def mark_suppressed_claims(result: NoteResult, every: list[Finding]) -> None:
    """A failed or unverified claim none of whose findings is shown is `suppressed`: the
    summaries then agree with the findings the user sees."""
    shown = {i for finding in result.findings for i in finding.claims}
    for i in {i for finding in every for i in finding.claims} - shown:
        if result.claims[i].verdict != VERIFIED:
            result.claims[i].suppressed = True


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
