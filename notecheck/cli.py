"""The `notecheck` command: `check` (the linter), `build` (the site), `rules` (the codes).

Exit status follows linter habits: 0 nothing wrong, 1 an error finding, 2 the command
could not do its job (bad usage, missing path, unreadable config, I/O failure).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import click

from notecheck import __version__
from notecheck.config import LAYOUTS, ConfigError, load, with_options

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
REPLANS = 2  # builds made again when the notes' front matter was not what the site's plan assumed
LONE_SURROGATE = "[\ud800-\udfff]"  # compiled only for a text that has one (a range this wide takes 0.3 ms)


def _fail(message: str) -> None:
    click.echo(f"notecheck: {message}", err=True)
    sys.exit(EXIT_USAGE)


def printable(text: str) -> str:
    """`text` with U+FFFD for the lone surrogates a file name that is not UTF-8 decodes
    to: a report must print on a strict UTF-8 stream too."""
    try:
        text.encode("utf-8")  # fails on a lone surrogate and on nothing else
    except UnicodeEncodeError:
        return re.sub(LONE_SURROGATE, "\ufffd", text)
    return text


def _config(paths: tuple[Path, ...], include, exclude, disable, layout):
    try:
        base = load(paths[0] if paths else Path.cwd())
        return with_options(base, include=include, exclude=exclude, disable=disable, layout=layout)
    except ConfigError as error:
        _fail(f"{error}. Fix it in pyproject.toml.")


def _files(paths, config, gitignore: bool, empty_report=None):
    """The notes to read. When there are none, `empty_report` (json/sarif) is printed so
    that a tool reading stdout still gets a valid document. Files named on the command
    line that the configuration excludes are no error (pre-commit names every staged
    file): exit 0. Folders holding no note are one (exit 2): the path is likely wrong."""
    from notecheck.config import DEFAULT_INCLUDE
    from notecheck.read import MissingPath, discover

    def notice(message: str) -> None:
        click.echo(f"notecheck: {message}", err=True)

    try:
        files = discover(list(paths), config.include, config.exclude, config.root, filter_named=True,
                         include_named=config.include != DEFAULT_INCLUDE, gitignore=gitignore, notice=notice)
    except MissingPath as missing:
        _fail(f"no such file or folder: {missing}. Check the path, or run `notecheck check .`.")
    if files:
        return files
    if empty_report is not None:
        click.echo(empty_report([]), nl=False)
    if all(path.is_file() for path in paths):
        notice("every file named is excluded by the include/exclude settings; nothing to check")
        sys.exit(EXIT_CLEAN)
    _fail("no notes found (looked for " + ", ".join(config.include) + "). "
          "Name files directly or pass --include '**/*.txt'.")


def _cache(config):
    from notecheck.cache import open_cache

    return open_cache(config)


def _run(files, config, jobs, label, cache=None) -> list:
    return list(_checked(files, config, jobs, label, cache, bar=sys.stderr.isatty()))


def _checked(files, config, jobs, label, cache=None, *, bar: bool):
    """Each file's result (without trees), in the order of `files`, as it is checked;
    with a progress bar on stderr when `bar` and there are several notes."""
    from notecheck.pipeline import each
    from notecheck.read import PluginError

    try:
        checked = (result for result, _, _ in each(files, config, jobs=jobs, cache=cache, slim=True))
        if bar and len(files) > 1:
            with click.progressbar(checked, length=len(files), label=label, file=sys.stderr) as shown:
                yield from shown
        else:
            yield from checked
    except PluginError as error:
        _fail(f"{error}. Reinstall or uninstall that plugin (pip), then run again.")
    except OSError as error:
        _fail(f"cannot read {error.filename or 'a note'}: {error.strerror or error}. Check its permissions.")


_common = [
    click.argument("paths", nargs=-1, type=click.Path(path_type=Path), required=True),
    click.option("--include", multiple=True, metavar="GLOB",
                 help="Read files in folders matching GLOB (repeatable). Default: **/*.md, **/*.markdown, **/*.ipynb, "
                      "**/*.qmd, **/*.Rmd, **/*.rmd."),
    click.option("--exclude", multiple=True, metavar="GLOB",
                 help="Skip files matching GLOB (repeatable), named files too. Include globs you set (here or in "
                      "[tool.notecheck]) also filter named files; by default a named file is read whatever its "
                      "extension."),
    click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
                 help="In folders, skip what git ignores (.gitignore, .git/info/exclude), as ruff and ripgrep do."),
    click.option("--disable", multiple=True, metavar="CODE", help="Never report CODE, e.g. NC701 (repeatable)."),
    click.option("--layout", type=click.Choice(LAYOUTS),
                 help="Layout for notes that declare none (default: inferred from the note's claims)."),
    click.option("--jobs", "-j", type=click.IntRange(1), help="Notes checked in parallel (default: all cores)."),
    click.option("--no-cache", is_flag=True,
                 help="Check every note afresh and keep nothing (default: reuse .notecheck_cache/ at the project root)."),
]


def common_options(function):
    for option in reversed(_common):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notecheck")
def main():
    """Check matrix-calculus derivations in Markdown/LaTeX notes, and publish them annotated.

    \b
    notecheck check notes/        lint: path:line:col: CODE message, exit 1 on errors
    notecheck check --fix notes/  also put the re-derived result in place of a wrong one
    notecheck build notes/        write the notes as a static site (default: site/)
    notecheck rules               list every finding code

    Settings can live in pyproject.toml under [tool.notecheck] (include, exclude, disable,
    layout); exclude applies to files named on the command line too. Suppress a finding
    on one line with <!-- notecheck: ignore NC501 -->.
    """


@main.command()
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Report format: text for people, json/sarif for tools, github for Actions.")
@click.option("--show-info", is_flag=True,
              help="Also list info findings (unverified claims) in the text, SARIF and GitHub reports.")
@click.option("--fix", is_flag=True, help="Replace each wrong right-hand side by the re-derived one, in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff: also fix warnings (e.g. the other layout).")
@click.option("--diff", is_flag=True, help="Show the fixes as a unified diff; change no file.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", metavar="WHEN",
              show_default=True,
              help="Colour the text report. auto: on a terminal, unless NO_COLOR is set (non-empty) or TERM=dumb; "
                   "FORCE_COLOR (non-empty) forces it.")
@click.option("--no-color", "color", flag_value="never", hidden=True)
def check(paths, include, exclude, respect_gitignore, disable, layout, jobs, no_cache, fmt, show_info, fix,
          unsafe_fixes, diff, color):
    """Check the notes in PATHS (files or folders) and report every finding.

    Files named directly are read whatever their extension, but exclude globs (and
    include globs you set) apply to them too, as ruff's force-exclude does, so a draft
    excluded in [tool.notecheck] never blocks a pre-commit run. Folders are searched for
    the include globs, skipping what git ignores and symlinks (each skip is said).
    Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.
    """
    from notecheck.publish import report

    config = _config(paths, include, exclude, disable, layout)
    files = _files(paths, config, respect_gitignore, report.FORMATS[fmt] if fmt in ("json", "sarif") else None)
    cache = None if no_cache else _cache(config)
    if fix or diff:  # every result first: the fixes are written, and what they changed checked again
        results = _apply_fixes(_run(files, config, jobs, "checking", cache), files, config, jobs,
                               write=fix and not diff, unsafe=unsafe_fixes, cache=cache)
    else:  # each note reported as it is checked, and let go (no progress bar where the report is shown)
        results = _checked(files, config, jobs, "checking", cache, bar=sys.stderr.isatty() and not sys.stdout.isatty())
    color = use_color(color, os.environ, sys.stdout.isatty())
    totals: Counter = Counter()
    counted = _counted(results, totals)
    if fmt == "json":
        parts = report.json_parts(counted)
    elif fmt == "text":
        parts = report.text_parts(counted, color=color, show_info=show_info)
    else:
        parts = report.PARTS[fmt](counted, show_info=show_info)
    for part in parts:
        click.echo(printable(part), nl=False, color=color)
    sys.exit(EXIT_FINDINGS if totals["errors"] else EXIT_CLEAN)


def use_color(choice: str, environ, isatty: bool) -> bool:
    """--color always/never wins; in auto, a non-empty NO_COLOR turns colour off and a
    non-empty FORCE_COLOR on (both conventions ignore an empty value), TERM=dumb gets
    none, else colour on a terminal only."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return isatty and environ.get("TERM") != "dumb"


def _apply_fixes(results, files, config, jobs, *, write: bool, unsafe: bool, cache):
    """Write (or show) the edits the findings carry; return the results of a re-check.
    A file that cannot be fixed or written gets an NC109 and the others go on."""
    from notecheck.check import Unfixable, fixed_file, unified_diff
    from notecheck.findings import Finding

    changed, unfixed = [], {}
    for path, result in zip(files, results):
        edits = [f.edit for f in result.findings if f.edit is not None and (f.edit.safe or unsafe)]
        if not edits:
            continue
        try:
            old, new, data = fixed_file(path.read_bytes(), result.note.text, edits)
            if not write:
                click.echo(unified_diff(result.note.path, old, new), nl=False, err=False)
                continue
            path.write_bytes(data)
        except (OSError, Unfixable) as error:
            reason = getattr(error, "strerror", None) or str(error)
            unfixed[path] = Finding("NC109", f"not fixed: {reason}", line=1)
            continue
        changed.append(path)
        click.echo(f"notecheck: fixed {len(edits)} claim{'s' * (len(edits) != 1)} in {result.note.path}", err=True)
    for path, result in zip(files, results):
        if path in unfixed:
            result.findings.insert(0, unfixed[path])
    if not changed:
        return results
    fresh = dict(zip(changed, _run(changed, config, jobs, "re-checking", cache)))
    return [fresh.get(path, result) for path, result in zip(files, results)]


@main.command()
@common_options
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the site to (replaced atomically).")
@click.option("--theme", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder of Jinja2 templates that override the packaged ones (notecheck/publish/templates/) by name.")
@click.option("--strict", is_flag=True, help="Exit 1 when the notes have error findings (for CI).")
def build(paths, include, exclude, respect_gitignore, disable, layout, jobs, no_cache, output, theme, strict):
    """Build PATHS as a static site: every formula typeset, every claim marked.

    The site works from the file system, offline (MathML, no scripts, no CDN). The
    same notes give the same bytes. A failed build leaves the previous site in place.
    """
    config = _config(paths, include, exclude, disable, layout)
    files = _files(paths, config, respect_gitignore)
    record = None if no_cache else _site_record(paths, config, respect_gitignore, output, theme, files)
    if record is not None and (outcome := record.unchanged()) is not None:
        _built(output, outcome, strict)  # the site on disk is this build's: nothing to do
    from notecheck.read import PluginError

    cache = None if no_cache else _cache(config)
    try:
        outcome = _build_site(files, config, jobs, cache, output, theme, paths, record)
    except PluginError as error:
        _fail(f"{error}. Reinstall or uninstall that plugin (pip), then run again.")
    except OSError as error:
        _fail(f"could not write the site to {output}: {error}")
    if record is not None:
        record.save(outcome, cache.plugin_files, complete=not outcome["unwritten"])
    _built(output, outcome, strict)


def _build_site(files, config, jobs, cache, output, theme, paths, record) -> dict:
    """Check the notes and write their site, each note's page rendered in the process
    that checks it: the pages' places come first, from the notes' front matter (a
    `SitePlan`); should a note's reader give other front matter than that plan assumed,
    the site is made again from the notes as read. Returns what the build says."""
    from notecheck.pipeline import display_path, each
    from notecheck.publish import PlanChanged, build_site, page_maker, plan_site
    from notecheck.read import load_plugins, read_front_matter, read_path

    plugins = load_plugins()
    cwd = Path.cwd()
    notes = sorted(((display_path(path, cwd), path) for path in files), key=lambda note: note[0])  # page order
    by_shown = dict(notes)
    plan = plan_site([(shown, read_front_matter(path, shown, plugins)) for shown, path in notes])
    for _ in range(REPLANS + 1):
        summary = Counter()
        pages = page_maker(plan, theme, list(paths), cache)
        pages.prepare()  # the templates, compiled once here for every worker forked from this process
        checked = each([path for _, path in notes], config, jobs=jobs, cache=cache, slim=True, page=pages)
        counted = _counted(checked, summary)
        site = dict(theme=theme, sources=list(paths), cache=cache, record=record, plan=plan,
                    read_note=lambda shown: read_path(by_shown[shown], shown, plugins))
        try:
            if sys.stderr.isatty():
                with click.progressbar(length=len(notes), label="building", file=sys.stderr) as bar:
                    extra = build_site(counted, output, progress=lambda done, total: bar.update(1), **site)
            else:
                extra = build_site(counted, output, **site)
        except PlanChanged as changed:
            plan = changed.plan
            continue
        finally:
            checked.close()  # on a failure, the notes not yet checked are not checked
        return {**{k: summary[k] for k in ("notes", "verified", "failed", "unverified", "suppressed", "errors")},
                "missing": sum(f.code == "NC107" for _, f in extra),
                "unwritten": sorted(path for path, f in extra if f.code == "NC108")}
    _fail("the notes' front matter changed while the site was built; build again")


def _counted(checked, summary: Counter):
    """`checked` (results, or the pipeline's (result, key, page) of each note), each
    result's counts added to `summary` as it passes: the run holds no result for them."""
    from notecheck.publish import report

    for item in checked:
        summary.update(report.summary([item[0] if isinstance(item, tuple) else item]))
        yield item


def _site_record(paths, config, gitignore, output, theme, files):
    """The record of the last build of `output` (see `notecheck.publish.site_record`),
    with this build's inputs besides the notes, the theme and notecheck's environment."""
    from notecheck.cache import Cache, cache_folder, environment_stamp
    from notecheck.publish import SiteRecord

    settings = (config.include, config.exclude, sorted(config.disable), config.layout, str(config.root),
                repr(config.macros), config.cache_dir)
    named = ([str(p) for p in paths], gitignore, str(theme.resolve()) if theme else None)
    return SiteRecord(Cache(cache_folder(config), ""), output.resolve(), (os.getcwd(), settings, named), files,
                      theme, environment_stamp)


def _built(output, outcome, strict) -> None:
    """Say what was built, and exit (1 with --strict when a note has an error)."""
    missing, unwritten = outcome["missing"], outcome["unwritten"]
    click.echo(printable(f"built {output}/ from {outcome['notes']} notes: {outcome['verified']} verified, "
                         f"{outcome['failed']} failed, {outcome['unverified']} unverified"
                         + (f", {outcome['suppressed']} suppressed" if outcome.get("suppressed") else "") + " claims"
                         + (f"; {missing} missing assets" if missing else "")
                         + (f"; no page for {', '.join(unwritten)}" if unwritten else "")))
    sys.exit(EXIT_FINDINGS if strict and outcome["errors"] else EXIT_CLEAN)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown prints the table the README carries.")
def rules(fmt):
    """List every finding code with its severity and meaning."""
    from notecheck.findings import RULES

    if fmt == "markdown":
        click.echo("| code | name | severity | meaning |\n| --- | --- | --- | --- |")
        for r in RULES.values():
            click.echo(f"| {r.code} | {r.name} | {r.severity} | {r.summary} |")
    else:
        for r in RULES.values():
            click.echo(f"{r.code}  {r.severity:<7}  {r.name:<20} {r.summary}")
