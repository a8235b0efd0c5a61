"""Two worker processes for the slow parts of the charts (spec compilation, rendering)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from build_scripts.load.package import Package

POOL_FROM = 8  # fewer jobs than this run in this process (see Workers)
T = TypeVar("T")


class Workers:
    """Two worker processes for the slow parts (spec compilation, rendering), started on first use.

    `spawn`, not fork: vl-convert runs a JS engine thread that a forked child would inherit locked.
    Each worker gets the package once (initializer), then only (language, target) pairs or specs.
    A worker takes ~1.5 s to start (importing Altair, loading vl-convert's JS engine): fewer jobs than
    POOL_FROM all run here, where the start-up would cost more than it saves. Many jobs all go to the
    workers, none to this process: it then never starts vl-convert's engine for them, so a later build
    in the same process (`make preview`) can still fork a copy for a few new charts (charts/pending.py).
    Taking jobs here as well did not make a cold build faster (interleaved A/B on 2 cores, 3 builds
    each: charts stage 5.8-7.7 s with, 5.4-5.6 s without).
    """

    def __init__(self, pkg: Package, count: int = 2) -> None:
        self.pkg, self.count = pkg, count
        self._pool: ProcessPoolExecutor | None = None

    def worth_it(self, jobs: int) -> bool:
        """Whether `jobs` jobs should go to the workers."""
        return self.count > 1 and jobs >= POOL_FROM

    def map(self, fn: Callable[..., T], jobs: list[tuple], local: Callable[..., T] | None = None) -> list[T]:
        """`fn(*job)` for every job, in order: on the workers, or with few jobs here (`local(*job)`, default `fn`)."""
        local = local or fn
        if not self.worth_it(len(jobs)):
            return [local(*job) for job in jobs]
        futures = [self.pool().submit(fn, *job) for job in jobs]
        return [future.result() for future in futures]

    def pool(self) -> ProcessPoolExecutor:
        """The pool, started now if it is not yet."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.count, mp_context=context, initializer=_worker_init, initargs=(self.pkg,)
            )
        return self._pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


_worker_pkg: Package | None = None


def _worker_init(pkg: Package) -> None:
    global _worker_pkg  # one package per worker process, set once
    _worker_pkg = pkg


def worker_package(pkg: Package | None) -> Package:
    """`pkg`, or in a worker process the package it was given."""
    found = pkg or _worker_pkg
    if found is None:
        raise RuntimeError("a chart job ran in a worker that was given no package")
    return found
