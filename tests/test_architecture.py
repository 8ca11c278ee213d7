"""The package's shape: one folder per stage, data flowing one way, no import cycles, no
module over 600 lines, and a `notecheck check` start that loads no site or algebra library.

Imports are read with `ast` from every module of notecheck/, at module level and inside
functions alike: a function-level import is a dependency too, only a later one.
"""

import ast
import subprocess
import sys
from pathlib import Path

from loaded_modules import loaded_modules

PACKAGE = Path(__file__).resolve().parents[1] / "notecheck"
STAGES = ("read", "latex", "meaning", "check", "publish")  # in the order data flows
SHARED = {"notecheck.findings", "notecheck.result", "notecheck.config", "notecheck"}  # data every stage may use
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(module: str, path: Path) -> set[str]:
    """The notecheck modules `module` imports, anywhere in it; `from a import b` counts as
    a.b when b is a module, else as a."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        out.update(name for name in names if name == "notecheck" or name.startswith("notecheck."))
    return out


def executed(importer: str, target: str) -> set[str]:
    """What importing `target` runs: the module and each package `__init__` above it that
    the importer is not itself inside (those are already running)."""
    parts = target.split(".")
    out = {target}
    for k in range(1, len(parts)):
        package = ".".join(parts[:k])
        if not (importer == package or importer.startswith(package + ".")):
            out.add(package)
    return {name for name in out if name in MODULES}


GRAPH = {name: set().union(*(executed(name, t) for t in imported(name, path))) - {name}
         for name, path in MODULES.items()}
DIRECT = {name: imported(name, path) for name, path in MODULES.items()}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_the_import_graph_has_no_cycle():
    """Depth-first search; a back edge is a cycle, reported as the modules around it."""
    state, cycles = {}, []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [name, target]))
            elif target not in state:
                visit(target, trail + [name])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_stage_imports_a_later_stage():
    wrong = [f"{name} imports {target}" for name, targets in DIRECT.items() for target in targets
             if stage(name) and stage(target) and STAGES.index(stage(target)) > STAGES.index(stage(name))]
    assert not wrong, "\n".join(wrong)


def test_only_the_cli_imports_the_pipeline_and_shared_data_imports_no_late_stage():
    importers = sorted(name for name, targets in DIRECT.items() if "notecheck.pipeline" in targets)
    assert importers == ["notecheck.cli"]
    for name in SHARED - {"notecheck"}:
        late = [t for t in DIRECT[name] if t in ("notecheck.cli", "notecheck.pipeline")
                or stage(t) in ("meaning", "check", "publish")]
        assert not late, f"{name} is shared data but imports {late}"


def test_a_stage_is_used_through_what_its_package_names():
    """Another stage imports a stage's package, or a module its `__init__` lists in `__all__`
    (the tree types in `notecheck.latex.expr`, `notecheck.meaning.claims`, ...)."""
    public = {}
    for name in STAGES:
        init = MODULES[f"notecheck.{name}"]
        exported = next((ast.literal_eval(n.value) for n in ast.parse(init.read_text(encoding="utf-8")).body
                         if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "__all__"), [])
        public[name] = {f"notecheck.{name}.{e}" for e in exported if f"notecheck.{name}.{e}" in MODULES}
    wrong = [f"{name} imports {target}" for name, targets in DIRECT.items() for target in targets
             if stage(target) and stage(target) != stage(name) and target != f"notecheck.{stage(target)}"
             and not any(target == p or target.startswith(p + ".") for p in public[stage(target)])]
    assert not wrong, "private modules used across stages:\n" + "\n".join(wrong)


def test_no_module_is_over_600_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long


def test_the_check_command_loads_no_site_or_algebra_library():
    code = ("import sys, notecheck.cli; "
            "print(sorted(m for m in ('jinja2', 'latex2mathml', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_walk_sees_function_level_imports():
    """The checker imports the numeric engine inside functions (numpy stays off the start
    path); the graph must still see that edge, or a cycle through it would go unnoticed."""
    assert "notecheck.check.numeric.compare" in DIRECT["notecheck.check.evidence"]
    assert {"notecheck.meaning", "notecheck.check"} <= DIRECT["notecheck.pipeline"]


WATCHED_BY_CHECK = ("numpy", "jinja2", "latex2mathml", "sympy", "notecheck.publish.site", "notecheck.publish.mathml",
                    "concurrent.futures", "multiprocessing", "importlib.metadata", "yaml", "json")


def loaded_by_check(note) -> str:
    return loaded_modules(WATCHED_BY_CHECK, "check", "--no-cache", "-j", "1", note)


def test_checking_one_note_loads_only_what_that_note_needs(tmp_path):
    """One note is a pre-commit hook's usual load: no site builder, no process pool, no
    importlib.metadata (the plugins' entry points are read directly), no PyYAML for plain
    front matter (`read/simple_yaml.py`), no json for a text report, and numpy only once
    a claim is checked numerically."""
    plain = tmp_path / "plain.md"
    plain.write_text("# Plain\n\nA note with one symbol, $x$, and no claim.\n", encoding="utf-8")
    assert loaded_by_check(plain) == "[]"
    assert loaded_by_check(PACKAGE.parent / "examples" / "least-squares.md") == "['numpy']"


def test_checking_one_note_with_the_cache_loads_no_package_metadata_reader(tmp_path):
    """A pre-commit hook runs `check` with its cache, whose key names the plugins
    installed and their versions: those are read from the metadata files, not through
    importlib.metadata (~25 ms of a one-note check)."""
    plain = tmp_path / "plain.md"
    plain.write_text("# Plain\n\nA note with one symbol, $x$, and no claim.\n", encoding="utf-8")
    assert loaded_modules(("importlib.metadata", "email", "zipfile"), "check", plain, cwd=tmp_path) == "[]"
    assert (tmp_path / ".notecheck_cache").is_dir()  # the cache was opened and written
