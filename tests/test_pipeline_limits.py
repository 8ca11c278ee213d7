"""One note that hangs or crashes a checker is reported; the run goes on."""

import time

import notecheck.pipeline as pipeline
from notecheck.config import Config
from notecheck.read import read_text


def test_a_note_that_hangs_the_checker_is_cut_off_even_through_broad_excepts(monkeypatch):
    def stubborn(note, trees, meaning, config):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                time.sleep(0.01)
            except Exception:  # a checker keeping one claim's failure local must not eat the limit
                pass

    monkeypatch.setattr("notecheck.check.check_note", stubborn)
    monkeypatch.setattr(pipeline, "NOTE_TIME_LIMIT", 0.3)
    start = time.monotonic()
    result = pipeline.check_loaded(read_text("$x = y$\n", "hang.md"), Config())
    assert time.monotonic() - start < 5
    assert [f.code for f in result.findings] == ["NC901"]
    assert "took over" in result.findings[0].message


def test_a_checker_crash_becomes_a_finding(monkeypatch):
    def broken(note, trees, meaning, config):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("notecheck.check.check_note", broken)
    result = pipeline.check_loaded(read_text("$x = y$\n", "crash.md"), Config())
    assert [f.code for f in result.findings] == ["NC901"]
    assert "ZeroDivisionError" in result.findings[0].message
    assert result.trees and result.trees[0] is not None  # what was parsed is kept


def test_the_pool_is_handed_a_few_notes_ahead_not_the_whole_run():
    """Each note handed to the pool waits there with its result until the main process
    takes it: with every note handed out at once, a long run's memory grew with it."""
    from concurrent.futures import Future

    class Pool:
        handed = 0

        def submit(self, fn, *task):
            Pool.handed += 1
            done = Future()
            done.set_result(task[0])
            return done

    taken = []
    for result in pipeline.in_order(Pool(), ((n, None, None, True) for n in range(100)), ahead=8):
        taken.append(result)
        assert Pool.handed <= len(taken) + 8
    assert taken == list(range(100))
