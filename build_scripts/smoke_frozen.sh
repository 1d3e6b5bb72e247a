#!/usr/bin/env bash
# Build the standalone bundle and check it the way a user would meet it:
#   1. python build_scripts/build.py --check   (build, size ≤ 250 MB, frozen --version
#                                               and --self-test)
#   2. the frozen app under Xvfb: its window must open on the demo workspace with data
#      (the app logs "startup: window shows demo with N employees"), and the window
#      titled "demo – Reskill Planner" must be mapped, its charts must draw without an
#      error (no crash report) and the app must still run; a screenshot goes to
#      dist/smoke-window.png when ImageMagick's `import` is there. With xdotool, every
#      page is shown in turn (Ctrl+1 … Ctrl+7, screenshots dist/smoke-page-N.png) and the
#      app must still run without a crash report.
# Needs Xvfb (apt install xvfb; x11-utils for xwininfo). Takes a few minutes (PyInstaller).
# Usage: build_scripts/smoke_frozen.sh [--no-build]   (SMOKE_DISPLAY=:97 to pick the display)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
APP=dist/ReskillPlanner/ReskillPlanner
DISPLAY_NUM=${SMOKE_DISPLAY:-:97}

if [ "${1:-}" != "--no-build" ]; then
  "$PYTHON" build_scripts/build.py --check
else
  "$APP" --version
  QT_QPA_PLATFORM=offscreen "$APP" --self-test
fi

command -v Xvfb >/dev/null || { echo "smoke: Xvfb is not installed (apt install xvfb)"; exit 1; }
work=$(mktemp -d)
Xvfb "$DISPLAY_NUM" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
sleep 1

# A fresh home: the first launch creates the demo workspace and opens it.
env -u QT_QPA_PLATFORM HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
  XDG_DATA_HOME="$work/home/.local/share" DISPLAY="$DISPLAY_NUM" \
  "$APP" >"$work/app.out" 2>"$work/app.log" &
app=$!
for _ in $(seq 1 240); do
  if grep -q "startup: window shows demo with [1-9]" "$work/app.log"; then break; fi
  if ! kill -0 "$app" 2>/dev/null; then cat "$work/app.log"; echo "smoke: the app exited"; exit 1; fi
  sleep 0.5
done
grep "startup:" "$work/app.log" || { cat "$work/app.log"; echo "smoke: no window with data"; exit 1; }
if command -v xwininfo >/dev/null; then
  DISPLAY="$DISPLAY_NUM" xwininfo -root -tree | grep -q "demo – Reskill Planner" \
    || { echo "smoke: no window titled 'demo – Reskill Planner'"; exit 1; }
fi
sleep 15  # let the charts draw (matplotlib loads after the first paint; first run: font cache)
crash=$(find "$work/home" -name crash.log | head -n 1)
if [ -n "$crash" ]; then
  cat "$crash"; echo "smoke: the app hit an unexpected error (crash dialog)"; exit 1
fi
if ! kill -0 "$app" 2>/dev/null; then cat "$work/app.log"; echo "smoke: the app exited"; exit 1; fi
if command -v import >/dev/null; then
  DISPLAY="$DISPLAY_NUM" import -window root dist/smoke-window.png
  echo "smoke: screenshot in dist/smoke-window.png"
fi
if command -v xdotool >/dev/null; then
  window=$(DISPLAY="$DISPLAY_NUM" xdotool search --onlyvisible --name "demo – Reskill Planner" | tail -n 1)
  DISPLAY="$DISPLAY_NUM" xdotool windowfocus --sync "$window"
  for page in 2 3 4 5 6 7 1; do
    DISPLAY="$DISPLAY_NUM" xdotool key "ctrl+$page"
    sleep 3
    if command -v import >/dev/null; then
      DISPLAY="$DISPLAY_NUM" import -window root "dist/smoke-page-$page.png"
    fi
  done
  crash=$(find "$work/home" -name crash.log | head -n 1)
  if [ -n "$crash" ]; then
    cat "$crash"; echo "smoke: a page hit an unexpected error (crash dialog)"; exit 1
  fi
  if ! kill -0 "$app" 2>/dev/null; then cat "$work/app.log"; echo "smoke: the app exited"; exit 1; fi
  echo "smoke: every page shown (dist/smoke-page-1.png … 7)"
fi
echo "smoke: the frozen app opened its window on the demo workspace"
