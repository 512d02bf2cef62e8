"""Writing to a terminal: what a user typed is shown, never obeyed, and a closed pipe is no error.

Everything the command line writes passes through `visible`. A workshop title, a name, a file
name or a field inside an imported file can hold characters a terminal acts on instead of showing:
ESC sequences clear the screen or paint text in any colour, C1 controls (U+009B is a one-character
ESC [) do the same on some terminals, and bidi overrides and isolates (U+202E and friends) reorder
the rest of a line, so "NOT VERIFIED" can be made to read otherwise. `visible` replaces each with
a stand-in the reader sees: C0 controls and DEL as their Unicode control pictures (ESC as ␛), every
other one as <U+202E>. Lone surrogates, which no encoder accepts, are shown the same way.

A reader that stops reading early (`| head`, `| true`, a closed standard output) never changes an
exit status: the command's own outcome decides it. What could not be written is dropped quietly.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from functools import cache
from typing import TextIO

#: Characters a terminal may act on: C0 controls, DEL, C1 controls, the bidi marks, embeddings,
#: overrides and isolates, the deprecated format controls, the line and paragraph separators, and
#: lone surrogates. Joiners (U+200C, U+200D) stay: Persian words and emoji sequences need them.
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ud800-\udfff"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Every such character; all but the newline; all but the C0 controls. Compiled when first
    needed (a millisecond): most lines a command writes hold none of them."""
    return (
        re.compile(f"[\x00-\x1f{_OTHERS}]"),
        re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]"),
        re.compile(f"[{_OTHERS}]"),
    )


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character replaced by a visible stand-in.

    `keep_newlines` lets line breaks through, for text whose lines the program laid out itself
    (help pages); user text is always shown on the line it belongs to.
    """
    if text.isprintable():  # every character above is a control, format or separator one
        return text
    control, control_but_newline, _ = _patterns()
    pattern = control_but_newline if keep_newlines else control
    return pattern.sub(_stand_in, text)


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def json_visible(text: str) -> str:
    """JSON text with the same characters written as \\u escapes: still valid JSON with the very
    same content, but inert on a terminal. json.dumps escapes C0 controls inside strings itself
    (a raw one in its output is its own line break), not the others."""
    return _patterns()[2].sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def say(line: object = "", *, err: bool = False) -> None:
    """Write one line to standard output (or standard error), made visible."""
    write(visible(str(line)) + "\n", err=err)


def write(text: str, *, err: bool = False) -> None:
    """Write text that is already safe (made so by `visible` or `json_visible`) and flush it, so
    a reader that went away is noticed here, not at exit."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # started with the stream closed (`>&-`)
        return
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _discard(stream)


def flush_all() -> None:
    """Flush both streams before exit; a reader that went away is no failure."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            _discard(stream)


def prepare_streams() -> None:
    """Text a terminal's encoding cannot show (a non-UTF-8 locale) is written as escapes instead
    of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _discard(stream: TextIO) -> None:
    """Point the stream's file descriptor at /dev/null: the rest of the output, and Python's own
    flush at exit, then go nowhere instead of failing again (Python would exit with 120)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
