"""One function run once in a process of its own, its result collected later.

Unlike a ProcessPoolExecutor worker, which waits for more work until its parent tells it to stop, this
process ends as soon as it has sent its one result: if its parent is killed outright (SIGKILL) it does
not linger.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable
from typing import Any


class ChildTraceback(Exception):
    """Where in the child process the exception raised by `OneShot.result` came from (its `__cause__`)."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


def _run(conn: Any, fn: Callable[..., Any], args: tuple) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked child would inherit its parent's handler
    try:
        outcome: tuple[str, Any, str] = ("value", fn(*args), "")
    except Exception as err:  # sent to the parent, which raises it there (a traceback does not pickle)
        outcome = ("error", err, "".join(traceback.format_exception(err)))
    try:
        conn.send(outcome)
    except Exception as err:  # e.g. an exception that cannot be pickled: its text travels instead
        conn.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({err})"), outcome[2]))
    finally:
        conn.close()


class OneShot:
    """`fn(*args)` started now in a process of its own; `result()` waits for it (raising what it raised).

    Spawned by default (like the chart workers: a forked child would inherit vl-convert's JS engine
    locked); `start="fork"` starts a copy of this process at once, for work that never draws a chart.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, start: str = "spawn") -> None:
        context = multiprocessing.get_context(start)
        self._conn, child = context.Pipe(duplex=False)
        self._proc = context.Process(target=_run, args=(child, fn, args), daemon=True)
        self._proc.start()
        child.close()
        self._outcome: tuple[str, Any, str] | None = None

    def result(self) -> Any:
        """The function's return value; its exception is raised here."""
        if self._outcome is None:
            try:
                self._outcome = self._conn.recv()
            except EOFError:
                died = RuntimeError(f"the process died (exit code {self._proc.exitcode})")
                self._outcome = ("error", died, "")
            self._proc.join()
        kind, value, child_traceback = self._outcome
        if kind == "error":
            raise value from (ChildTraceback(child_traceback) if child_traceback else None)
        return value

    def stop(self) -> None:
        """End the process if it still runs (its result is no longer wanted)."""
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()
        self._conn.close()
