"""A text made ready for a cheap look for words (property words, layout words, the
summation convention's names) before the regular expression that reads them is tried."""

from __future__ import annotations

from notecheck.meaning.per_note import per_note


def mention_text(text: str) -> str | None:
    """`text` lowercased, in which a property word (lowercase ASCII or CJK) is a substring
    wherever `re.I` can match it: a cheap test that spares the regular expression for the
    many words a text does not hold. None when `text` holds one of the four letters that
    `re.I` also matches to an ASCII one (İ ı ſ and the Kelvin sign, which `lower` keeps
    apart or lengthens): then every word is tried."""
    if "İ" in text or "ı" in text or "ſ" in text or "\u212a" in text:
        return None
    return text.lower()


@per_note
def note_mention_text(note) -> str | None:
    """`mention_text` of a note's whole text, lowered once for the questions that each look
    through the note (square callings, another example, spoken properties)."""
    return mention_text(note.text)
