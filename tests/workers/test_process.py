"""Worker processes: results, progress, cancel, errors, crashes, and no process left behind."""

from __future__ import annotations

import pickle
import threading
import time
from pathlib import Path

import pytest

from planner.errors import Cancelled, InputRejected
from planner.progress import Progress
from planner.workers import process
from planner.workers.process import WorkerBug, WorkerPool, WorkerStopped


@pytest.fixture(scope="module")
def pool():
    pool = WorkerPool(paths=[str(Path(__file__).parent)])
    yield pool
    pool.shutdown()
    assert all(p.poll() is not None for p in pool.started)


def _cancel_after(progress: Progress, seconds: float) -> None:
    threading.Timer(seconds, progress.cancel).start()


def test_a_call_returns_its_result_and_reports_progress(pool):
    seen: list[tuple[int, int, str]] = []
    assert pool.call("jobs_for_tests:add", 2, 3, progress=Progress(lambda *a: seen.append(a))) == 5
    assert seen[0] == (0, 3, "adding") and seen[-1] == (3, 3, "added")


def test_workers_are_reused(pool):
    first = pool.call("jobs_for_tests:pid")
    assert pool.call("jobs_for_tests:pid") == first


def test_cancel_reaches_the_worker_which_stays_usable(pool):
    progress = Progress()
    _cancel_after(progress, 0.3)
    with pytest.raises(Cancelled):
        pool.call("jobs_for_tests:until_cancelled", progress=progress)
    assert pool.call("jobs_for_tests:add", 1, 1) == 2


def test_a_worker_that_ignores_cancel_is_killed(pool, monkeypatch):
    monkeypatch.setattr(process, "CANCEL_GRACE", 0.3)
    before = len(pool.started)
    progress = Progress()
    _cancel_after(progress, 0.2)
    start = time.monotonic()
    with pytest.raises(Cancelled):
        pool.call("jobs_for_tests:deaf", progress=progress)
    assert time.monotonic() - start < 10
    killed = [p for p in pool.started[: before + 1] if p.poll() is not None]
    assert killed, "the deaf worker was killed"
    assert pool.call("jobs_for_tests:add", 2, 2) == 4


def test_known_errors_come_back_as_they_are(pool):
    with pytest.raises(InputRejected) as caught:
        pool.call("jobs_for_tests:known_error")
    assert caught.value.cell == "C7" and "sheet Skills" in str(caught.value)


def test_a_bug_comes_back_with_the_workers_traceback(pool):
    with pytest.raises(WorkerBug) as caught:
        pool.call("jobs_for_tests:bug")
    assert "KeyError" in str(caught.value)
    assert "jobs_for_tests.py" in caught.value.remote_traceback


def test_a_dead_worker_is_a_clear_message_and_the_next_call_works(pool):
    with pytest.raises(WorkerStopped) as caught:
        pool.call("jobs_for_tests:die")
    assert "stopped unexpectedly" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert pool.call("jobs_for_tests:add", 3, 4) == 7


def test_stray_prints_do_not_break_the_protocol(pool):
    assert pool.call("jobs_for_tests:chatty") == "fine"


def test_arguments_that_cannot_travel_fail_before_anything_is_sent(pool):
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)) as caught:
        pool.call("jobs_for_tests:add", lambda: 1, 2)
    assert not isinstance(caught.value, WorkerStopped)
    assert pool.call("jobs_for_tests:add", 5, 5) == 10


def test_at_most_the_given_number_of_workers_run(pool):
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.call("jobs_for_tests:add", 1, 2)))
        for _ in range(5)
    ]
    for t in threads:
        t.start()
    peak = 0
    while any(t.is_alive() for t in threads):
        peak = max(peak, len(pool.pids()))
        time.sleep(0.01)
    assert results == [3] * 5
    assert peak <= pool.most


def test_shutdown_ends_every_worker_even_a_busy_one():
    pool = WorkerPool(paths=[str(Path(__file__).parent)])
    outcome: list[BaseException] = []

    def busy() -> None:
        try:
            pool.call("jobs_for_tests:until_cancelled", progress=Progress())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=busy)
    thread.start()
    deadline = time.monotonic() + 30
    while not pool.pids() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)
    pool.shutdown()
    thread.join(30)
    assert all(p.poll() is not None for p in pool.started)
    assert outcome and isinstance(outcome[0], Cancelled | WorkerStopped)


def _gone(pid: int) -> bool:
    """The process ended (a zombie nobody reaped counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_workers_end_when_the_app_dies_without_cleaning_up():
    """A killed app (no quit, no atexit) leaves no worker behind: their input ends."""
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from planner.workers.process import WorkerPool\n"
        f"pool = WorkerPool(paths=[{str(Path(__file__).parent)!r}])\n"
        "import threading\n"
        "from planner.progress import Progress\n"
        "started = threading.Event()\n"
        "progress = Progress(lambda *_: started.set())\n"
        "threading.Thread(target=pool.call, args=('jobs_for_tests:deaf',),\n"
        "                 kwargs={'progress': progress}, daemon=True).start()\n"
        "started.wait(60)\n"
        "while len(pool.pids()) < 2: time.sleep(0.01)\n"
        "print(*pool.pids(), flush=True)\n"
        "time.sleep(600)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in app.stdout.readline().split()]
        assert len(pids) == 2  # one busy (deaf to cancel), one spare
        app.kill()
        app.wait(10)
        deadline = time.monotonic() + 30
        while not all(_gone(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(p) for p in pids), "a worker outlived the app"
    finally:
        app.kill()
        app.stdout.close()


def test_a_worker_that_cannot_start_says_so_and_the_pool_stops_trying(tmp_path, monkeypatch):
    broken = tmp_path / "child.py"
    broken.write_text("raise SystemExit(3)\n")  # as if the bundle could not run the script
    monkeypatch.setattr(process, "CHILD_SCRIPT", broken)
    pool = WorkerPool()
    try:
        with pytest.raises(process.WorkerUnavailable):
            pool.call("jobs_for_tests:add", 1, 2)
        assert pool.unavailable
        started = len(pool.started)
        with pytest.raises(process.WorkerUnavailable):
            pool.call("jobs_for_tests:add", 1, 2)
        assert len(pool.started) == started
    finally:
        pool.shutdown()


def test_a_worker_already_gone_when_the_call_is_sent_is_unavailable_too(tmp_path, monkeypatch):
    """The race behind a CI failure: the broken worker ended before the request was
    written (a broken pipe), which must read as "cannot start", not as a crash mid-work."""
    broken = tmp_path / "child.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(process, "CHILD_SCRIPT", broken)
    worker = process.WorkerProcess()
    try:
        worker.proc.wait(30)  # gone before anything is sent
        with pytest.raises(process.WorkerUnavailable):
            worker.call("jobs_for_tests:add", (1, 2), {})
    finally:
        worker.close()
