"""File ▸ Restore backup…: pick one of the workspace's backup copies and restore it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.store.backups import Backup, list_backups, restore_backup
from planner.store.workspace import Workspace
from planner.ui.errors import show_error


class RestoreBackupDialog(QDialog):
    """Lists the backups next to ``ws`` (newest first); Restore replaces the workspace's
    content with the chosen one after backing up the current state."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore a backup")
        self.ws = ws
        self.restored: Path | None = None
        self.backups: list[Backup] = list_backups(ws.path)
        layout = QVBoxLayout(self)
        if self.backups:
            text = (
                f"Backups of <b>{ws.path.name}</b>, newest first. Restoring replaces the "
                "workspace's content with the copy; the current state is backed up "
                "first, so you can come back to it."
            )
        else:
            text = (
                f"There are no backups of <b>{ws.path.name}</b> yet. One is written "
                "before each import into a workspace that has people."
            )
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for backup in self.backups:
            item = QListWidgetItem(backup.describe())
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if self.backups:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.restore())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.backups) and ws.read_only is None)
        if ws.read_only is not None:
            self.restore_button.setToolTip(f"The workspace cannot be changed: {ws.read_only}")
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def restore(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.backups):
            return
        try:
            restore_backup(self.ws, self.backups[row].path)
        except PlannerError as exc:
            show_error(self, exc, title="Cannot restore the backup")
            return
        self.restored = self.backups[row].path
        self.accept()
