"""File ▸ Export…: choose what to export and where; the export runs in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.errors import show_error
from planner.ui.tasks import Task, run_task

KINDS = {
    "report": ("Report workbook (summary, employees, fit, allocation, plan, workshops)",
               "report.xlsx"),
    "plans": ("Training plans (one sheet per person)", "plans.xlsx"),
    "workshops": ("Workshop sign-in sheets", "workshops.xlsx"),
    "template": ("Empty import template with level drop-downs", "import-template.xlsx"),
}


def export(kind: str, workspace: Path, out: Path, pseudonymise: bool,
           progress: Progress) -> Path:
    """Run one export on a worker thread with its own connection."""
    from planner import exporting

    with Workspace.open(workspace) as ws:
        if kind == "report":
            return exporting.export_report(ws, out, pseudonymise=pseudonymise,
                                           progress=progress)
        if kind == "plans":
            return exporting.export_plans(ws, out, pseudonymise=pseudonymise,
                                          progress=progress)
        if kind == "workshops":
            return exporting.export_workshops(ws, out, pseudonymise=pseudonymise,
                                              progress=progress)
        if kind == "template":
            return exporting.export_template(ws, out, progress=progress)
    raise ValueError(f"unknown export {kind!r}")


class ExportDialog(QDialog):
    def __init__(self, workspace: Path, parent: QWidget | None = None,
                 kind: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export to Excel")
        self.workspace = workspace
        self.task: Task | None = None
        form = QFormLayout(self)
        self.kind = QComboBox()
        for key, (label, _) in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._default_name)
        form.addRow("What:", self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setMinimumWidth(380)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow("Save as:", row)
        self.pseudonymise = QCheckBox("Replace names, emails and ids by codes (for sharing)")
        form.addRow("", self.pseudonymise)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if kind is not None and self.kind.findData(kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self._default_name()

    def _default_name(self) -> None:
        from planner.ui.folders import documents_dir

        _, name = KINDS[self.kind.currentData()]
        folder = Path(self.path.text()).parent if self.path.text() else documents_dir()
        self.path.setText(str(folder / f"{self.workspace.stem}-{name}"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              "Excel workbooks (*.xlsx)")
        if path:
            self.path.setText(path)

    def start(self) -> Task:
        kind, out = self.kind.currentData(), Path(self.path.text())
        pseudo = self.pseudonymise.isChecked()
        parent = self.parentWidget()

        def done(result: Any) -> None:
            export_finished(parent, Path(result))

        def failed(exc: BaseException) -> None:
            show_error(parent, exc, title="Export failed")

        self.task = run_task(lambda p: export(kind, self.workspace, out, pseudo, p),
                             title=f"Exporting {out.name}", on_done=done, on_error=failed,
                             dialog_parent=parent, show_dialog=True)
        self.accept()
        return self.task


def export_finished(parent: QWidget | None, path: Path) -> QMessageBox:
    """"Export finished" with Open (the file) and Show in folder (non-modal)."""
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished",
                      f"Exported to {path}.", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("exportFinished")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    open_button.setObjectName("openExport")
    folder_button.setObjectName("showExportFolder")
    open_button.clicked.connect(lambda: open_path(path))
    folder_button.clicked.connect(lambda: open_path(path.parent))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default program."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
