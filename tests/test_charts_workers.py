"""The chart workers (build_scripts/charts.Workers): many jobs go to two spawned processes, few stay here.

The pipeline compiles chart specs and draws chart images through `Workers`; these tests check the
split itself on cheap jobs: every job runs exactly once, results come back in the jobs' order, many
jobs all run on the workers (so this process never starts vl-convert's engine for them), and a few
jobs never start a worker.
"""

from __future__ import annotations

import os
import time

import pytest

from build_scripts import paths
from build_scripts.charts.specs import POOL_FROM, Workers
from build_scripts.load.package import load_package

PACKAGE = load_package(paths.PACKAGE)  # what the workers are given; these jobs do not read it


def pid_after(seconds: float) -> int:
    """A job that takes a little time (as a chart does) and says which process ran it."""
    time.sleep(seconds)
    return os.getpid()


def test_many_jobs_run_on_the_workers_and_come_back_in_order() -> None:
    jobs = [(-i,) for i in range(40)]
    with Workers(PACKAGE) as workers:
        assert workers.map(abs, jobs, local=os.getpid) == list(range(40))
        pids = workers.map(pid_after, [(0.05,)] * 40)
    assert os.getpid() not in pids, "this process took a job"


def test_few_jobs_stay_in_this_process() -> None:
    with Workers(PACKAGE) as workers:
        pids = workers.map(os.getpid, [()] * (POOL_FROM - 1))
        assert set(pids) == {os.getpid()}
        assert workers._pool is None  # no worker was started


def test_a_failing_job_raises_here() -> None:
    with Workers(PACKAGE) as workers, pytest.raises(ValueError, match="not a number"):
        workers.map(int, [("1",)] * 10 + [("not a number",)] * 10)
