"""The window hands freed memory back to the system where the C library can (glibc)."""

from __future__ import annotations

import platform
import sys

import pytest

from workshop_app.ui import memory


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_free_memory_is_given_back_on_glibc() -> None:
    memory.give_back()
    assert memory.trimmer() is not None
    memory.give_back()  # found once, called as often as asked
