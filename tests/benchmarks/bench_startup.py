"""Benchmark: how fast the app and the quick commands answer (targets: ≤ 1.0 s, ≤ 0.2 s).

Times, from launching the process:
- the desktop app until its window shows the demo workspace's data (the app logs a
  ``startup:`` line once the first workspace's employees are on screen); the demo
  workspace is created by a first, untimed launch (and that first run is timed too);
- ``reskill-planner --version`` and ``reskill-planner catalog roles`` until they exit.

Each figure is wall-clock time; the CPU seconds the process used are printed next to it,
since on a shared, busy machine the wall clock mostly measures the queue for the cores.

The app runs on the X display in $DISPLAY (start one with ``Xvfb :94 &``), else on Qt's
offscreen platform. Settings and data go to a temporary home, so nothing of yours is
touched. ``--frozen dist/ReskillPlanner/ReskillPlanner`` times a built bundle instead.

Run: ``python tests/benchmarks/bench_startup.py [--runs N] [--frozen PATH]``
"""

from __future__ import annotations

import argparse
import os
import resource
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOW_TARGET = 1.0
COMMAND_TARGET = 0.2
MARKER = "startup: window shows"


def launcher(frozen: str | None) -> list[str]:
    return [frozen] if frozen else [sys.executable, "-m", "planner"]


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        MPLCONFIGDIR=str(home / "mpl"),
    )
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_window(cmd: list[str], env: dict[str, str], timeout: float = 120) -> tuple[float, float]:
    """Seconds (wall, CPU) from launch until the app logs that the workspace's data is on
    screen."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seen: list[str] = []
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stderr, selectors.EVENT_READ)
            while time.perf_counter() - started < timeout:
                if not sel.select(timeout=1):
                    continue
                line = proc.stderr.readline()
                if not line:
                    raise SystemExit("the app exited before showing its window:\n" + "".join(seen))
                seen.append(line)
                if MARKER in line:
                    elapsed = time.perf_counter() - started
                    cpu = cpu_seconds(proc.pid)
                    if "with 0 employees" in line:
                        raise SystemExit(f"the window showed no data: {line}")
                    return elapsed, cpu
        raise SystemExit(f"no window with data after {timeout:.0f} s:\n" + "".join(seen))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def time_command(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, timeout=60)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def summary(name: str, runs: list[tuple[float, float]], target: float) -> str:
    wall = [w for w, _ in runs]
    median = statistics.median(wall)
    cpu = statistics.median(c for _, c in runs)
    verdict = "ok" if median <= target else "OVER TARGET"
    return (
        f"{name:<28} median {median:6.3f} s  best {min(wall):6.3f} s  "
        f"(CPU {cpu:5.3f} s)  target ≤ {target:.1f} s  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", help="a built bundle's executable to time instead")
    args = parser.parse_args()
    cmd = launcher(args.frozen)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        env = environment(Path(tmp))
        print(
            f"platform {env['QT_QPA_PLATFORM']}, {os.cpu_count()} CPUs, load "
            f"{os.getloadavg()[0]:.2f}, {' '.join(cmd)}"
        )
        first, first_cpu = time_window(cmd, env)  # creates the demo workspace
        print(f"{'first run (creates the demo)':<28} {first:6.3f} s  (CPU {first_cpu:5.3f} s)")
        window = [time_window(cmd, env) for _ in range(args.runs)]
        version = [time_command([*cmd, "--version"], env) for _ in range(args.runs)]
        roles = [time_command([*cmd, "catalog", "roles"], env) for _ in range(args.runs)]
    print(summary("window with the demo data", window, WINDOW_TARGET))
    print(summary("--version", version, COMMAND_TARGET))
    print(summary("catalog roles", roles, COMMAND_TARGET))
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(
            f"note: the machine is busy (load {load:.1f} on {os.cpu_count()} CPUs): the wall "
            "times include waiting for a core; the CPU column is what the program used"
        )


if __name__ == "__main__":
    main()
