"""Where each page and copied file of the site goes, kept inside the output folder.

Note paths and `permalink` front matter come from untrusted notes: `../../etc/x`,
`/abs/path`, `C:\\x`, NUL bytes and Windows device names must all land on a harmless
relative path under the output folder. Linked files are only ever read from inside the
notes' root folder, so a note cannot copy `/etc/passwd` into a published site.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

# Top-level names the site itself uses; a note's page never takes them.
RESERVED_DIRS = frozenset({"tags", "static"})
RESERVED_FILES = frozenset({"index.html", ".notecheck-site"})
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
UNSAFE_CHARS = re.compile('[\x00-\x1f\x7f<>:"|?*\ud800-\udfff]')  # and lone surrogates: bytes not UTF-8
MAX_SEGMENT = 120


def safe_segments(raw: str) -> list[str]:
    """Path segments of `raw` that are safe file names: no `..`, drive, NUL or device."""
    segments = []
    raw = re.sub(r"^[A-Za-z]:(?=[\\/])", "", raw)  # a Windows drive: C:\x, C:/x
    for part in re.split(r"[\\/]+", raw):
        part = UNSAFE_CHARS.sub("_", part).strip().rstrip(". ")
        if part in ("", ".", ".."):
            continue
        if part.split(".")[0].lower() in WINDOWS_DEVICES:
            part = "_" + part
        segments.append(within_bytes(part, MAX_SEGMENT))
    return segments


def within_bytes(part: str, limit: int) -> str:
    """`part` cut to at most `limit` bytes of UTF-8 at a character boundary: file systems
    count bytes (255), and a CJK character is 3 of them."""
    data = part.encode("utf-8")
    if len(data) <= limit:
        return part
    return data[:limit].decode("utf-8", "ignore").rstrip(". ")


def page_path(note_path: str, permalink: object, root: Path, resolved: Path | None = None) -> PurePosixPath:
    """The page's path inside the site: from `permalink` if the note sets one, else from
    the note's path relative to `root`, with `.html` for its suffix. `resolved`, if given,
    is the note's path resolved, and `root` is resolved too (a site's plan has both: each
    resolved again here was half the time of planning a site)."""
    if isinstance(permalink, str) and permalink.strip():
        segments = safe_segments(permalink)
        if permalink.rstrip().endswith(("/", "\\")) or not segments:
            segments.append("index.html")
        elif not segments[-1].lower().endswith((".html", ".htm")):
            segments[-1] += ".html"
    else:
        segments = safe_segments(str(PurePosixPath(*_relative_parts(note_path, root, resolved))))
        stem = segments[-1].rsplit(".", 1)[0] if segments and "." in segments[-1] else None
        if segments:
            segments[-1] = ((stem or segments[-1]).strip() or "note") + ".html"
    if not segments:
        segments = ["note.html"]
    if len(segments) > 1 and segments[0].lower() in RESERVED_DIRS:
        segments[0] = "n-" + segments[0]
    return PurePosixPath(*segments)


def _relative_parts(note_path: str, root: Path, resolved: Path | None = None) -> tuple[str, ...]:
    path = Path(note_path)
    try:
        if resolved is not None:
            return resolved.relative_to(root).parts
        return path.resolve().relative_to(root.resolve()).parts
    except (ValueError, OSError):
        return (path.name,)


def unique_pages(wanted: list[PurePosixPath]) -> list[PurePosixPath]:
    """`wanted` with clashes (case-insensitive, as on macOS and Windows) and reserved
    names resolved by numbering: `a.html`, `a-2.html`, ... First come, first served."""
    taken = {name.lower() for name in RESERVED_FILES}
    out = []
    for path in wanted:
        candidate, n = path, 1
        while str(candidate).lower() in taken:
            n += 1
            candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        taken.add(str(candidate).lower())
        out.append(candidate)
    return out


def common_root(resolved_notes: list[Path]) -> Path:
    """The deepest folder holding every note (each path resolved): page paths are
    relative to it."""
    if not resolved_notes:
        return Path.cwd()
    parents = [str(p.parent) for p in resolved_notes]
    try:
        return Path(os.path.commonpath(parents))
    except ValueError:  # different drives on Windows
        return Path.cwd()


def is_remote(href: str) -> bool:
    """A link with a scheme (`https:`, `mailto:`, `data:`) or a protocol-relative `//host`."""
    parts = urlsplit(href)
    return bool(parts.scheme) or href.startswith("//")


def local_target(href: str, note_dir: Path, root: Path) -> Path | None:
    """The file a relative `href` of a note points to, if it exists inside `root`.

    A leading `/` is relative to `root` (the blog's site root). Query and fragment are
    ignored; `%20` and friends are decoded.
    """
    parts = urlsplit(href)
    target = unquote(parts.path)
    if not target or "\x00" in target:
        return None
    base = root if target.startswith("/") else note_dir
    try:
        path = (base / target.lstrip("/")).resolve()
        path.relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return path if path.is_file() else None


def within_sources(path: Path, sources: tuple[Path, ...] | None) -> bool:
    """True when `path` is inside a folder given for notes, or is a file given by name.
    The folders' common parent is not enough: `build notes /etc/hostname` would make it
    `/`, and a note's `../../../../etc/shadow` would be published. None allows all."""
    if sources is None:
        return True
    return any(path == source or (source.is_dir() and path.is_relative_to(source)) for source in sources)


def asset_destination(source: Path, root: Path, href: str, page: PurePosixPath) -> PurePosixPath:
    """Where a linked file is copied: beside the page at the same relative path when that
    stays inside the site and off reserved names, else `hashed_destination`."""
    relative = unquote(urlsplit(href).path)
    if not relative.startswith("/"):
        joined = posixpath.normpath(posixpath.join(str(page.parent), relative.replace("\\", "/")))
        segments = joined.split("/")
        safe = safe_segments(joined)
        if (
            not joined.startswith("../")
            and joined != ".."
            and safe == segments
            and not (len(safe) > 1 and safe[0].lower() in RESERVED_DIRS)
            and joined.lower() not in RESERVED_FILES
            and not joined.lower().endswith((".html", ".htm"))
        ):
            return PurePosixPath(joined)
    return hashed_destination(source, root)


def hashed_destination(source: Path, root: Path) -> PurePosixPath:
    """`static/assets/<hash of the path in root>/<name>`: unique per source file, and the
    same on every machine (the hash is of the relative path)."""
    key = source.relative_to(root.resolve()).as_posix()
    import hashlib  # here: a rebuild with nothing to do looks links up, copies nothing

    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    name = (safe_segments(source.name) or ["file"])[-1]
    return PurePosixPath("static", "assets", digest, name)


def relative_url(page: PurePosixPath, target: PurePosixPath, fragment: str = "") -> str:
    """A relative link from `page` to `target`, percent-encoded.

    Site paths are relative and hold no `..`, so the link is worked out from their parts:
    `posixpath.relpath` would ask the operating system for the working folder twice per link
    (about 2% of rendering a page) only to strip it off again. Any other path goes through
    `posixpath.relpath` as before."""
    start = page.parent.parts
    path = target.parts
    if page.is_absolute() or target.is_absolute() or ".." in start or ".." in path:
        rel = posixpath.relpath(str(target), str(page.parent))
    else:
        common = 0
        for common_part, path_part in zip(start, path):
            if common_part != path_part:
                break
            common += 1
        rel = "/".join([".."] * (len(start) - common) + list(path[common:])) or "."
    return quote(rel) + (f"#{quote(fragment)}" if fragment else "")
