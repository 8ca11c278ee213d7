"""`python -m notecheck` and the `notecheck` command (pyproject's `[project.scripts]`)."""

import gc
import os
import sys


def run() -> None:
    """The command, with the garbage collector kept off what the command loads.

    Nearly every object made while the modules load lives to the end of the run, so the
    collector's passes over them find nothing: it is off while the command starts (a
    run of many notes turns it back on once everything is loaded, `pipeline.settle`; a
    run of a few notes ends before its garbage matters). A finished command then ends
    without the interpreter's teardown (`leave`). The two were a fifth of a one-note check;
    the regular expressions compiled at an earlier run (`compiled_patterns`) a sixth.
    """
    gc.disable()
    from notecheck import compiled_patterns

    compiled_patterns.load()  # before the modules that compile them load
    from notecheck.cli import main

    try:
        main()
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            compiled_patterns.save()
            leave(done.code or 0)
        raise


def leave(status: int) -> None:
    """End the process with `status` now that everything is written, without the
    interpreter's teardown, which collects every object once more and frees them one by
    one (mypy ends the same way). Every file is closed by then (`with` blocks) and any
    process pool shut down; only the standard streams may still hold output."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away: the interpreter says so, as it always has
        return
    os._exit(status)


if __name__ == "__main__":
    run()
