"""The import report: counts, and every error and warning with a human cell address."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from planner.wording import counted


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(sheet: str | None, row: int | None, column: int | None) -> str:
    """``Skills!D17`` from 0-based row and column; parts that are unknown are left out."""
    ref = ""
    if column is not None:
        ref += column_letter(column)
    if row is not None:
        ref += str(row + 1) if column is not None else f"row {row + 1}"
    if sheet and ref:
        quoted = f"'{sheet}'" if not sheet.replace("_", "").isalnum() else sheet
        return f"{quoted}!{ref}"
    return ref or (sheet or "")


@dataclass
class Issue:
    """One problem found while reading; ``row``/``column`` are 0-based, ``cell`` is human."""

    level: str                      # "error" (row skipped / file refused) | "warning" (fixed)
    message: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    cell: str = ""

    def __post_init__(self) -> None:
        if not self.cell:
            self.cell = cell_address(self.sheet, self.row, self.column)

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else self.message


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or validation, would do)."""

    file: str = ""
    sheet: str | None = None
    layout: str = ""
    rows_read: int = 0
    employees_added: int = 0
    employees_updated: int = 0
    ratings: int = 0
    skills_mapped: dict[str, str] = field(default_factory=dict)   # header -> skill id
    skills_added: list[str] = field(default_factory=list)         # new workspace skill ids
    unmapped_columns: list[str] = field(default_factory=list)
    # What each column was read as: header, column letter, role, skill name, confidence,
    # scale and why; unmatched skill columns carry the closest catalog skills.
    columns: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    merged_columns: list[str] = field(default_factory=list)   # several columns, one skill
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    assessment_id: int | None = None
    duplicate_of: int | None = None
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    mapping: Any = field(default=None, repr=False, compare=False)   # the Mapping used
    # Other sheets of the file with the same columns: imported with this one (their
    # reports), or only named (not imported: the user did not ask for them).
    more_sheets: list[ImportReport] = field(default_factory=list)
    same_columns: list[str] = field(default_factory=list)

    def warn(self, message: str, sheet: str | None = None, row: int | None = None,
             column: int | None = None) -> None:
        self.warnings.append(Issue("warning", message, sheet, row, column))

    def error(self, message: str, sheet: str | None = None, row: int | None = None,
              column: int | None = None) -> None:
        self.errors.append(Issue("error", message, sheet, row, column))

    def to_dict(self) -> dict[str, Any]:
        mapping, more, self.mapping, self.more_sheets = self.mapping, self.more_sheets, None, []
        try:
            data = asdict(self)
        finally:
            self.mapping, self.more_sheets = mapping, more
        data["more_sheets"] = [report.to_dict() for report in more]
        return data

    def every_sheet(self) -> list[ImportReport]:
        """This report, then those of the sheets imported with it."""
        return [self, *self.more_sheets]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def details(self) -> list[str]:
        """Lines for people: each skill column with its scale, unmatched columns with the
        closest catalog skills, columns read as one skill and which value won."""
        out = []
        for col in self.columns:
            if not col.get("skill"):
                continue
            sure = f", {col['confidence']:.0%} sure" if col["confidence"] < 0.95 else ""
            scale = f", scale {col['scale']}" if col.get("scale") else ""
            why = f" ({col['note']})" if col.get("note") else ""
            out.append(f"column {col['column']} {col['header']!r}: {col['skill']}"
                       f"{scale}{sure}{why}")
        for item in self.unmatched:
            closest = ", ".join(item["closest"]) or "none close"
            out.append(f"unmatched: {item['name']!r} ({item['where']}) matches no catalog skill; "
                       f"added as the new skill {item['added_as']!r}; closest catalog skills: "
                       f"{closest}")
        out.extend(self.merged_columns)
        return out

    def _skills_read(self) -> str:
        """'8 skill columns, 1 unmapped' (wide) / '8 skills named, 1 new to the catalog'."""
        if self.layout == "long":
            named = counted(len(self.skills_mapped), "skill named", "skills named")
            return f"{named}, {len(self.unmapped_columns):,} new to the catalog"
        columns = counted(len(self.skills_mapped), "skill column", "skill columns")
        return f"{columns}, {len(self.unmapped_columns):,} unmapped"

    def summary(self, *, with_sheet: bool = False) -> str:
        """One line; ``with_sheet`` names the sheet (several sheets of one file)."""
        verb = "would import" if self.dry_run else "imported"
        what = f"{self.file}, sheet {self.sheet}" if with_sheet and self.sheet else self.file
        if self.duplicate_of is not None and self.assessment_id is None:
            return (f"{what}: already imported as assessment {self.duplicate_of}; "
                    "nothing changed.")
        return (f"{what}: {verb} {self.employees_added:,} new and "
                f"{self.employees_updated:,} updated employees, "
                f"{counted(self.ratings, 'rating', 'ratings')} "
                f"({self._skills_read()}); "
                f"{counted(len(self.warnings), 'warning', 'warnings')}, "
                f"{counted(len(self.errors), 'row', 'rows')} skipped.")
