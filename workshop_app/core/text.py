"""Plain-text helpers shared by every layer's messages."""

from __future__ import annotations


def clip(text: str, limit: int = 60) -> str:
    """User text for a sentence: its whitespace (line breaks too) collapsed to single spaces,
    at most `limit` characters, ending in "…" when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
