"""The import wizard: file → sheet → columns → levels → checks → import.

Each step calls the importer's own functions (:mod:`planner.importing`); the file is parsed
once (on the thread pool) and the import itself runs there too, with its own workspace
connection, a progress bar and Cancel. The import is one transaction, so a cancel leaves
the workspace unchanged.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planner.catalog.model import Catalog
from planner.errors import Cancelled, InputRejected, PlannerError
from planner.importing import (
    ImportReport,
    Mapping,
    Source,
    commit,
    detect,
    load_source,
    preview_levels,
    validate,
)
from planner.importing.mapping import EMPLOYEE_ROLES, SOURCES, apply_saved
from planner.importing.report import column_letter
from planner.importing.writer import remembered_mapping
from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.errors import show_error
from planner.ui.pages.base import EmptyOr
from planner.ui.tasks import Task, run_task

log = logging.getLogger("planner.ui.wizard")

FILE_FILTER = ("Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;"
               "All files (*)")

ROLE_LABELS = {
    "employee_id": "Employee ID", "name": "Name", "first_name": "First name",
    "last_name": "Last name", "email": "Email", "department": "Department",
    "job_title": "Job title", "site": "Site", "manager": "Manager",
    "weekly_hours": "Training hours per week", "rater": "Rated by (self, manager…)",
    "skill_name": "Skill name (long layout)", "level": "Level (long layout)",
    "attribute": "Keep as extra information", "ignore": "Ignore this column",
    "unknown_skill": "A new skill (add to this workspace)",
}


def role_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """(label, role) for the mapping drop-downs: fields, then every catalog skill."""
    out = [(ROLE_LABELS[r], r) for r in EMPLOYEE_ROLES]
    out += [(ROLE_LABELS[r], r) for r in ("skill_name", "level", "attribute", "ignore",
                                          "unknown_skill")]
    skills = sorted(catalog.skills.values(), key=lambda s: s.name.casefold())
    out += [(f"Skill: {s.name}", f"skill:{s.id}") for s in skills]
    return out


def read_file(path: Path, progress: Progress) -> Source:
    return load_source(path, progress=progress)


def run_import(workspace: Path, source: Source, mapping: Mapping,
               progress: Progress) -> ImportReport:
    """The import on a worker thread, with its own connection."""
    with Workspace.open(workspace) as ws:
        return commit(ws, source, mapping, progress=progress)


class ImportWizard(QWizard):
    """Walks through one import into the workspace at ``workspace``."""

    imported = Signal(object)         # the ImportReport, after a successful write

    def __init__(self, workspace: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle("Import a skills spreadsheet")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(980, 640)
        self.workspace = workspace
        self.ws = Workspace.open(workspace)      # GUI-thread reads: catalog, saved mappings
        self.catalog = self.ws.catalog()
        self.source: Source | None = None
        self.mapping: Mapping | None = None
        self.report: ImportReport | None = None
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.mapping_page = MappingPage()
        self.levels_page = LevelsPage()
        self.check_page = CheckPage()
        self.import_page = ImportPage()
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.levels_page,
                     self.check_page, self.import_page):
            self.addPage(page)
        self.finished.connect(lambda _result: self._close_workspace())

    def start_with(self, path: Path) -> None:
        """Open on ``path`` (a dropped file) and read it straight away."""
        self.file_page.path.setText(str(path))
        self.next()

    def _close_workspace(self) -> None:
        if self.import_page.task is not None and not self.import_page.task.done:
            self.import_page.task.cancel()
        self.ws.close()


def _wizard(page: QWizardPage) -> ImportWizard:
    wizard = page.wizard()
    assert isinstance(wizard, ImportWizard)
    return wizard


class FilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle("An Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) or a "
                         "CSV file with one row per person (or one row per person and skill). "
                         "You can also drop a file onto the main window.")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText("Path of the file to import")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.task: Task | None = None
        self._loaded_path: Path | None = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import spreadsheet",
                                              str(Path(self.path.text() or Path.home())),
                                              FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and (self.task is None or self.task.done)

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip())
        wizard = _wizard(self)
        if wizard.source is not None and self._loaded_path == path:
            return True
        if not path.is_file():
            self.status.setText(f"There is no file at {path}.")
            return False
        if self.task is not None and not self.task.done:
            return False
        self.status.setText(f"Reading {path.name}…")
        self.progress.setRange(0, 0)
        self.progress.show()

        def done(source: Source) -> None:
            self.progress.hide()
            self.status.setText("")
            wizard.source, self._loaded_path = source, path
            self.completeChanged.emit()
            wizard.next()

        def failed(exc: BaseException) -> None:
            self.progress.hide()
            self.status.setText(f"Could not read {path.name}: {exc}"
                                if isinstance(exc, PlannerError) else "")
            self.completeChanged.emit()
            show_error(wizard, exc, title="Cannot import this file")

        self.task = run_task(lambda p: read_file(path, p), title=f"Reading {path.name}",
                             on_done=done, on_error=failed)
        self.task.progressed.connect(self._progress)
        self.completeChanged.emit()
        return False

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if message:
            self.status.setText(message)


class SheetPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose the sheet")
        self.setSubTitle("The sheet that holds the skills. The likeliest one is selected.")
        layout = QVBoxLayout(self)
        self.sheets = QListWidget()
        self.sheets.setObjectName("sheetList")
        self.sheets.currentItemChanged.connect(lambda *_: self.completeChanged.emit())
        layout.addWidget(self.sheets)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.task: Task | None = None
        self._detected: tuple[int, str] | None = None

    def initializePage(self) -> None:
        source = _wizard(self).source
        self._detected = None
        self.sheets.clear()
        if source is None:
            return
        for info in source.sheets:
            if info.name not in source.sheet_names:
                continue
            rows = f"{info.rows:,} rows" if info.rows else ""
            text = f"{info}   {rows}".rstrip()
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            self.sheets.addItem(item)
            if info.name == source.sheet:
                self.sheets.setCurrentItem(item)

    def isComplete(self) -> bool:
        return self.sheets.currentItem() is not None and (self.task is None or self.task.done)

    def validatePage(self) -> bool:
        """Find the table and guess the columns in the background, then move on."""
        wizard = _wizard(self)
        item = self.sheets.currentItem()
        source = wizard.source
        if source is None or item is None:
            return False
        sheet = item.data(Qt.ItemDataRole.UserRole)
        if self._detected == (id(source), sheet) and wizard.mapping is not None:
            return True
        if self.task is not None and not self.task.done:
            return False
        catalog = wizard.catalog
        self.status.setText(f"Looking for the table on sheet {sheet}…")

        def find(_progress: Progress) -> Mapping:
            source.select(sheet)
            return detect(source, catalog)

        def done(mapping: Mapping) -> None:
            saved = remembered_mapping(wizard.ws, mapping.signature)
            if saved is not None:
                mapping = apply_saved(mapping, saved)
            wizard.mapping = mapping
            wizard.mapping_page.remembered = saved is not None
            self._detected = (id(source), sheet)
            self.status.setText("")
            self.completeChanged.emit()
            wizard.next()

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc))
            self.completeChanged.emit()
            show_error(wizard, exc, title="Cannot use this sheet")

        self.task = run_task(find, title="Reading the sheet", on_done=done, on_error=failed)
        self.completeChanged.emit()
        return False


class MappingPage(QWizardPage):
    """One row per column: what the importer guessed, changeable with a drop-down."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check what each column holds")
        self.remembered = False
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(QLabel("Levels were rated by (when no column says):"))
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        row.addWidget(self.source)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(["Column", "Header", "Examples", "Reads as",
                                              "Sure"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        wizard = _wizard(self)
        mapping, source = wizard.mapping, wizard.source
        if mapping is None or source is None:
            return
        rows = source.rows
        data_rows = mapping.data_rows or []
        header_text = ", ".join(str(r + 1) for r in mapping.header_rows)
        self.summary.setText(
            f"Sheet <b>{mapping.sheet}</b>: header in row {header_text}, "
            f"{len(data_rows):,} data rows, "
            f"{'one row per person (wide)' if mapping.layout == 'wide' else 'one row per person and skill (long)'}. "  # noqa: E501
            + ("Choices remembered from an earlier import of this layout. "
               if self.remembered else "")
            + "Change a drop-down where the guess is wrong.")
        self.source.setCurrentText(mapping.default_source)
        choices = role_choices(wizard.catalog)
        self.table.setRowCount(len(mapping.columns))
        self.combos = []
        for i, col in enumerate(mapping.columns):
            examples = []
            for r in data_rows[:40]:
                value = rows[r][col.index] if col.index < len(rows[r]) else None
                if value not in (None, "") and str(value) not in examples:
                    examples.append(str(value))
                if len(examples) >= 3:
                    break
            self.table.setItem(i, 0, QTableWidgetItem(column_letter(col.index)))
            self.table.setItem(i, 1, QTableWidgetItem(col.header))
            self.table.setItem(i, 2, QTableWidgetItem(", ".join(examples)))
            combo = QComboBox()
            for label, role in choices:
                combo.addItem(label, role)
            found = combo.findData(col.role)
            if found < 0:
                combo.addItem(col.role, col.role)
                found = combo.count() - 1
            combo.setCurrentIndex(found)
            self.table.setCellWidget(i, 3, combo)
            self.combos.append(combo)
            sure = QTableWidgetItem(f"{col.confidence:.0%}")
            sure.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, 4, sure)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(3, 280)
        self.table.resizeColumnToContents(4)

    def set_role(self, header: str, role: str) -> None:
        """Choose ``role`` for the column titled ``header`` (as a user would)."""
        mapping = _wizard(self).mapping
        assert mapping is not None
        for combo, col in zip(self.combos, mapping.columns, strict=True):
            if col.header == header:
                combo.setCurrentIndex(combo.findData(role))
                return
        raise KeyError(header)

    def validatePage(self) -> bool:
        wizard = _wizard(self)
        mapping = wizard.mapping
        if mapping is None:
            return False
        columns = []
        for combo, col in zip(self.combos, mapping.columns, strict=True):
            role = combo.currentData()
            columns.append(col if role == col.role else
                           dataclasses.replace(col, role=role, confidence=1.0))
        wizard.mapping = dataclasses.replace(mapping, columns=columns,
                                             default_source=self.source.currentText())
        return True


class LevelsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check how levels are read")
        self.setSubTitle("Each distinct value per skill column and the 0–5 level it becomes. "
                         "Blank or \"n/a\" means not assessed (never 0).")
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("levelsTable")
        self.table.setHorizontalHeaderLabels(["Column", "In the sheet", "Level", "Note"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        wizard = _wizard(self)
        assert wizard.source is not None and wizard.mapping is not None
        rows = preview_levels(wizard.source, wizard.mapping)
        self.table.setRowCount(len(rows))
        for i, (header, raw, level, note) in enumerate(rows):
            cells = [header, str(raw), "—" if level is None else f"{level:g}",
                     note or ("not understood: reported, never guessed"
                              if level is None else "")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(i, c, item)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 160)


class CheckPage(QWizardPage):
    """The validation report: errors and warnings with their cell, filterable."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check the rows")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Import")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItems(["Errors and warnings", "Errors", "Warnings"])
        self.kind.currentIndexChanged.connect(self._filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by cell or message")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        row.addWidget(self.kind)
        row.addWidget(self.search, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("issuesTable")
        self.table.setHorizontalHeaderLabels(["", "Cell", "What"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.content = EmptyOr(self.table)
        layout.addWidget(self.content, 1)
        self.ok = False
        self.task: Task | None = None

    def initializePage(self) -> None:
        wizard = _wizard(self)
        source, mapping, catalog = wizard.source, wizard.mapping, wizard.catalog
        assert source is not None and mapping is not None
        self.table.setRowCount(0)
        self.ok = False
        self.summary.setText(f"Checking {len(mapping.data_rows or []):,} rows…")
        self.content.show_message("Checking…")
        # Checking a big sheet takes a moment: off the GUI thread, like the import.
        self.task = run_task(lambda _p: validate(source, mapping, catalog),
                             title="Checking rows", on_done=self._checked,
                             on_error=self._refused)
        self.completeChanged.emit()

    def _refused(self, exc: BaseException) -> None:
        self.ok = False
        if isinstance(exc, InputRejected):
            self.summary.setText(f"<b>This sheet cannot be imported as mapped:</b> {exc}. "
                                 "Go back and change the column choices.")
            self.content.show_message("")
        else:
            self.summary.setText("The rows could not be checked.")
            show_error(_wizard(self), exc)
        self.completeChanged.emit()

    def _checked(self, report: ImportReport) -> None:
        self.ok = True
        issues = [*report.errors, *report.warnings]
        self.table.setRowCount(len(issues))
        for i, issue in enumerate(issues):
            for c, text in enumerate(("error" if issue.level == "error" else "warning",
                                      issue.cell, issue.message)):
                self.table.setItem(i, c, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        if issues:
            self.content.show_view()
        else:
            self.content.show_message("No problems found: every row can be imported as it "
                                      "is.")
        skipped = "; those rows are skipped" if report.errors else ""
        self.summary.setText(
            f"{report.rows_read:,} rows read, {len(report.skills_mapped)} skill columns "
            f"matched, {len(report.unmapped_columns)} columns not used. "
            f"<b>{len(report.errors)} errors</b>{skipped}, {len(report.warnings)} warnings "
            "(fixed automatically). Nothing is written until you choose Import.")
        self.completeChanged.emit()

    def _filter(self) -> None:
        kind = ("", "error", "warning")[self.kind.currentIndex()]
        text = self.search.text().strip().lower()
        for i in range(self.table.rowCount()):
            level = self.table.item(i, 0).text()
            line = f"{self.table.item(i, 1).text()} {self.table.item(i, 2).text()}".lower()
            self.table.setRowHidden(i, bool(kind and level != kind) or bool(text and
                                                                          text not in line))

    def visible_issue_count(self) -> int:
        return sum(not self.table.isRowHidden(i) for i in range(self.table.rowCount()))

    def isComplete(self) -> bool:
        return self.ok


class ImportPage(QWizardPage):
    """Writes the data on the thread pool; Cancel rolls everything back."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Importing")
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("importStatus")
        layout.addWidget(self.status)
        self.bar = QProgressBar()
        layout.addWidget(self.bar)
        self.cancel = QPushButton("Cancel import")
        self.cancel.setObjectName("cancelImport")
        self.cancel.clicked.connect(self._cancel)
        layout.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.task: Task | None = None
        self.outcome = ""        # "imported" | "cancelled" | "failed"

    def initializePage(self) -> None:
        wizard = _wizard(self)
        source, mapping = wizard.source, wizard.mapping
        assert source is not None and mapping is not None
        self.outcome = ""
        self.status.setText(f"Importing {source.name}…")
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        workspace = wizard.workspace
        self.task = run_task(lambda p: run_import(workspace, source, mapping, p),
                             title="Importing", on_done=self._done, on_error=self._failed)
        self.task.progressed.connect(self._progress)
        self.completeChanged.emit()

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if message:
            self.status.setText(message)

    def _cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.status.setText("Cancelling…")
            self.cancel.setEnabled(False)

    def _done(self, report: ImportReport) -> None:
        wizard = _wizard(self)
        wizard.report = report
        self.outcome = "imported"
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel.setEnabled(False)
        self.status.setText(f"Done. {report.summary()}")
        self.completeChanged.emit()
        if report.duplicate_of is None:
            wizard.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.cancel.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(exc, Cancelled):
            self.outcome = "cancelled"
            self.status.setText("Import cancelled. The workspace was not changed.")
        else:
            self.outcome = "failed"
            self.status.setText(f"The import failed and nothing was written: {exc}")
            show_error(_wizard(self), exc, title="Import failed")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.task is not None and self.task.done


__all__ = ["ImportWizard", "role_choices", "run_import"]
