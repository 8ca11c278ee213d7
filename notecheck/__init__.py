"""notecheck: lint matrix-calculus derivations in Markdown notes and publish them annotated."""

__version__ = "0.1.0"
