"""`<!-- notecheck: disable=NC401 -->` and its kin: which codes are switched off on which
lines (0 for the whole file), never inside code."""

from __future__ import annotations

import re

from notecheck.read.extraction import LineIndex

DIRECTIVE = re.compile(r"<!--\s*notecheck:\s*(ignore-file|ignore)\b(.*?)-->", re.S)
CODE = re.compile(r"\bNC\d{3}\b")


def suppressions_of(text: str, lines: LineIndex, tokens, spans: list[tuple[int, int]]) -> dict[int, frozenset[str]]:
    """`<!-- notecheck: ignore [CODES] -->` → {line: codes}; empty codes means all.

    A directive sharing its line with other content covers that line; one alone on its
    line covers the next non-blank line that is not itself a directive. A covered line
    where a formula is written extends to every line of that formula, delimiters included.
    `ignore-file` anywhere covers the whole file (key 0). Directives in code are examples.
    """
    if "notecheck:" not in text:
        return {}
    in_code = _code_lines(tokens)
    out: dict[int, frozenset[str]] = {}
    standalone: list[tuple[int, frozenset[str]]] = []
    directive_lines: set[int] = set()
    for match in DIRECTIVE.finditer(text):
        line, _ = lines.position(match.start())
        end_line, _ = lines.position(match.end())
        if line in in_code:
            continue
        codes = frozenset(CODE.findall(match.group(2)))
        if match.group(1) == "ignore-file":
            _merge(out, 0, codes)
            continue
        before = text[lines.start(line - 1):match.start()].lstrip(" \t>")
        after = lines.line_text(end_line - 1)[lines.position(match.end())[1] - 1:]
        if before.strip() or DIRECTIVE.sub("", after).strip():
            for covered in _with_formulas(line, spans):
                _merge(out, covered, codes)
        else:
            standalone.append((end_line, codes))
            directive_lines.update(range(line, end_line + 1))
    total = len(lines.starts)
    for end_line, codes in standalone:
        target = end_line + 1
        while target <= total and (target in directive_lines or not lines.line_text(target - 1).strip()):
            target += 1
        if target <= total:
            for covered in _with_formulas(target, spans):
                _merge(out, covered, codes)
    return out


def _with_formulas(line: int, spans: list[tuple[int, int]]) -> range | set[int]:
    covered = {line}
    for opened, closed in spans:
        if opened <= line <= closed:
            covered.update(range(opened, closed + 1))
    return covered


def _merge(out: dict[int, frozenset[str]], line: int, codes: frozenset[str]) -> None:
    known = out.get(line)
    out[line] = codes if known is None else (frozenset() if not known or not codes else known | codes)


def _code_lines(tokens) -> set[int]:
    lines: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines
