"""`python -m notecheck`: the same as the `notecheck` command."""

from notecheck.cli import main

main()
