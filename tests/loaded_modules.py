"""Which of some modules a `notecheck` command loads: the command run in a fresh Python,
the names that are loaded listed as it ends (it ends with os._exit, see
`notecheck.__main__.leave`, so the listing hooks that)."""

import subprocess
import sys

SCRIPT = """
import os, runpy, sys
names, sys.argv = sys.argv[1].split(","), ["notecheck", *sys.argv[2:]]


def loaded(status=0):
    print(sorted(name for name in names if name in sys.modules), file=sys.stderr)
    sys.stderr.flush()
    exit_now(0)  # the modules are what is asked, whatever the command found


exit_now, os._exit = os._exit, loaded
try:
    runpy.run_module("notecheck", run_name="__main__")
except SystemExit:
    loaded()
"""


def loaded_modules(names, *args, cwd=None) -> str:
    """The loaded ones of `names` after `notecheck *args`, as the list's text."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(names), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=True, timeout=120)
    return done.stderr.strip().splitlines()[-1]
