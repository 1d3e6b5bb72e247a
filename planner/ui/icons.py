"""Icons looked up by name; an unknown name is an error, never a blank icon."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

# Our own icons, shipped in resources/icons (installed as planner.resources).
_FILES = {"app": "app.svg", "app-png": "app.png"}

# Sidebar and toolbar icons borrowed from the platform style.
_STANDARD = {
    "dashboard": QStyle.StandardPixmap.SP_ComputerIcon,
    "employees": QStyle.StandardPixmap.SP_DirHomeIcon,
    "roles": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "matching": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "allocation": QStyle.StandardPixmap.SP_DialogApplyButton,
    "plans": QStyle.StandardPixmap.SP_FileDialogListView,
    "workshops": QStyle.StandardPixmap.SP_DriveNetIcon,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton,
    "new": QStyle.StandardPixmap.SP_FileIcon,
    "save": QStyle.StandardPixmap.SP_DialogSaveButton,
    "import": QStyle.StandardPixmap.SP_ArrowDown,
    "export": QStyle.StandardPixmap.SP_ArrowUp,
}


def icon_path(name: str) -> str:
    """File path of one of our own icons (KeyError for an unknown name)."""
    try:
        filename = _FILES[name]
    except KeyError:
        raise KeyError(f"unknown icon {name!r}") from None
    return str(resources.files("planner.resources").joinpath("icons", filename))


def icon(name: str) -> QIcon:
    """The icon called ``name``; KeyError if there is no such icon."""
    if name in _FILES:
        return QIcon(icon_path(name))
    if name in _STANDARD:
        return QApplication.style().standardIcon(_STANDARD[name])
    raise KeyError(f"unknown icon {name!r}")
