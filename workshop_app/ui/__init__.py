"""The desktop interface: PySide6 lives here and nowhere else.

PySide6 6.12 on Python 3.11 hands back None (and sometimes True) from wrapped C++ calls without
taking a reference. Python 3.12 made those singletons immortal, so the slip is harmless there; on
3.11 each such call lowers their reference count by one, and after a few thousand calls the
interpreter aborts with "deallocating None" — mid-session or at exit. Until PySide is fixed, the
three singletons get a reference count no session can use up, which is what 3.12 does by design.
"""

import sys

if sys.version_info < (3, 12):  # pragma: no cover - depends on the interpreter
    import ctypes

    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
