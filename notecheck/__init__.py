"""notecheck: lint matrix-calculus derivations in Markdown notes and publish them annotated."""

__version__ = "0.2.0"

# The project's public home; SARIF's rule help links point at the README's findings table there.
HELP_URL = "https://github.com/notecheck/notecheck"
