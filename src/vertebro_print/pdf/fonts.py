"""`import weasyprint`, without its slowest step on Linux.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying each library's Windows
and macOS names before its Linux soname. cffi hands every name without a dot to
ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld in subprocesses: 0.2 s of
every process start (a third of the whole import, measured with pyinstrument), spent looking
for names that cannot exist here. While WeasyPrint imports, find_library answers "not found"
at once; the sonames it tries next (libpango-1.0.so.0) are opened by dlopen directly, which
is how they are found anyway. Import WeasyPrint through this module first, in any process."""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _no_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


if sys.platform == "linux" and "weasyprint" not in sys.modules:
    with _no_library_search():
        import weasyprint
else:
    import weasyprint

# The PDF's text layer for shaped and right-to-left scripts (actualtext.py, raisedmarks.py,
# rtlwords.py) and across blank lines (blanks.py), and no empty text objects for the breaks
# between units (emptyruns.py), each font subset made once (subsets.py), and a page painted
# again from its first painting (replay.py): set up wherever WeasyPrint is.
import vertebro_print.pdf.actualtext  # noqa: E402, F401  (imports pdf/rtltext.py too)
import vertebro_print.pdf.blanks  # noqa: E402, F401
import vertebro_print.pdf.emptyruns  # noqa: E402, F401
import vertebro_print.pdf.raisedmarks  # noqa: E402, F401
import vertebro_print.pdf.replay  # noqa: E402, F401
import vertebro_print.pdf.rtlwords  # noqa: E402, F401
import vertebro_print.pdf.subsets  # noqa: E402, F401

__all__ = ["weasyprint"]
