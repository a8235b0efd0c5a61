"""The build's stopwatch: wall and CPU time of each stage, printed as it finishes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Timer:
    """Wall time of each stage, printed as it finishes; `current` names the stage running. `check`, if
    set, is called as each stage starts: it may end the build by raising (the preview's stop once the
    validator, running beside the build, has found problems)."""

    stages: dict[str, float] = field(default_factory=dict)
    quiet: bool = False
    current: str = "start"
    check: Callable[[], None] | None = field(default=None, compare=False)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage: wall time, and this process's CPU time (on a busy machine the steadier one)."""
        if self.check is not None:
            self.check()
        start, cpu, self.current = time.perf_counter(), time.process_time(), name
        yield
        self.stages[name] = time.perf_counter() - start
        if not self.quiet:
            print(
                f"  {name:<10} {self.stages[name]:6.2f} s  (cpu {time.process_time() - cpu:5.2f} s)",
                flush=True,
            )

    def note(self, text: str) -> None:
        """A line about the stage just finished (not a time)."""
        if not self.quiet:
            print(f"  {'':<10} {text}", flush=True)
