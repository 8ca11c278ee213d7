"""Stage 1, files → Note: discovery, Markdown with every formula at its exact place, front
matter, reader plugins.

Knows nothing of LaTeX's meaning: a formula is text with a position. Offers `discover`
(the notes under the paths given), `read_path` / `read_text` / `read_markdown` (a `Note`,
bad content becoming findings on it), `load_plugins` / `installed_plugins`, `json_line_starts` / `raw_offset`
(a notebook cell's lines in the `.ipynb` file itself), `normalize_newlines` (the line
breaks every later stage's offsets assume), `markdown_parser` (markdown-it as notes are
read with these plugins, made once per process), and the `Note`, `Formula` and
`Paragraph` records that every later stage reads.
"""

from notecheck.read.decode import normalize_newlines
from notecheck.read.discover import MissingPath, discover
from notecheck.read.front_matter import heading_text
from notecheck.read.json_strings import json_line_starts, raw_offset
from notecheck.read.markdown import markdown_parser
from notecheck.read.note import Formula, Note, Paragraph
from notecheck.read.plugins import PluginError, installed_plugins, load_plugins
from notecheck.read.read import read_front_matter, read_markdown, read_path, read_text

__all__ = [
    "discover", "MissingPath", "read_path", "read_front_matter", "read_text", "read_markdown", "heading_text",
    "load_plugins", "installed_plugins", "PluginError", "Note", "Formula", "Paragraph",
    "json_line_starts", "raw_offset", "normalize_newlines", "markdown_parser",
]
