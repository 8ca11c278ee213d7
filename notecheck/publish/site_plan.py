"""Where every note's page goes and which tags the site lists, known before any note is
checked, and what the index and tag pages show of each note.

A page links to other notes' pages and to its tags' pages, so rendering one needs every
note's page (from the note's path and its front matter's `permalink`) and every tag (its
front matter's `tags`). Both come from front matter alone, which the reader gives without
reading the notes (`notecheck.read.read_front_matter`): with that plan made first, each
note's page is rendered in the process that checks the note, from what it already holds.
The plan keeps what it assumed of each note, and the build holds it against each note as
read (`SitePlan.holds`): should a reader give other front matter (a plugin's reader, which
the plan does not run), the build starts again from the front matter the notes gave.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from notecheck.records import Record
from notecheck.result import NoteResult
from notecheck.publish.site_paths import common_root, page_path, safe_segments, unique_pages

DATE_KEYS = ("date", "createdAt", "created", "updated")
TEXT_SAMPLE = 4000  # characters of a note's text that tell its language
CHINESE = re.compile("[\u4e00-\u9fff]")  # found by the regular expression, not a character at a time


class PageEntry(Record):
    """One note's page as the index and tag pages list it."""

    result: NoteResult
    path: PurePosixPath
    title: str
    date: str
    tags: list[str]
    counts: dict[str, int]
    lang: str


class SitePlan(Record):
    """Every note's page and every tag's page of one site. `notes` are the notes' paths
    as reported, in the order the pages are written (sorted); `pages` and `assumed` (the
    permalink and tags each page was placed by) are aligned with them."""

    root: Path
    notes: list[str]
    pages: list[PurePosixPath]
    note_pages: dict[Path, PurePosixPath]
    tag_pages: dict[str, PurePosixPath]
    assumed: list[tuple[Any, list[str]]]

    def holds(self, index: int, note: Any) -> bool:
        """Whether the note read for page `index` is the one the plan placed: same path,
        permalink and tags."""
        meta = front_matter(note)
        return note.path == self.notes[index] and self.assumed[index] == (meta.get("permalink"), note_tags(meta))


def plan_site(notes: list[tuple[str, dict | None]], root: Path | None = None) -> SitePlan:
    """The plan of a site of `notes`, each its path as reported and its front matter (None:
    unknown, taken as none), in any order. `root` is the folder page paths are relative to
    (default: the deepest folder holding every note)."""
    ordered = sorted(notes, key=lambda note: note[0])
    resolved = [Path(path).resolve() for path, _ in ordered]  # once each (a resolve is a stat per folder)
    root = (root or common_root(resolved)).resolve()
    metas = [meta if isinstance(meta, dict) else {} for _, meta in ordered]
    pages = unique_pages([page_path(path, meta.get("permalink"), root, resolved_path)
                          for (path, _), meta, resolved_path in zip(ordered, metas, resolved)])
    return SitePlan(root=root, notes=[path for path, _ in ordered], pages=pages,
                    note_pages=dict(zip(resolved, pages)),
                    tag_pages=tag_page_paths({t for meta in metas for t in note_tags(meta)}),
                    assumed=[(meta.get("permalink"), note_tags(meta)) for meta in metas])


def tag_page_paths(tags: set[str]) -> dict[str, PurePosixPath]:
    ordered = sorted(tags)
    wanted = [PurePosixPath("tags", "-".join(safe_segments(t)) or "tag") for t in ordered]
    unique = unique_pages([p.with_name(p.name + ".html") for p in wanted])
    return dict(zip(ordered, unique))


def page_entry(result: NoteResult, path: PurePosixPath) -> PageEntry:
    note = result.note
    meta = front_matter(note)
    return PageEntry(result, path, str(note.title or Path(note.path).name), note_date(meta),
                     note_tags(meta), result.counts(), note_lang(note))


def index_entry(result: NoteResult, path: PurePosixPath) -> PageEntry:
    """A note's entry as a build that keeps only an index view of each note makes it
    (`NoteResult.index_view`: its claims counted by verdict alone)."""
    return page_entry(result.index_view(text=lang_sample(result.note)), path)


def front_matter(note: Any) -> dict:
    """The note's front matter, or {} when it is not a mapping (a YAML list, a string)."""
    return note.front_matter if isinstance(note.front_matter, dict) else {}


def note_lang(note: Any) -> str:
    """`lang` from front matter, else 'zh' for a note with Chinese text (the theme sets
    CJK line height and fonts by it), else 'en'."""
    lang = front_matter(note).get("lang")
    if isinstance(lang, str) and lang.replace("-", "").isalnum():
        return lang
    sample = str(note.title) + note.text[:TEXT_SAMPLE]
    return "zh" if CHINESE.search(sample) else "en"


def lang_sample(note: Any) -> str:
    """Of a note's text, what decides `note_lang`: its first Chinese character, if any
    (an index view of the note keeps only this)."""
    first = CHINESE.search(note.text, 0, TEXT_SAMPLE)
    return first.group() if first else ""


def note_date(front_matter: dict) -> str:
    """The note's date as written (a YAML date or datetime shown as YYYY-MM-DD)."""
    for key in DATE_KEYS:
        value = front_matter.get(key)
        if value is None or value == "":
            continue
        if hasattr(value, "isoformat"):
            return value.isoformat()[:10]
        return str(value)
    return ""


def note_tags(front_matter: dict) -> list[str]:
    """Tags as a sorted list of distinct strings: a YAML list, or a string of tags
    separated by commas or spaces (Jekyll accepts both)."""
    raw = front_matter.get("tags")
    if isinstance(raw, str):
        items = raw.replace(",", " ").split()
    elif isinstance(raw, (list, tuple)):
        items = [str(t) for t in raw if isinstance(t, (str, int, float))]
    else:
        items = []
    return sorted({t.strip() for t in items if t.strip()})
