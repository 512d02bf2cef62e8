"""The decompression caps a PDF under examination is measured against (report/limits.py)."""

from __future__ import annotations

import random
import zlib

from workshop_app.report import limits


def _in_whole_pieces(data: memoryview, cap: int) -> int:
    """The measure as it was, input fed in pieces of 256 KB from the start."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(data), limits._PIECE):
            pending = data[start : start + limits._PIECE]
            while pending:
                size += len(inflater.decompress(pending, limits._PIECE))
                if size > cap or inflater.eof:
                    return size
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return size


def test_growing_pieces_measure_what_whole_pieces_measured() -> None:
    """Whole, truncated, spliced, foreign and bomb streams, followed by nothing, noise or more
    streams (a stream is measured from its start to the end of the file): the same size, or,
    for data damaged after passing the cap, a size beyond the cap, never less."""
    rng = random.Random(7)
    text = bytes(rng.getrandbits(8) for _ in range(6000)) * 50
    small = zlib.compress(text)
    bomb = zlib.compress(b"\0" * (70 * 1024 * 1024))
    streams = [
        small,
        small[: len(small) // 2],
        small[: len(small) // 3] + rng.randbytes(5000) + small[len(small) // 3 :],
        b"garbage" + small,
        zlib.compress(b"page content " * 300),
        bomb,
        bomb[:20000],
    ]
    for stream in streams:
        for after in (b"", rng.randbytes(300_000), b"endstream\nendobj\n" + small):
            data = memoryview(stream + after)
            for cap in (limits.MAX_STREAM_BYTES, 1000, 1_000_000):
                before, now = _in_whole_pieces(data, cap), limits._inflated_size(data, cap)
                assert min(now, cap + 1) == min(before, cap + 1) or now > cap >= before


def test_stream_starts_are_where_stream_data_begins() -> None:
    pdf = (
        b"%PDF-1.4\n1 0 obj <<>> stream\r\nAAA\nendstream\nendobj\n"
        b"2 0 obj <<>>\nstream\nBBB endstream\rstream\rCCC\nstreamX\nendstream"
    )
    starts = list(limits._stream_starts(pdf))
    assert [pdf[s : s + 3] for s in starts] == [b"AAA", b"BBB", b"CCC"]
