"""Pausing the cyclic garbage collector around work that makes many long-lived objects.

The switch is process-wide, so it is used only where a measured figure pays for it,
and that figure is written where it is used: decoding a pulled page
(services/sync.py `_pull`) and importing a file (services/interchange.py
`import_file`). Never in a request handler of the server: the server instead sets
a higher threshold once for the process (sync/server/app.py RarerCollections).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _GcPause:
    """The collector's switch, shared by every thread: it is off while any of them is
    inside paused_gc, and back as it was when the last one leaves. (Each thread
    restoring what it saw would let one turn it on under another's feet.)"""

    def __init__(self):
        self.lock = threading.Lock()
        self.inside = 0
        self.was_enabled = False

    def enter(self) -> None:
        with self.lock:
            if self.inside == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.inside += 1

    def leave(self) -> None:
        with self.lock:
            self.inside -= 1
            if self.inside == 0 and self.was_enabled:
                gc.enable()


_gc_pause = _GcPause()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: reference counting still frees everything;
    the collector resumes (if it ran before) once no thread is inside any more."""
    _gc_pause.enter()
    try:
        yield
    finally:
        _gc_pause.leave()
