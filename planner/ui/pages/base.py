"""What every page shares: a title, a hint line and access to the workspace state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from planner.ui.state import WorkspaceState


class Page(QWidget):
    """A sidebar page. Subclasses fill ``self.body`` and refresh on state signals."""

    key = ""
    title = ""
    icon_name = ""

    def __init__(self, state: WorkspaceState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._stale = False  # set by refresh_when_shown while the page is hidden
        self.setObjectName(f"page_{self.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("pageHint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(self.hint)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)

    def page_shown(self) -> None:
        """Called when the page becomes the current one (refreshes a stale page)."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Show the workspace's current data (pages that follow changes override this)."""

    def refresh_when_shown(self, *_args: object) -> None:
        """The data changed: refresh now if the page is visible, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.refresh()


def hint_box(text: str) -> QLabel:
    """A framed explanation for an area that has nothing to show yet."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setObjectName("emptyHint")
    label.setStyleSheet("QLabel#emptyHint { border: 1px dashed palette(mid); border-radius: 6px;"
                        " padding: 14px; }")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return label


class EmptyOr(QStackedWidget):
    """A view, or in its place a message saying why there is nothing to show yet."""

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.message = QLabel()
        self.message.setObjectName("emptyMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setContentsMargins(4, 12, 4, 4)
        self.addWidget(view)
        self.addWidget(self.message)

    def show_view(self) -> None:
        self.setCurrentWidget(self.view)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.message
