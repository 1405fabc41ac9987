"""Entry point of the frozen bundle (build.spec): safe stdio, then the normal CLI.

A windowed build on Windows starts with sys.stdout and sys.stderr set to None,
so the first print or log line would raise. When started from a terminal we
attach to that terminal's console, so `gigdesk --self-test` and the
subcommands still print there; otherwise output goes to the null device.
"""

from __future__ import annotations

import os
import sys


def _attach_parent_console() -> None:
    import ctypes

    attach_parent_process = -1
    if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        return  # started from Explorer: there is no console to print to
    if sys.stdout is None:
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115


def ensure_stdio() -> None:
    if sys.platform == "win32" and (sys.stdout is None or sys.stderr is None):
        _attach_parent_console()
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    ensure_stdio()
    from desktop_app.cli import main

    sys.exit(main())
