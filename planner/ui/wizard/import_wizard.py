"""The import wizard: file → sheet → columns → levels → checks → import.

Each step calls the importer's own functions (:mod:`planner.importing`); the file is parsed
once (on the thread pool) and the import itself runs there too, with its own workspace
connection, a progress bar and Cancel. The import is one transaction, so a cancel leaves
the workspace unchanged. The steps that work on one file share its time budget
(:class:`~planner.importing.budget.FileBudget`): a crafted file is refused in words, never a
wizard that hangs. The mapping page makes a drop-down only for the rows in view, so a
sheet of 16,384 columns opens as fast as a small one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
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
from planner.errors import Cancelled, InputRejected, PlannerError, TooLarge
from planner.importing import (
    Checked,
    ImportReport,
    Mapping,
    Scale,
    Source,
    check_rows,
    commit,
    detect,
    load_source,
    sheets_like,
)
from planner.importing.budget import FileBudget, FileTooSlow
from planner.importing.checking import footer_notes, hidden_note
from planner.importing.mapping import EMPLOYEE_ROLES, SOURCES, apply_saved
from planner.importing.preview import LevelRow, preview_by_scale
from planner.importing.report import column_letter
from planner.importing.writer import remembered_mapping
from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.errors import sentence, show_error
from planner.ui.pages.base import EmptyOr
from planner.ui.tasks import Task, run_task
from planner.wording import counted

log = logging.getLogger("planner.ui.wizard")

FILE_PAGE, SHEET_PAGE, MAPPING_PAGE, LEVELS_PAGE, CHECK_PAGE, IMPORT_PAGE = range(6)
ATTENTION = QColor("#fff1c2")      # rows the user should look at
UNSURE_BELOW = 0.8

FILE_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt *.htm *.html *.xml);;"
    "All files (*)"
)

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


def _sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter (a file name kept as it is) and a full
    stop."""
    return sentence(text.strip().rstrip(".")) + "."


def read_file(path: Path, progress: Progress, budget: FileBudget | None = None,
              allow_large: bool = False) -> Source:
    """Read the file (``allow_large``: the user trusts a file refused for its size)."""
    with budget.step() if budget is not None else contextlib.nullcontext():
        return load_source(path, progress=progress, allow_large=allow_large)


def run_import(workspace: Path, source: Source, mapping: Mapping,
               progress: Progress, budget: FileBudget | None = None,
               checked: Checked | None = None, also: list[str] | None = None) -> ImportReport:
    """The import on a worker thread, with its own connection (the rows the checks page
    checked are not checked again); ``also``: more sheets with the same columns, imported
    in the same transaction."""
    with budget.step() if budget is not None else contextlib.nullcontext(), \
            Workspace.open(workspace) as ws:
        return commit(ws, source, mapping, progress=progress, checked=checked,
                      also=also or ())


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
        self.detected: tuple[int, str] | None = None     # (source id, sheet) of self.mapping
        self.budget: FileBudget | None = None           # the time the file's steps may take
        self.checked: Checked | None = None             # the rows as the checks page found
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.mapping_page = MappingPage()
        self.levels_page = LevelsPage()
        self.check_page = CheckPage()
        self.import_page = ImportPage()
        for page_id, page in enumerate((self.file_page, self.sheet_page, self.mapping_page,
                                        self.levels_page, self.check_page, self.import_page)):
            self.setPage(page_id, page)
        self.finished.connect(lambda _result: self._close_workspace())

    def detect_sheet(self, sheet: str, on_done: Callable[[], None],
                     on_error: Callable[[BaseException], None]) -> Task:
        """Find the table on ``sheet`` and guess the columns in the background."""
        source, catalog, budget = self.source, self.catalog, self.budget
        assert source is not None

        def find(_progress: Progress) -> Mapping:
            with budget.step() if budget is not None else contextlib.nullcontext():
                source.select(sheet)
                return detect(source, catalog)

        def done(mapping: Mapping) -> None:
            saved = remembered_mapping(self.ws, mapping.signature)
            if saved is not None:
                mapping = apply_saved(mapping, saved)
            self.mapping = mapping
            self.mapping_page.remembered = saved is not None
            self.detected = (id(source), sheet)
            on_done()

        return run_task(find, title="Reading the sheet", on_done=done, on_error=on_error)

    def one_sheet(self) -> bool:
        """A CSV or a workbook with one sheet: the sheet page has nothing to ask."""
        return self.source is not None and len(self.source.sheet_names) == 1

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
        self.trusted: Path | None = None  # read although refused for its size (the user said)
        self.too_large: QMessageBox | None = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import spreadsheet",
                                              str(Path(self.path.text() or Path.home())),
                                              FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and (self.task is None or self.task.done)

    def nextId(self) -> int:
        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and wizard.one_sheet():
            return MAPPING_PAGE
        return SHEET_PAGE

    def validatePage(self) -> bool:
        path = Path(self.path.text().strip())
        wizard = _wizard(self)
        if wizard.source is not None and self._loaded_path == path and (
                not wizard.one_sheet() or wizard.detected == (id(wizard.source),
                                                              wizard.source.sheet)):
            return True
        if not path.exists() and not path.is_symlink():
            self.status.setText(f"There is no file at {path}.")
            return False
        # Anything else that is there (a folder, a pipe, a device, a dangling link) gets the
        # reader's own words for what it is.
        if self.task is not None and not self.task.done:
            return False
        self.status.setText(f"Reading {path.name}…")
        self.progress.setRange(0, 0)
        self.progress.show()

        def done(source: Source) -> None:
            wizard.source, self._loaded_path = source, path
            wizard.detected = None
            if not wizard.one_sheet():
                self._finish("")
                wizard.next()
                return
            # One sheet: no sheet to choose, find the table straight away.
            self.status.setText(f"Looking for the table in {path.name}…")
            self.task = wizard.detect_sheet(source.sheet, lambda: (self._finish(""),
                                                                    wizard.next()), failed)
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            self._finish(f"Could not read {path.name}: {exc}"
                         if isinstance(exc, PlannerError) else "")
            if isinstance(exc, TooLarge) and not trusted:
                self._offer_large(path, exc)
            else:
                show_error(wizard, exc, title="Cannot import this file")

        trusted = self.trusted == path
        budget = wizard.budget = FileBudget(path, allow_large=trusted)
        self.task = run_task(lambda p: read_file(path, p, budget, trusted),
                             title=f"Reading {path.name}", on_done=done, on_error=failed)
        self.task.progressed.connect(self._progress)
        self.completeChanged.emit()
        return False

    def _offer_large(self, path: Path, exc: TooLarge) -> None:
        """The file was refused for its size alone: the user may trust it and read it anyway
        (as the command line's --allow-large does)."""
        box = self.too_large = QMessageBox(
            QMessageBox.Icon.Warning,
            "A very large file",
            f"{_sentence(str(exc))}\n\nIf this is a file you know (a large export from "
            "your HR system, say), Reskill Planner can read it anyway. That may take "
            "several minutes and a lot of memory; other programs may slow down meanwhile. "
            "Do not do this with a file from an unknown source.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("tooLargeDialog")
        anyway = box.addButton("Read it anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            self.too_large = None
            if box.clickedButton() is anyway and Path(self.path.text().strip()) == path:
                self.trusted = path
                self.wizard().next()  # read it again, trusted

        box.finished.connect(answered)
        box.open()

    def _finish(self, status: str) -> None:
        self.progress.hide()
        self.status.setText(status)
        self.completeChanged.emit()

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

    def initializePage(self) -> None:
        source = _wizard(self).source
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
        if wizard.detected == (id(source), sheet) and wizard.mapping is not None:
            return True
        if self.task is not None and not self.task.done:
            return False
        self.status.setText(f"Looking for the table on sheet {sheet}…")

        def done() -> None:
            self.status.setText("")
            self.completeChanged.emit()
            wizard.next()

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc))
            self.completeChanged.emit()
            show_error(wizard, exc, title="Cannot use this sheet")

        self.task = wizard.detect_sheet(sheet, done, failed)
        self.completeChanged.emit()
        return False


class MappingPage(QWizardPage):
    """One row per column: what the importer guessed, changeable with a searchable
    drop-down; columns it is unsure of, or that match no catalog skill, are highlighted."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check what each column holds")
        self.remembered = False
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.notes = QLabel()
        self.notes.setObjectName("mappingNotes")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        row = QHBoxLayout()
        row.addWidget(QLabel("Levels were rated by (when no column says):"))
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        row.addWidget(self.source)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(["Column", "Header", "Examples", "Reads as",
                                              "Sure", "Check"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.reason = QLabel()
        self.reason.setObjectName("mappingReason")
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        # One drop-down per column, made when its row comes into view (None until then);
        # ``chosen`` holds every column's role meanwhile.
        self.combos: list[QComboBox | None] = []
        self.chosen: list[str] = []
        self._choices: list[tuple[str, str]] = []
        self.flagged: set[int] = set()       # table rows highlighted for the user
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self._fill_view())

    def initializePage(self) -> None:
        wizard = _wizard(self)
        mapping, source = wizard.mapping, wizard.source
        if mapping is None or source is None:
            return
        rows = source.rows
        data_rows = mapping.data_rows or []
        header_text = ", ".join(str(r + 1) for r in mapping.header_rows)
        layout = ("one row per person (wide)" if mapping.layout == "wide"
                  else "one row per person and skill (long)")
        self.summary.setText(
            f"Sheet <b>{mapping.sheet}</b>: header in row {header_text}, "
            f"{len(data_rows):,} data rows, {layout}. "
            + ("Choices remembered from an earlier import of this layout. "
               if self.remembered else "")
            + "Change a drop-down where the guess is wrong (type to search); highlighted "
              "columns need a look.")
        notes = sheet_notes(source, mapping)
        self.notes.setText("<br>".join(escape(note, quote=False) for note in notes))
        self.notes.setVisible(bool(self.notes.text()))
        self.source.setCurrentText(mapping.default_source)
        self._choices = role_choices(wizard.catalog)
        self.table.setRowCount(0)  # the drop-downs of an earlier visit go
        self.table.setRowCount(len(mapping.columns))
        self.combos = [None] * len(mapping.columns)
        self.chosen = [col.role for col in mapping.columns]
        for i, col in enumerate(mapping.columns):
            examples = []
            for r in data_rows[:40]:
                value = rows[r][col.index] if col.index < len(rows[r]) else None
                if value not in (None, "") and shown(value) not in examples:
                    examples.append(shown(value))
                if len(examples) >= 3:
                    break
            self.table.setItem(i, 0, QTableWidgetItem(column_letter(col.index)))
            self.table.setItem(i, 1, QTableWidgetItem(col.header))
            self.table.setItem(i, 2, QTableWidgetItem("; ".join(examples)))
            sure = QTableWidgetItem(f"{col.confidence:.0%}")
            sure.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, 4, sure)
            self.table.setItem(i, 5, QTableWidgetItem(""))
            self._mark(i, col.role, col.confidence, col.note, col.suggestions, col.scale)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(2, 160)
        self.table.setColumnWidth(3, 280)
        self.table.resizeColumnToContents(4)
        self._fill_view(EAGER_COMBOS)
        self._update_reason()

    def combo(self, row: int) -> QComboBox:
        """The drop-down of ``row`` (made now if it was not in view yet)."""
        combo = self.combos[row]
        if combo is None:
            combo = self.combos[row] = searchable_combo(self._choices, self.chosen[row])
            combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
            self.table.setCellWidget(row, 3, combo)
        return combo

    def _fill_view(self, at_least: int = 0) -> None:
        """Make the drop-downs of the rows in view (and of the first ``at_least`` rows)."""
        if not self.combos:
            return
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height() - 1)
        last = len(self.combos) - 1 if last < 0 else last
        for row in range(first, min(len(self.combos), max(last + 2, at_least))):
            self.combo(row)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)
        self._fill_view()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._fill_view()

    def _changed(self, row: int) -> None:
        mapping = _wizard(self).mapping
        if mapping is not None and row < len(mapping.columns):
            col = mapping.columns[row]
            role = self.chosen[row] = self.combo(row).currentData()
            if role == col.role:
                self._mark(row, role, col.confidence, col.note, col.suggestions, col.scale)
            else:
                self._mark(row, role, 1.0, "your choice", (), col.scale)
        self._update_reason()
        self.completeChanged.emit()

    def _mark(self, row: int, role: str, confidence: float, note: str,
              suggestions: tuple[str, ...], scale: Scale | None = None) -> None:
        """Say why a column needs a look (and a skill column's scale); highlight it."""
        if role == "unknown_skill":
            closest = f" Closest catalog skills: {', '.join(suggestions)}." if suggestions else ""
            text = f"No catalog skill matches: it becomes a new skill no role uses.{closest}"
        elif confidence < UNSURE_BELOW and (note or role not in ("attribute", "ignore")):
            text = f"Not sure ({confidence:.0%}){': ' + note if note else ''}."
        else:
            text = note
        if scale is not None and (role.startswith("skill:") or role in ("unknown_skill",
                                                                        "level")):
            text = f"Scale {scale.label}. {text}".strip()
        # A column kept as extra information for want of a better guess is no alarm.
        flag = role == "unknown_skill" or (confidence < UNSURE_BELOW and (
            bool(note) or role not in ("attribute", "ignore")))
        if flag:
            self.flagged.add(row)
        else:
            self.flagged.discard(row)
        check = self.table.item(row, 5)
        check.setText(text)
        check.setToolTip(text)
        brush = QBrush(ATTENTION) if flag else QBrush()
        for c in (0, 1, 2, 4, 5):
            item = self.table.item(row, c)
            if item is not None:
                item.setBackground(brush)

    def roles(self) -> list[str]:
        return list(self.chosen)

    def missing(self) -> str:
        """Why Next is off, or '' when an id or name and a skill are mapped."""
        roles = self.roles()
        why = []
        if not {"employee_id", "email", "name"} & set(roles):
            why.append("choose the column that identifies people (an employee ID, email or "
                       "name)")
        skills = any(r.startswith("skill:") or r == "unknown_skill" for r in roles) or (
            "skill_name" in roles and "level" in roles)
        if not skills:
            why.append("choose at least one skill column (or a skill name and a level column "
                       "for one row per person and skill)")
        return "; ".join(why)

    def _update_reason(self) -> None:
        missing = self.missing()
        self.reason.setText(f"<b>Next is off until you</b> {missing}." if missing else "")

    def isComplete(self) -> bool:
        return bool(self.chosen) and not self.missing()

    def set_role(self, header: str, role: str) -> None:
        """Choose ``role`` for the column titled ``header`` (as a user would)."""
        mapping = _wizard(self).mapping
        assert mapping is not None
        for row, col in enumerate(mapping.columns):
            if col.header == header:
                combo = self.combo(row)
                combo.setCurrentIndex(combo.findData(role))
                return
        raise KeyError(header)

    def validatePage(self) -> bool:
        wizard = _wizard(self)
        mapping = wizard.mapping
        if mapping is None or not self.isComplete():
            return False
        columns = []
        for role, col in zip(self.chosen, mapping.columns, strict=True):
            columns.append(col if role == col.role else
                           dataclasses.replace(col, role=role, confidence=1.0,
                                               note="your choice", suggestions=()))
        roles = {c.role for c in columns}
        wide = any(c.is_skill for c in columns)
        layout = "long" if {"skill_name", "level"} <= roles and not wide else "wide"
        wizard.mapping = dataclasses.replace(mapping, columns=columns, layout=layout,
                                             default_source=self.source.currentText(),
                                             overrides=dict(mapping.overrides))
        return True


def searchable_combo(choices: list[tuple[str, str]], role: str) -> QComboBox:
    """A drop-down of roles and catalog skills that filters as the user types."""
    combo = QComboBox()
    for label, value in choices:
        combo.addItem(label, value)
    found = combo.findData(role)
    if found < 0:
        combo.addItem(role, role)
        found = combo.count() - 1
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(found)
    # Show a long skill name from its start, and again after each choice.
    line = combo.lineEdit()
    line.setCursorPosition(0)
    combo.currentIndexChanged.connect(lambda _i: line.setCursorPosition(0))
    return combo


def sheet_notes(source: Source, mapping: Mapping) -> list[str]:
    """What the command line notes about the file and the table, as sentences."""
    notes = list(source.notes)
    notes += [f"row {r + 1} looks like a totals row and is skipped" for r in mapping.totals_rows]
    notes += [f"{note} and is skipped" for note in footer_notes(source.rows, mapping)]
    if mapping.section_rows and not mapping.by_role("department"):
        notes.append("each group heading is kept as the department of the people under it")
    if mapping.hidden_rows:
        notes.append(hidden_note(mapping.hidden_rows))
    return [_sentence(note) for note in notes]


def shown(value: object) -> str:
    """A cell as the user typed it: 7.0 (as a reader returns it) shows as 7."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


EAGER_COMBOS = 40  # drop-downs made at once; the others as their rows come into view

LEVEL_CHOICES = [("0 – none", 0.0), ("1 – awareness", 1.0), ("2 – basic", 2.0),
                 ("3 – intermediate", 3.0), ("4 – advanced", 4.0), ("5 – expert", 5.0),
                 ("not assessed", None)]


class LevelsPage(QWizardPage):
    """Each distinct value once per scale and the 0–5 level it becomes; the user can say
    how a value reads instead."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check how levels are read")
        self.setSubTitle("Each distinct value once per scale and the 0–5 level it becomes. "
                         "Blank or \"n/a\" means not assessed (never 0). Choose another "
                         "reading where one is wrong: it applies to every cell with that value.")
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("levelsTable")
        self.table.setHorizontalHeaderLabels(["Scale", "In the sheet", "Reads as", "Cells",
                                              "Columns", "Note"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.rows: list[LevelRow] = []
        self.combos: list[QComboBox] = []
        self.refused = False     # the file ran out of its time budget here

    def isComplete(self) -> bool:
        return not self.refused

    def initializePage(self) -> None:
        wizard = _wizard(self)
        assert wizard.source is not None and wizard.mapping is not None
        self.refused = False
        try:
            with wizard.budget.step() if wizard.budget else contextlib.nullcontext():
                self.rows = preview_by_scale(wizard.source, wizard.mapping)
        except InputRejected as exc:
            self.rows, self.refused = [], True
            show_error(wizard, exc, title="Cannot import this file")
            self.completeChanged.emit()
        self.table.setRowCount(len(self.rows))
        self.combos = []
        for i, row in enumerate(self.rows):
            cells = [row.scale, shown(row.raw), "", f"{row.cells:,}",
                     ", ".join(row.columns[:4]) + (" …" if len(row.columns) > 4 else ""),
                     row.note or ("not understood: reported, never guessed"
                                  if row.level is None and not row.overridden else "")]
            for c, text in enumerate(cells):
                if c != 2:
                    self.table.setItem(i, c, QTableWidgetItem(text))
            combo = QComboBox()
            as_read = "—" if row.level is None else f"{row.level:g}"
            combo.addItem(f"as read: {as_read}", "auto")
            for label, level in LEVEL_CHOICES:
                combo.addItem(label, level)
            if row.overridden:
                combo.setCurrentIndex(max(0, combo.findData(row.level)) if row.level is not None
                                      else combo.count() - 1)
            combo.currentIndexChanged.connect(lambda _i, n=i: self._chosen(n))
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
            if row.level is None and not row.overridden and row.note:
                for c in (0, 1, 3, 4, 5):
                    self.table.item(i, c).setBackground(QBrush(ATTENTION))
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 160)
        self.table.setColumnWidth(2, 170)
        self.table.resizeColumnToContents(3)
        # which columns a value comes from matters more than an empty note: give it room
        self.table.resizeColumnToContents(4)
        self.table.setColumnWidth(4, min(max(self.table.columnWidth(4), 120), 320))
        for i, row in enumerate(self.rows):
            self.table.item(i, 4).setToolTip(", ".join(row.columns))

    def _chosen(self, n: int) -> None:
        mapping = _wizard(self).mapping
        assert mapping is not None
        row, combo = self.rows[n], self.combos[n]
        choice = combo.currentData()
        chosen = mapping.overrides.setdefault(row.scale, {})
        if choice == "auto" and combo.currentIndex() == 0:
            chosen.pop(row.key, None)
        else:
            chosen[row.key] = choice
        if not chosen:
            mapping.overrides.pop(row.scale, None)

    def set_reading(self, scale: str, raw: str, level: float | None) -> None:
        """Say that ``raw`` on ``scale`` reads as ``level`` (None: not assessed), as a user
        would with the drop-down."""
        for row, combo in zip(self.rows, self.combos, strict=True):
            if row.scale == scale and shown(row.raw) == raw:
                index = combo.count() - 1 if level is None else combo.findData(level)
                combo.setCurrentIndex(index)
                return
        raise KeyError((scale, raw))


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
        self.notes = QListWidget()
        self.notes.setObjectName("checkNotes")
        self.notes.setMaximumHeight(130)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
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
        # A workbook with one sheet per department: the others can come along.
        self.also = QCheckBox()
        self.also.setObjectName("alsoSheets")
        self.also.hide()
        layout.insertWidget(2, self.also)  # under the summary and notes, where it is seen
        self.alike: list[str] = []
        self.ok = False
        self.task: Task | None = None

    def also_sheets(self) -> list[str]:
        """The other sheets the user chose to import with this one."""
        return list(self.alike) if not self.also.isHidden() and self.also.isChecked() else []

    def initializePage(self) -> None:
        wizard = _wizard(self)
        source, mapping, catalog = wizard.source, wizard.mapping, wizard.catalog
        assert source is not None and mapping is not None
        self.table.setRowCount(0)
        self.notes.clear()
        self.notes.hide()
        self.ok = False
        self.also.hide()
        self.also.setChecked(False)
        self.alike = []
        self.summary.setText(f"Checking {len(mapping.data_rows or []):,} rows…")
        self.content.show_message("Checking…")
        # Checking a big sheet takes a moment: off the GUI thread, like the import.
        budget = wizard.budget

        def run_checks(_progress: Progress) -> tuple[ImportReport, list[str]]:
            with budget.step() if budget is not None else contextlib.nullcontext():
                wizard.checked = check_rows(source, mapping, catalog)
                return wizard.checked.report, sheets_like(source, wizard.checked.mapping)

        self.task = run_task(run_checks, title="Checking rows", on_done=self._checked,
                             on_error=self._refused)
        self.completeChanged.emit()

    def _refused(self, exc: BaseException) -> None:
        self.ok = False
        if isinstance(exc, FileTooSlow):  # no column choice changes that
            self.summary.setText(f"<b>This file cannot be imported:</b> {exc}.")
            self.content.show_message("")
        elif isinstance(exc, InputRejected):
            self.summary.setText(f"<b>This sheet cannot be imported as mapped:</b> {exc}. "
                                 "Go back and change the column choices.")
            self.content.show_message("")
        else:
            self.summary.setText("The rows could not be checked.")
            show_error(_wizard(self), exc)
        self.completeChanged.emit()

    def _checked(self, result: tuple[ImportReport, list[str]]) -> None:
        report, self.alike = result
        self.ok = True
        lines = [*report.notes, *(line for line in report.details()
                                  if line.startswith("unmatched") or "both read as" in line)]
        self.notes.clear()
        for line in lines:
            item = QListWidgetItem(line[:1].upper() + line[1:])
            if line.startswith("unmatched") or "both read as" in line:
                item.setBackground(QBrush(ATTENTION))
            self.notes.addItem(item)
        self.notes.setVisible(bool(lines))
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
        errors = len(report.errors)
        skipped = (f"; {'that row is' if errors == 1 else 'those rows are'} skipped"
                   if errors else "")
        new_skills = (
            f", {counted(len(report.unmatched), 'matches', 'match')} no catalog skill "
            "(added as new skills)" if report.unmatched else ", all in the catalog")
        self.summary.setText(
            f"{counted(report.rows_read, 'row', 'rows')} read, "
            f"{counted(len(report.skills_mapped), 'skill', 'skills')} read{new_skills}. "
            f"<b>{counted(errors, 'error', 'errors')}</b>{skipped}, "
            f"{counted(len(report.warnings), 'warning', 'warnings')} "
            "(fixed automatically). Nothing is written until you choose Import.")
        if self.alike:
            shown = ", ".join(self.alike[:8]) + (
                f" and {len(self.alike) - 8:,} more" if len(self.alike) > 8 else "")
            self.also.setText(
                f"Also import the {counted(len(self.alike), 'other sheet', 'other sheets')} "
                f"with these columns ({shown}), read the same way"
            )
            self.also.show()
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
        workspace, budget, checked = wizard.workspace, wizard.budget, wizard.checked
        also = wizard.check_page.also_sheets()
        if also:
            sheets = counted(len(also) + 1, "sheet", "sheets")
            self.status.setText(f"Importing {source.name} ({sheets})…")
        self.task = run_task(
            lambda p: run_import(workspace, source, mapping, p, budget, checked, also),
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
        several = bool(report.more_sheets)
        lines = [sheet.summary(with_sheet=several) for sheet in report.every_sheet()]
        head = f"Done: {counted(len(lines), 'sheet', 'sheets')} imported." if several else "Done."
        self.status.setText("\n".join([head, *lines]) if several else f"{head} {lines[0]}")
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
