"""How far a PDF under examination may expand: a cap on decompression, checked before parsing.

A compressed stream of 1 MB can inflate to 1 GB (a "decompression bomb"). Before `verify` (and so
`import`) hands a file to pypdf or pyHanko, every Flate stream in it is inflated here in small
pieces that are counted and thrown away, so memory stays flat whatever the file holds (a stream
written as ASCII85 text, as reportlab writes pages, is turned back into bytes first). A file is
refused when one stream would inflate beyond `MAX_STREAM_BYTES` (a genuine summary's largest is
its embedded workshop, at most 50 MB), or all of them together beyond `MAX_TOTAL_RATIO` times
the file's size (at least `MIN_TOTAL_BYTES`). pyHanko gets the same caps for what it decodes
itself (`DECODE_LIMITS`); pypdf caps every stream at 75 MB on its own.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from typing import Any

MiB = 1024 * 1024
MAX_STREAM_BYTES = 64 * MiB
MAX_TOTAL_RATIO = 100
MIN_TOTAL_BYTES = 256 * MiB
_PIECE = 256 * 1024  # input and output are handled this many bytes at a time
_FIRST_PIECE = 4 * 1024  # the first piece of a stream's input (see `_inflated_size`)
#: The start of a stream written as ASCII85 text (Adobe's "<~" prefix allowed).
_ASCII85 = re.compile(rb"(?:<~)?[!-uz\s]{16}")


def decompression_problem(pdf_bytes: bytes) -> str | None:
    """One sentence when the file's compressed parts expand beyond the caps, else None."""
    budget = max(MIN_TOTAL_BYTES, MAX_TOTAL_RATIO * len(pdf_bytes))
    view = memoryview(pdf_bytes)
    total = 0
    for start in _stream_starts(pdf_bytes):
        size = _inflated_size(view[start:], MAX_STREAM_BYTES)
        if size == 0 and _ASCII85.match(pdf_bytes, start):
            size = _ascii85_inflated_size(pdf_bytes, start, MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            return (
                "The file holds a compressed part that would expand to more than "
                f"{MAX_STREAM_BYTES // MiB} MB, far beyond any workshop summary, so it was not "
                "opened."
            )
        total += size
        if total > budget:
            return (
                "The file's compressed parts would expand to more than "
                f"{budget // MiB} MB in all, far beyond any workshop summary, so it was not opened."
            )
    return None


def _stream_starts(pdf_bytes: bytes) -> Iterator[int]:
    """Where each stream's data starts: after "stream" (not "endstream", which is an end) and
    its end of line (CR LF, LF or CR). Found with bytes.find: a regular expression with a
    look-behind took twice as long over a file of megabytes."""
    at = pdf_bytes.find(b"stream")
    while at >= 0:
        end = at + len(b"stream")
        if pdf_bytes[max(at - 3, 0) : at] != b"end":
            if pdf_bytes.startswith(b"\r\n", end):
                yield end + 2
            elif pdf_bytes.startswith((b"\n", b"\r"), end):
                yield end + 1
        at = pdf_bytes.find(b"stream", end)


def _ascii85_inflated_size(pdf_bytes: bytes, start: int, cap: int) -> int:
    """As `_inflated_size`, for Flate data written as ASCII85 text (ending in "~>")."""
    end = pdf_bytes.find(b"~>", start)
    if end < 0:
        return 0
    text = pdf_bytes[start:end].lstrip()
    try:
        data = base64.a85decode(text.removeprefix(b"<~"))  # at most the file's size
    except ValueError:
        return 0
    return _inflated_size(memoryview(data), cap)


def inflate(data: bytes) -> bytes:
    """zlib data inflated, strictly (a truncated or damaged stream raises zlib.error) and no
    further than `MAX_STREAM_BYTES` (beyond it raises TooLargeError)."""
    inflater = zlib.decompressobj()
    result = inflater.decompress(data, MAX_STREAM_BYTES + 1)
    if len(result) > MAX_STREAM_BYTES:
        raise TooLargeError(f"a compressed part expands beyond {MAX_STREAM_BYTES // MiB} MB")
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return result


class TooLargeError(ValueError):
    """A compressed part that would expand beyond the caps."""


def _inflated_size(data: memoryview, cap: int) -> int:
    """How many bytes the zlib stream at the start of `data` inflates to, counting no further
    than just past `cap`; 0 when `data` does not start with zlib data."""
    # Input in pieces growing to _PIECE: at a stream's end zlib copies what is left of the
    # piece (`unused_data`), and most streams are a few kilobytes, so pieces of _PIECE copied
    # a quarter of a megabyte per stream (200 MB for a summary of 800 pages). The pieces only
    # matter for damaged data, where what inflated before the failing piece counts: a stream
    # damaged after some output is counted again in pieces of _PIECE, as before (one that
    # passes the cap before its damage is caught on the way, which only makes it stricter).
    size = _inflate_in_pieces(data, cap, _FIRST_PIECE)
    return size if size >= 0 else _inflate_in_pieces(data, cap, _PIECE)


def _inflate_in_pieces(data: memoryview, cap: int, first: int) -> int:
    """`_inflated_size` with input pieces of `first` bytes growing fourfold to _PIECE; -1
    when the data turns out damaged after some output and the pieces were smaller."""
    inflater = zlib.decompressobj()
    size = 0
    start, piece = 0, first
    try:
        while start < len(data):
            pending: Any = data[start : start + piece]
            start, piece = start + piece, min(4 * piece, _PIECE)
            while pending:
                size += len(inflater.decompress(pending, _PIECE))
                if size > cap or inflater.eof:
                    return size
                pending = inflater.unconsumed_tail
    except zlib.error:
        # Not Flate data, or damaged: what it inflated to so far is what counts.
        return size if size == 0 or first == _PIECE else -1
    return size


def decode_limits() -> Any:
    """The same caps for pyHanko's own decoding (its readers take them as `decode_limits`)."""
    from pyhanko.pdf_utils.decode_limits import (
        DecodeLimits,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=MAX_STREAM_BYTES),
        document_budget=DocumentDecodeBudget(
            base_allowance=MIN_TOTAL_BYTES, max_ratio=MAX_TOTAL_RATIO
        ),
    )
