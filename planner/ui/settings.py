"""A thin typed wrapper over QSettings; every default is declared here, once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8

DEFAULTS: dict[str, Any] = {
    "workspace/last": "",
    "workspace/recent": [],
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "employees/splitter": QByteArray(),
}


class Settings:
    """Typed access to the app's QSettings (organisation and app names set by the app)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings()

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self._s.value(key, default)
        if isinstance(default, list):
            # QSettings returns a bare string for a one-element list, None for an empty one.
            if value is None:
                return []
            return [value] if isinstance(value, str) else list(value)
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()
        return type(default)(value) if value is not None else default

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        self._s.setValue(key, value)

    def sync(self) -> None:
        self._s.sync()

    # -- recent workspaces ----------------------------------------------------------------

    @property
    def last_workspace(self) -> str:
        return self.get("workspace/last")

    @last_workspace.setter
    def last_workspace(self, path: str) -> None:
        self.set("workspace/last", path)

    def recent_files(self) -> list[str]:
        return [str(p) for p in self.get("workspace/recent")]

    def add_recent(self, path: str) -> list[str]:
        recent = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT]
        self.set("workspace/recent", recent)
        return recent

    def remove_recent(self, path: str) -> None:
        self.set("workspace/recent", [p for p in self.recent_files() if p != path])
