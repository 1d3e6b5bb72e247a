"""Held-out style probe (run on demand): every hostile file through the command line and the
GUI import wizard, each in its own process tree, timed and measured.

    python tests/benchmarks/bench_hostile.py OUTDIR [--big] [--gui] [--only NAME,...]

Builds the files of ``tests/hostile/hostile_files.py`` into OUTDIR, then for each runs
``reskill-planner import WS FILE`` (and, with ``--gui``, the wizard offscreen through
``tests/hostile/wizard_driver.py``) on a copy of a demo workspace. Prints one line per file
and route: outcome, seconds, peak MB of the whole process tree (parent + reader child,
sampled from /proc every 20 ms), and FAIL when it took > 30 s, > 1.5 GB, printed a
traceback, or changed the workspace while refusing the file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOSTILE = HERE.parent / "hostile"
sys.path.insert(0, str(HOSTILE))

import hostile_files  # noqa: E402

LIMIT_SECONDS = 30.0
LIMIT_MB = 1536.0


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (kB), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            pages = int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        pid = int(entry)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(
    cmd: list[str], *, timeout: float = 120, env: dict | None = None, user: bool = False
) -> dict:
    started = time.monotonic()
    if user:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, errors="replace"
    )
    peak = 0
    import threading

    out: dict[str, str] = {}

    def drain(name: str, stream) -> None:
        out[name] = stream.read()

    threads = [
        threading.Thread(target=drain, args=(n, s))
        for n, s in (("stdout", proc.stdout), ("stderr", proc.stderr))
    ]
    for t in threads:
        t.start()
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        if time.monotonic() - started > timeout:
            proc.kill()
            break
        time.sleep(0.02)
    proc.wait()
    for t in threads:
        t.join()
    return {
        "seconds": time.monotonic() - started,
        "code": proc.returncode,
        "peak_mb": peak / 1024,
        "stdout": out.get("stdout", ""),
        "stderr": out.get("stderr", ""),
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ws_state(ws: Path) -> tuple[str, tuple[str, ...]]:
    return digest(ws), tuple(sorted(p.name for p in ws.parent.iterdir()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--big", action="store_true")
    parser.add_argument("--gui", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--json", default="")
    parser.add_argument("--code", default="", help="run another checkout's planner (a before)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    files = out / "files"
    names = [n for n in hostile_files.BUILDERS if not args.only or n in args.only.split(",")]
    template = out / "template.rplan"
    out.mkdir(parents=True, exist_ok=True)
    if not template.exists():
        subprocess.run(
            [sys.executable, "-m", "planner", "init", str(template), "--demo"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MPLBACKEND="Agg")
    if args.code:
        env["PYTHONPATH"] = str(Path(args.code).resolve())
    results = []
    failures = 0
    for name in names:
        folder = files / name
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        path = hostile_files.build(name, files, args.big)
        routes = ([] if args.no_cli else ["cli"]) + (["gui"] if args.gui else [])
        for route in routes:
            work = out / "ws" / f"{name}-{route}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            ws = work / "team.rplan"
            shutil.copy(template, ws)
            user = name == "fs_unreadable"
            if user:
                os.chmod(work, 0o777)
                os.chmod(ws, 0o666)
            before = ws_state(ws)
            if route == "cli":
                cmd = [sys.executable, "-m", "planner", "import", str(ws), str(path)]
            else:
                cmd = [sys.executable, str(HOSTILE / "wizard_driver.py"), str(ws), str(path)]
            r = measure(cmd, env=env, user=user)
            text = r["stdout"] + r["stderr"]
            if route == "cli":
                outcome = {0: "imported", 3: "refused"}.get(r["code"], f"exit {r['code']}")
                message = (
                    (r["stderr"].strip().splitlines() or [""])[0]
                    if r["code"]
                    else (r["stdout"].strip().splitlines() or [""])[0]
                )
            else:
                try:
                    info = json.loads(r["stdout"].strip().splitlines()[-1])
                except (IndexError, ValueError):
                    info = {"outcome": f"exit {r['code']}", "message": r["stderr"][-300:]}
                outcome, message = info["outcome"], info.get("message", "")
                if info.get("bugs"):
                    outcome += " +BUG"
                    text += "\n".join(info["bugs"])
            changed = outcome in ("refused", "mapping") and ws_state(ws) != before
            problems = []
            if r["seconds"] > LIMIT_SECONDS:
                problems.append("slow")
            if r["peak_mb"] > LIMIT_MB:
                problems.append("memory")
            if "Traceback" in text or "+BUG" in outcome:
                problems.append("traceback")
            if outcome not in ("imported", "refused", "mapping"):
                problems.append("outcome")
            if changed:
                problems.append("changed")
            failures += bool(problems)
            line = (
                f"{name:<34} {route:<3} {outcome:<10} {r['seconds']:6.1f} s "
                f"{r['peak_mb']:7.0f} MB {'FAIL ' + ','.join(problems) if problems else 'ok'}"
                f"  {message[:150]}"
            )
            print(line, flush=True)
            results.append(
                {
                    "name": name,
                    "route": route,
                    "outcome": outcome,
                    "seconds": round(r["seconds"], 2),
                    "peak_mb": round(r["peak_mb"]),
                    "problems": problems,
                    "message": message[:400],
                }
            )
            if "traceback" in problems:
                print(text[-3000:], flush=True)
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(f"{failures} failing of {len(results)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
