"""A few new charts, compiled and drawn in a forked copy of this process while the build goes on.

After a small change (one observation: its target's chart in three languages) a build has a few
charts to compile and draw. Done here, before the pages, they cost Altair's import (~0.45 s), the
start of vl-convert's JS engine (0.5-0.9 s; it holds the GIL, so a thread would not help), the
compiling (~60 ms a chart) and the drawing (charts/fonts.py: ~130 ms an image). The portal, the pages and MkDocs need only where the images will be, so a forked copy of
this process does that work while they are built, and writes the images and the live specs where
`Drawing.finish` would; `finish` then only waits for it.

Forked only while this process has not started vl-convert's engine itself (`render.engine_started`):
a copy of a process that has cannot use it. Many charts (a cold build) are the two workers' job
(`specs.compile_planned`, `specs.start_drawing`), which leaves this process's engine unstarted: a
preview started on an unbuilt clone still forks for each later change. Where the engine has started
(a process that compiled a chart itself, as the tests do), a few charts are made here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from build_scripts.charts.render import engine_started
from build_scripts.charts.specs import (
    ChartFiles,
    Drawing,
    Planned,
    Todo,
    Workers,
    compile_planned,
    image_paths,
    plan_specs,
    start_drawing,
)
from build_scripts.common.oneshot import OneShot
from build_scripts.load.package import Package


@dataclass
class PendingDrawing:
    """The charts being compiled and drawn by a forked copy of this process, into `into`."""

    files: dict[tuple[str, str], ChartFiles]
    into: Path
    count: int  # the charts (language, target) whose specs are compiled there
    process: OneShot = field(repr=False)

    def finish(self, site_dir: Path) -> None:
        """Wait for the copy (its failure is raised here); the images are then in `site_dir`."""
        if site_dir != self.into:
            raise ValueError(f"the charts are being written into {self.into}, not {site_dir}")
        self.process.result()

    def stop(self) -> None:
        """End the copy if it still runs (the build failed or was stopped)."""
        self.process.stop()


def start_charts(
    pkg: Package, langs: tuple[str, ...], cache: Path, workers: Workers, into: Path
) -> Drawing | PendingDrawing:
    """Every chart of the build: its specs (cached under `cache/chart-specs`), and its images
    (`cache/charts`) being drawn; `finish(into)` writes them into `into`."""
    specs, todo = plan_specs(pkg, langs, cache / "chart-specs")
    if todo and not workers.worth_it(len(todo)) and not engine_started():
        copy = OneShot(_compile_draw_write, pkg, specs, todo, cache, into, os.getpid(), start="fork")
        return PendingDrawing(_where(specs), into, len(todo), copy)
    return start_drawing(compile_planned(pkg, specs, todo, workers), cache / "charts", workers)


def _where(specs: Planned) -> dict[tuple[str, str], ChartFiles]:
    """Where each chart's files go, before its specs are compiled (the pages need no more)."""
    return {key: ChartFiles({}, *image_paths(*key)) for key in specs}


def _compile_draw_write(
    pkg: Package, specs: Planned, todo: Todo, cache: Path, into: Path, build: int
) -> None:
    """In the forked copy: compile, draw, and write the charts into `into`; nothing is written there
    once the build has ended (killed outright: the next build removes its folders, leftovers.py)."""
    drawing = start_drawing(compile_planned(pkg, specs, todo), cache / "charts")
    if os.getppid() != build:
        raise RuntimeError(f"the build that started this process (pid {build}) has ended")
    drawing.finish(into)


def preload() -> None:
    """Import the chart builder (Altair: ~0.45 s) into this process now, for a process that builds
    again and again (`make preview`): each forked copy then starts with it imported. Importing it
    starts no JS engine, so the copies may still be forked."""
    import_module("build_scripts.charts.vegalite")
