"""Write exports to a temporary file and rename at the end: never a half-written file."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from planner.errors import PlannerError


class ExportError(PlannerError):
    """An export cannot be written (path not writable, data missing)."""


def check_target(path: Path) -> None:
    """Raise ExportError unless ``path`` can be (re)written."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist.")
    if path.is_dir() and path.suffix.lower() == ".xlsx":
        raise ExportError(f"cannot write {path}: it is a folder.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {path}: permission denied.")


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``.

    On any error (including Cancelled) the temporary file is removed and ``path`` is
    left as it was.
    """
    path = Path(path)
    check_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_folder(path: str | Path) -> Iterator[Path]:
    """Yield a temporary folder; on success its files move into ``path`` (created if needed).

    Files already in ``path`` with other names are kept; on error nothing in ``path``
    changes.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"cannot write the folder {path}: a file has that name.")
    check_target(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        yield tmp
        try:
            path.mkdir(exist_ok=True)
            for item in sorted(tmp.iterdir()):
                os.replace(item, path / item.name)
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
