"""The main window: sidebar pages, menus, status bar, drag and drop, workspace switching."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.errors import DamagedWorkspace, WorkspaceError
from planner.progress import Progress
from planner.store.workspace import WORKSPACE_SUFFIX, Workspace, copy_workspace
from planner.ui import icons
from planner.ui.errors import damaged_text, show_background_failures, show_error, show_message
from planner.ui.folders import documents_dir
from planner.ui.pages.allocation import AllocationPage
from planner.ui.pages.base import Page
from planner.ui.pages.dashboard import DashboardPage
from planner.ui.pages.employees import EmployeesPage
from planner.ui.pages.matching import MatchingPage
from planner.ui.pages.plans import PlansPage
from planner.ui.pages.roles import RolesPage
from planner.ui.pages.workshops import WorkshopsPage
from planner.ui.settings import Settings
from planner.ui.state import WorkspaceState
from planner.ui.tasks import Task
from planner.ui.widgets.wheel_guard import install_wheel_guard

log = logging.getLogger("planner.ui")

SPREADSHEET_SUFFIXES = (
    *(".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt"),
    *(".htm", ".html", ".xml"),  # web pages and Excel 2003 XML that HR systems export
)
WORKSPACE_FILTER = f"Reskill Planner workspaces (*{WORKSPACE_SUFFIX})"

SHORTCUTS = (
    ("Ctrl+N", "New workspace"),
    ("Ctrl+O", "Open workspace"),
    ("Ctrl+Shift+S", "Save a copy of the workspace as…"),
    ("Ctrl+I", "Import a spreadsheet"),
    ("Ctrl+E", "Export to Excel"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
    ("Ctrl+F", "Find people (focus the search box)"),
    ("F5", "Read the workspace again"),
    ("Ctrl+C", "Copy the selected table cells (pastes into Excel)"),
    ("Ctrl+1 … Ctrl+7", "Go to a page"),
    ("Ctrl+Q", "Quit"),
    ("F1", "Keyboard shortcuts"),
)


def first_size(available: QSize) -> QSize:
    """The window size on first start: 1280×800 at most, and always inside the screen's
    free area with room for the title bar and frame (a 1366×768 laptop shows it whole,
    status bar included)."""
    return QSize(min(1280, available.width() - 16), min(800, available.height() - 40))


class DemoBanner(QWidget):
    """A strip above the pages while the demo organisation is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#demoBanner { background: #fff4ce; color: #3d2f00; "
            "border-bottom: 1px solid #e0c060; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        self.text = QLabel(
            "<b>Demo workspace</b>: a made-up organisation to try the app. "
            "Your own staff go into a workspace of their own."
        )
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.own_data = QPushButton("Start with your own data…")
        self.own_data.setObjectName("ownData")
        row.addWidget(self.own_data)
        self.hide()


class MainWindow(QMainWindow):
    """Sidebar + stacked pages over one :class:`WorkspaceState`."""

    workspaceOpened = Signal(str)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Reskill Planner")
        self.setWindowIcon(icons.icon("app"))
        self.setAcceptDrops(True)
        self.state = WorkspaceState(self)
        self.undo_stack = QUndoStack(self)
        install_wheel_guard(QApplication.instance())
        self.tasks: list[Task] = []

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setSpacing(2)
        self.sidebar.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.employees_page = EmployeesPage(self.state, self.undo_stack)
        self.pages: list[Page] = [
            DashboardPage(self.state),
            self.employees_page,
            RolesPage(self.state, self.undo_stack),
            MatchingPage(self.state),
            AllocationPage(self.state),
            PlansPage(self.state, self.undo_stack),
            WorkshopsPage(self.state, self.undo_stack),
        ]
        for page in self.pages:
            item = QListWidgetItem(icons.icon(page.icon_name), page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setSizeHint(QSize(150, 34))
            self.sidebar.addItem(item)
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self._page_changed)
        self._connect_pages()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.demo_banner = DemoBanner(self)
        self.demo_banner.own_data.clicked.connect(lambda: self.start_own_workspace())
        outer = QWidget()
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_banner)
        column.addWidget(central, 1)
        self.setCentralWidget(outer)
        self.state.opened.connect(self._update_banner)
        self.state.changed.connect(self._update_banner)

        self.status = QLabel()
        self.status.setObjectName("statusWorkspace")
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()
        self.state.opened.connect(self._update_status)
        self.state.loaded.connect(self._update_status)
        self.state.changed.connect(self._update_status)
        self.sidebar.setCurrentRow(0)
        self.resize(first_size(self.screen().availableGeometry().size()))
        geometry = self.settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get("window/state")
        if not state.isEmpty():
            self.restoreState(state)
        self._update_status()

    # -- menus ----------------------------------------------------------------------------

    def _action(
        self, menu: QMenu, text: str, slot: Any, shortcut: Any = None, icon: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            action.setIcon(icons.icon(icon))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(
            file, "&New workspace…", self.new_workspace, QKeySequence.StandardKey.New, "new"
        )
        self._action(
            file, "&Open workspace…", self.choose_workspace, QKeySequence.StandardKey.Open, "open"
        )
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self.save_as_action = self._action(
            file, "Save a copy &as…", self.save_copy, "Ctrl+Shift+S", "save"
        )
        # Backups (issue 13): restore one of the copies taken before imports and upgrades.
        self.restore_action = self._action(file, "Restore &backup…", self.restore_backup)
        show_background_failures(self)
        file.addSeparator()
        self.import_action = self._action(
            file, "&Import spreadsheet…", self.import_file, "Ctrl+I", "import"
        )
        self.export_action = self._action(
            file, "&Export to Excel…", self.export, "Ctrl+E", "export"
        )
        from planner.ui.catalog_menu import add_catalog_menu

        self.catalog_menu = add_catalog_menu(self, file)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        self._action(edit, "&Find people…", self.find, QKeySequence.StandardKey.Find)

        view = bar.addMenu("&View")
        self.refresh_action = self._action(
            view, "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh
        )
        self.refresh_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.state.outside_change.connect(self._outside_change)

        go = bar.addMenu("&Go")
        for n, page in enumerate(self.pages, start=1):
            self._action(go, page.title, lambda n=n: self.show_page(n - 1), f"Ctrl+{n}")

        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu,
            "&Keyboard shortcuts",
            self.show_shortcuts,
            QKeySequence.StandardKey.HelpContents,
        )
        self._action(help_menu, "&About Reskill Planner", self.show_about)
        self._action(help_menu, "Run &self-test", self.run_self_test)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_workspace(p))
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # -- pages ----------------------------------------------------------------------------

    def show_page(self, index: int | str) -> Page:
        if isinstance(index, str):
            index = [p.key for p in self.pages].index(index)
        self.sidebar.setCurrentRow(index)
        return self.pages[index]

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.pages[row].page_shown()

    def _connect_pages(self) -> None:
        """Page requests that need the window: go to a page, export, workspace actions."""
        for page in self.pages:
            for name, slot in (
                ("goto", self.show_page),
                ("exportRequested", self.export),
                ("newRequested", self.new_workspace),
                ("openRequested", self.choose_workspace),
                ("importRequested", self.import_file),
            ):
                signal = getattr(page, name, None)
                if signal is not None:
                    signal.connect(lambda *a, slot=slot: slot(*a))
        # Pin or exclude a candidate from the Matching page for the next allocation.
        pages = {page.key: page for page in self.pages}
        pages["matching"].ruleRequested.connect(pages["allocation"].add_rule)

    def refresh(self) -> None:
        """View ▸ Refresh (F5): read the workspace again."""
        if self.state.ws is not None:
            self.state.refresh()
            self.statusBar().showMessage("Read the workspace again.", 3000)

    def _outside_change(self) -> None:
        # edits on the undo stack refer to rows another program may have replaced
        self.undo_stack.clear()
        self.statusBar().showMessage(
            "The workspace was changed by another program; showing the new contents.", 8000
        )

    def find(self) -> None:
        self.show_page("employees")
        self.employees_page.focus_search()

    def _update_status(self) -> None:
        ws = self.state.ws
        if ws is None:
            self.status.setText("No workspace open")
            self.setWindowTitle("Reskill Planner")
            return
        counts = self.state.counts()
        shown = len(self.state.data)
        loading = " · loading…" if self.state.loading else ""
        self.status.setText(
            f"{ws.path.name} · {max(counts['employees'], shown):,} employees · "
            f"{counts['roles']} roles · {counts['modules']} modules · "
            f"{counts['assessments']} import{'' if counts['assessments'] == 1 else 's'}{loading}"
        )
        self.setWindowTitle(f"{ws.path.stem} – Reskill Planner")

    # -- workspaces -----------------------------------------------------------------------

    def open_workspace(self, path: str | Path) -> bool:
        """Open a workspace file; a refusal is a dialog and the current one stays open."""
        path = Path(path).expanduser().absolute()  # recent files must work from anywhere
        try:
            ws = Workspace.open(path)
        except WorkspaceError as exc:
            if not path.exists():
                self.settings.remove_recent(str(path))
            if isinstance(exc, DamagedWorkspace):
                show_message(
                    self, damaged_text(exc, path), details=str(exc), title="Cannot open workspace"
                )
            else:
                show_error(self, exc, title="Cannot open workspace")
            return False
        self.set_workspace(ws)
        return True

    def set_workspace(self, ws: Workspace) -> Task | None:
        self.undo_stack.clear()
        task = self.state.set_workspace(ws)
        self.settings.add_recent(str(ws.path))
        self.settings.last_workspace = str(ws.path)
        self.workspaceOpened.emit(str(ws.path))
        self.statusBar().showMessage(f"Opened {ws.path}", 5000)
        if ws.read_only is not None:  # viewing works; say at once why edits will not
            self.statusBar().showMessage(
                f"{ws.path.name} is open read-only: {ws.read_only}. Changes cannot be saved."
            )
        return task

    def choose_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open workspace", self._folder(), WORKSPACE_FILTER + ";;All files (*)"
        )
        if path:
            self.open_workspace(path)

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New workspace",
            str(documents_dir() / f"My organisation{WORKSPACE_SUFFIX}"),
            WORKSPACE_FILTER,
        )
        if not path:
            return
        if not path.endswith(WORKSPACE_SUFFIX):
            path += WORKSPACE_SUFFIX
        if Path(path).exists():
            show_message(
                self, f"{path} already exists. Open it with File ▸ Open, or choose another name."
            )
            return
        try:
            ws = Workspace.create(path)
        except WorkspaceError as exc:
            show_error(self, exc)
            return
        self.set_workspace(ws)

    def save_copy(self) -> None:
        ws = self.state.ws
        if ws is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy as", self._folder(), WORKSPACE_FILTER
        )
        if not path:
            return
        if not path.endswith(WORKSPACE_SUFFIX):
            path += WORKSPACE_SUFFIX
        try:
            copy_workspace(ws, path)
        except WorkspaceError as exc:
            show_error(self, exc)
            return
        self.statusBar().showMessage(
            f"Saved a copy as {path}; you are still working in {ws.path.name}.", 8000
        )

    def restore_backup(self) -> QDialog | None:
        """File ▸ Restore backup…: choose a backup; the workspace reloads after a restore."""
        ws = self.state.ws
        if ws is None:
            return None
        from planner.ui.restore_dialog import RestoreBackupDialog

        dialog = RestoreBackupDialog(ws, self)
        dialog.accepted.connect(lambda: self._restored(ws, dialog))
        dialog.open()
        return dialog

    def _restored(self, ws: Workspace, dialog: QDialog) -> None:
        self.set_workspace(ws)  # reload everything; undo history no longer applies
        self.statusBar().showMessage(
            f"Restored {ws.path.name} from {dialog.restored.name}; "
            "the state before is kept as a backup too.",
            10000,
        )

    def _folder(self) -> str:
        if self.is_demo():
            return str(documents_dir())
        return str(self.state.path.parent) if self.state.path else str(Path.home())

    # -- import and export ----------------------------------------------------------------

    # -- your data, not the demo ------------------------------------------------------------

    def is_demo(self) -> bool:
        from planner.demo import is_demo

        return self.state.ws is not None and is_demo(self.state.ws)

    def _update_banner(self) -> None:
        self.demo_banner.setVisible(self.is_demo())

    def ask_demo_import(self) -> str:
        """Importing while the demo is open: "new" workspace, "demo" or "cancel"."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import into the demo?",
            "The open workspace is the demo organisation. Import your staff into "
            "a new workspace of their own (recommended), so real people are "
            "never mixed with the made-up ones?",
            parent=self,
        )
        new = box.addButton("New workspace…", QMessageBox.ButtonRole.AcceptRole)
        demo = box.addButton("Import into the demo", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(new)
        box.exec()
        return {id(new): "new", id(demo): "demo"}.get(id(box.clickedButton()), "cancel")

    def start_own_workspace(self, path: str | Path | None = None) -> QDialog | None:
        """A new workspace (in Documents), then the import wizard on it."""
        before = self.state.ws
        self.new_workspace()
        if self.state.ws is None or self.state.ws is before:
            return None
        return self.import_file(path)

    def import_file(self, path: str | Path | None = None) -> QDialog | None:
        """Open the import wizard (on ``path`` when given). Without a workspace, or with the
        demo open, a new workspace is offered first."""
        if self.state.ws is None:
            return self.start_own_workspace(path)
        if self.is_demo():
            choice = self.ask_demo_import()
            if choice == "cancel":
                return None
            if choice == "new":
                return self.start_own_workspace(path)
        from planner.ui.wizard.import_wizard import ImportWizard

        wizard = ImportWizard(self.state.ws.path, parent=self)
        wizard.imported.connect(lambda _report: self.state.reload())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        if path is not None:
            wizard.start_with(Path(path))
        return wizard

    def export(self, kind: str | None = None) -> QDialog | None:
        if self.state.ws is None:
            show_message(self, "Open or create a workspace first (File ▸ New or Open).")
            return None
        from planner.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.state.ws.path, parent=self, kind=kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- drag and drop --------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if not urls or not urls[0].isLocalFile():
            return
        event.acceptProposedAction()
        self.handle_dropped(Path(urls[0].toLocalFile()))

    def handle_dropped(self, path: Path) -> None:
        if path.suffix.lower() == WORKSPACE_SUFFIX:
            self.open_workspace(path)
        else:
            self.import_file(path)

    # -- help -----------------------------------------------------------------------------

    def show_shortcuts(self) -> QMessageBox:
        rows = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS
        )
        return show_message(
            self,
            f"<table>{rows}</table>",
            title="Keyboard shortcuts",
            icon=QMessageBox.Icon.Information,
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Reskill Planner",
            f"<h3>Reskill Planner {__version__}</h3><p>Import your employees' skills, match "
            "them to generative-AI roles, allocate people, plan their training and export "
            "Excel reports — offline, on your own computer.</p>",
        )

    def run_self_test(self) -> Task:
        from planner.ui.self_test import start_self_test

        return start_self_test(self)

    def open_url(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    # -- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.sync()
        self.state.close()
        super().closeEvent(event)


def create_demo(path: Path, progress: Progress) -> str:
    """Create the demo workspace at ``path`` (worker thread). Returns a note for the user,
    empty when the demo organisation was imported."""
    from planner.demo import demo_file, ensure_demo_data

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".creating")
    tmp.unlink(missing_ok=True)
    progress.step(0, 2, "creating the workspace")
    ws = Workspace.create(tmp)
    try:
        note = ""
        if demo_file().is_file():
            ensure_demo_data(ws, progress=progress)
        else:
            note = (
                "The demo organisation is not included in this installation, so the "
                "workspace starts empty. Import your own skills sheet with "
                "File ▸ Import… (Ctrl+I)."
            )
    finally:
        ws.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(path)  # only a complete workspace gets the real name
    return note
