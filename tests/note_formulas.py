"""Every formula of the notes in some folders, as the reader finds it: the tests that
hold a fast path to the code it replaces (the lexer's scanner, the MathML writer) run
both over all of them."""

from pathlib import Path

from notecheck.read import load_plugins, read_path

NOTE_SUFFIXES = {".md", ".txt", ".ipynb", ".markdown"}


def formulas_in(folders: list[Path]) -> list[str]:
    plugins = load_plugins()
    out = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix in NOTE_SUFFIXES:
                out.extend(f.latex for f in read_path(path, None, plugins).formulas)
    return out
