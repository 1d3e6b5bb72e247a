"""Known errors: problems a user can act on, each with a message in plain words.

The edges (command line, GUI) turn these into an exit status or a dialog; anything
else is a bug and reaches the crash handler.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the user can cause and fix."""

    exit_code = 3


class InputRejected(PlannerError):
    """An input file or value was refused; the message names where (file, sheet, cell)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        where = ", ".join(
            part
            for part in (
                file and f"file {file}",
                sheet and f"sheet {sheet}",
                cell and f"cell {cell}",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.sheet, self.cell = file, sheet, cell


class TooLarge(InputRejected):
    """The file was refused for its size alone: it is read when the user trusts it (the
    command line's ``--allow-large``, the import wizard's "Read it anyway"), with no memory
    cap on this process and four times the time."""


class WorkspaceError(PlannerError):
    """A workspace file cannot be opened or written."""


class NotAWorkspace(WorkspaceError):
    """The file is not a Reskill Planner workspace."""


class DamagedWorkspace(NotAWorkspace):
    """A workspace file that is cut short or damaged; its message says so in plain words and
    each edge adds how to bring a backup back (a command, or the window's menu)."""

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = path


class WorkspaceVersionError(WorkspaceError):
    """The workspace was written by a newer version of the app."""


class CatalogError(PlannerError):
    """The role/skill/module catalog is inconsistent (unknown ids, cycles, gaps)."""


class Cancelled(PlannerError):
    """Long work was cancelled by the user; nothing was written."""

    exit_code = 1
