"""The catalog as a workbook HR can edit in Excel, and reading an edited copy back.

Sheets: ``roles``, ``requirements``, ``skills``, ``modules`` and ``settings`` (the
currency). Ids, families, formats, categories and skill ids have drop-downs (data
validation); levels and weights accept whole numbers in their range only.

Reading back goes through the importer's guarded reader (sniffing, then parsing in the
sandboxed child), never openpyxl on the edited file. The workbook describes the whole
catalog: roles and modules missing from it are removed; skills missing from it are kept
(people may be rated in them). A role's source phrase and evidence, a skill's aliases and
adjacency are not in the workbook and are kept. Every refusal names sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from planner.catalog.changes import WORKSPACE, copy_catalog
from planner.catalog.checks import check_catalog, currency_problem
from planner.catalog.model import (
    CATEGORIES,
    FAMILIES,
    FORMATS,
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)
from planner.errors import InputRejected

# sheet -> [(header, field)]; the header's text before " (" is what import matches
SHEETS: dict[str, list[tuple[str, str]]] = {
    "roles": [
        ("id", "id"),
        ("name", "name"),
        ("family", "family"),
        ("description", "description"),
        ("source phrase (from the article, not imported)", "source_phrase"),
    ],
    "requirements": [
        ("role id", "role"),
        ("skill id", "skill"),
        ("target (1-5)", "target"),
        ("weight (1-3)", "weight"),
        ("must have (0-5 or empty)", "must_min"),
        ("credential gate (yes/no)", "gate"),
    ],
    "skills": [
        ("id", "id"),
        ("name", "name"),
        ("category", "category"),
        ("description", "description"),
    ],
    "modules": [
        ("id", "id"),
        ("title", "title"),
        ("skill id", "skill"),
        ("from level (0-4)", "from_level"),
        ("to level (1-5)", "to_level"),
        ("hours", "hours"),
        ("format", "format"),
        ("cost", "cost"),
        ("provider", "provider"),
        ("description", "description"),
        ("prerequisites (module ids, comma separated)", "prerequisites"),
        ("requires (skill:level, comma separated)", "requires"),
    ],
    "settings": [("setting", "setting"), ("value", "value")],
}
OPTIONAL = {
    ("roles", "description"),
    ("roles", "source_phrase"),
    ("skills", "description"),
    ("modules", "provider"),
    ("modules", "description"),
    ("modules", "prerequisites"),
    ("modules", "requires"),
    ("requirements", "must_min"),
    ("requirements", "gate"),
}
MAX_ROWS = 2000  # how far the drop-downs reach
YES = {"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si"}
NO = {"no", "n", "false", "0", "", "nein", "non"}


# -- writing ---------------------------------------------------------------------------------


def export_catalog(catalog: Catalog, path: str | Path) -> Path:
    """Write ``catalog`` as an editable workbook (atomically: a partial file never remains)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from planner.exporting.atomic import atomic_file

    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    rows = _rows(catalog)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        headers = [h if f != "cost" else f"cost ({catalog.currency} per seat)" for h, f in columns]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for values in rows[name]:
            sheet.append([_safe(sheet, v) for v in values])
        for j, (header, _) in enumerate(columns, 1):
            width = max([len(header)] + [len(str(v[j - 1] or "")) for v in rows[name][:200]])
            sheet.column_dimensions[sheet.cell(1, j).column_letter].width = min(60, width + 2)
    lists = {
        ("roles", "family"): '"' + ",".join(FAMILIES) + '"',
        ("skills", "category"): '"' + ",".join(CATEGORIES) + '"',
        ("modules", "format"): '"' + ",".join(FORMATS) + '"',
        ("requirements", "role"): f"roles!$A$2:$A${MAX_ROWS}",
        ("requirements", "skill"): f"skills!$A$2:$A${MAX_ROWS}",
        ("modules", "skill"): f"skills!$A$2:$A${MAX_ROWS}",
        ("requirements", "gate"): '"yes,no"',
    }
    whole = {
        ("requirements", "target"): (1, 5),
        ("requirements", "weight"): (1, 3),
        ("requirements", "must_min"): (0, 5),
        ("modules", "from_level"): (0, 4),
        ("modules", "to_level"): (1, 5),
    }
    for (sheet_name, field), formula in lists.items():
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            error="Pick a value from the list",
        )
        _validate(book[sheet_name], sheet_name, field, rule)
    for (sheet_name, field), (low, high) in whole.items():
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            error=f"A whole number from {low} to {high}",
        )
        _validate(book[sheet_name], sheet_name, field, rule)
    for field, low in (("hours", "0.01"), ("cost", "0")):
        rule = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1=low,
            allow_blank=True,
            showErrorMessage=True,
            error=f"A number of at least {low}",
        )
        _validate(book["modules"], "modules", field, rule)
    with atomic_file(path) as tmp:
        book.save(tmp)
    return path


def _validate(sheet: Any, sheet_name: str, field: str, rule: Any) -> None:
    from openpyxl.utils import get_column_letter

    index = [f for _, f in SHEETS[sheet_name]].index(field) + 1
    letter = get_column_letter(index)
    rule.add(f"{letter}2:{letter}{MAX_ROWS}")
    sheet.add_data_validation(rule)


def _safe(sheet: Any, value: Any) -> Any:
    """Text a spreadsheet could take for a formula is written as text."""
    from planner.exporting.cells import is_risky, text_cell

    if isinstance(value, str) and is_risky(value):
        return text_cell(sheet, value)
    return value


def _rows(catalog: Catalog) -> dict[str, list[list[Any]]]:
    return {
        "roles": [
            [r.id, r.name, r.family, r.description, r.source_phrase] for r in catalog.roles.values()
        ],
        "requirements": [
            [r.id, q.skill, q.target, q.weight, q.must_min, "yes" if q.gate else "no"]
            for r in catalog.roles.values()
            for q in r.requirements
        ],
        "skills": [[s.id, s.name, s.category, s.description] for s in catalog.skills.values()],
        "modules": [
            [
                m.id,
                m.title,
                m.skill,
                m.from_level,
                m.to_level,
                _number(m.hours),
                m.format,
                _number(m.cost),
                m.provider,
                m.description,
                ", ".join(m.prerequisites),
                ", ".join(f"{r.skill}:{r.level}" for r in m.requires),
            ]
            for m in catalog.modules.values()
        ],
        "settings": [["currency", catalog.currency]],
    }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    sheet: str
    row: int
    column: str  # letter
    header: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # about the whole sheet
            return f"sheet {self.sheet}: {self.message}"
        if not self.column:  # about the header row
            return f"sheet {self.sheet}, row {self.row}: {self.message}"
        return (
            f"sheet {self.sheet}, row {self.row}, column {self.column} ({self.header}): "
            f"{self.message}"
        )


class CatalogWorkbookError(InputRejected):
    """The edited workbook was refused; ``problems`` name sheet, row and column each."""

    def __init__(self, file: str, problems: list[Located]) -> None:
        shown = problems[:30]
        more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
        text = (
            str(shown[0])
            if len(shown) == 1
            else f"{len(problems)} problems, nothing was changed:\n  "
            + "\n  ".join(map(str, shown))
            + more
        )
        super().__init__(text, file=file)
        self.problems = problems


def read_catalog_workbook(path: str | Path, current: Catalog) -> Catalog:
    """The catalog an edited workbook describes (``current`` fills what the sheets lack).

    Raises:
        InputRejected: the file is unsafe or unreadable (from the guarded reader).
        CatalogWorkbookError: wrong values; each problem names sheet, row and column.
    """
    from planner.importing import load_source

    path = Path(path)
    source = load_source(path)
    reader = _Reader(path.name, {name: source._rows.get(name) for name in SHEETS})
    catalog = reader.build(current)
    reader.locate(check_catalog(catalog))
    if reader.problems:
        raise CatalogWorkbookError(path.name, reader.problems)
    return catalog


class _Reader:
    def __init__(self, file: str, sheets: dict[str, list[list[Any]] | None]) -> None:
        self.file = file
        self.sheets = sheets
        self.problems: list[Located] = []
        self.columns: dict[str, dict[str, int]] = {}
        self.where: dict[tuple[str, tuple[str, ...]], tuple[str, int]] = {}

    # problems and cells
    def problem(self, sheet: str, row: int, field: str | None, message: str) -> None:
        from openpyxl.utils import get_column_letter

        index = self.columns.get(sheet, {}).get(field or "", 0)
        header = next((h for h, f in SHEETS[sheet] if f == field), SHEETS[sheet][0][0])
        located = Located(sheet, row, get_column_letter(index + 1), header.split(" (")[0], message)
        if not any(
            (p.sheet, p.row, p.column) == (sheet, row, located.column) for p in self.problems
        ):
            self.problems.append(located)

    def table(self, sheet: str) -> list[tuple[int, dict[str, Any]]]:
        rows = self.sheets.get(sheet)
        if rows is None:
            self.problems.append(
                Located(sheet, 0, "", "", f"the workbook has no sheet named {sheet!r}")
            )
            return []
        header = rows[0] if rows else []
        names = {
            str(v).split(" (")[0].strip().casefold(): j
            for j, v in enumerate(header)
            if v is not None
        }
        columns = {}
        for title, field in SHEETS[sheet]:
            key = title.split(" (")[0]
            if key in names:
                columns[field] = names[key]
            elif (sheet, field) not in OPTIONAL:
                self.problems.append(Located(sheet, 1, "", key, f"the column {key!r} is missing"))
        self.columns[sheet] = columns
        out = []
        for number, values in enumerate(rows[1:], 2):
            row = {f: (values[j] if j < len(values) else None) for f, j in columns.items()}
            row = {f: (v.strip() if isinstance(v, str) else v) for f, v in row.items()}
            if all(v is None or v == "" for v in row.values()):
                continue
            out.append((number, row))
        return out

    def text(
        self, sheet: str, number: int, row: dict[str, Any], field: str, *, required: bool = False
    ) -> str:
        value = row.get(field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem(sheet, number, field, "this cell must not be empty")
        return text

    def number(
        self,
        sheet: str,
        number: int,
        row: dict[str, Any],
        field: str,
        *,
        whole: bool,
        optional: bool = False,
    ) -> Any:
        value = row.get(field)
        if value is None or value == "":
            if not optional:
                self.problem(sheet, number, field, "a number is needed here")
            return None
        try:
            result = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            self.problem(sheet, number, field, f"{value!r} is not a number")
            return None
        if result != result or result in (float("inf"), float("-inf")):
            self.problem(sheet, number, field, f"{value!r} is not a number")
            return None
        if whole:
            if not result.is_integer():
                self.problem(sheet, number, field, f"{value!r} is not a whole number")
                return None
            return int(result)
        return result

    # the catalog
    def build(self, current: Catalog) -> Catalog:
        out = copy_catalog(current)
        self._skills(out)
        self._settings(out)
        roles = self._roles(current)
        self._requirements(roles)
        out.roles = {rid: role for rid, role in roles.items()}
        out.modules = self._modules(current)
        return out

    def _seen(self, kind: str, key: tuple[str, ...], sheet: str, number: int, field: str) -> bool:
        if (kind, key) in self.where:
            first = self.where[(kind, key)][1]
            self.problem(
                sheet, number, field, f"{' / '.join(key)} appears twice (first in row {first})"
            )
            return True
        self.where[(kind, key)] = (sheet, number)
        return False

    def _skills(self, out: Catalog) -> None:
        for number, row in self.table("skills"):
            sid = self.text("skills", number, row, "id", required=True)
            if not sid or self._seen("skill", (sid,), "skills", number, "id"):
                continue
            old = out.skills.get(sid)
            skill = Skill(
                sid,
                self.text("skills", number, row, "name", required=True),
                self.text("skills", number, row, "category", required=True),
                self.text("skills", number, row, "description"),
            )
            if old is not None:
                skill = replace(
                    old, name=skill.name, category=skill.category, description=skill.description
                )
            else:
                skill = replace(skill, origin=WORKSPACE)
            out.skills[sid] = skill

    def _settings(self, out: Catalog) -> None:
        for number, row in self.table("settings"):
            key = self.text("settings", number, row, "setting").casefold()
            if key == "currency":
                code = self.text("settings", number, row, "value").upper()
                problem = currency_problem(code)
                if problem:
                    self.problem("settings", number, "value", problem)
                else:
                    out.currency = code
            elif key:
                self.problem(
                    "settings",
                    number,
                    "setting",
                    f"unknown setting {key!r} (the only setting is currency)",
                )

    def _roles(self, current: Catalog) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        for number, row in self.table("roles"):
            rid = self.text("roles", number, row, "id", required=True)
            if not rid or self._seen("role", (rid,), "roles", number, "id"):
                continue
            name = self.text("roles", number, row, "name", required=True)
            family = self.text("roles", number, row, "family", required=True)
            description = self.text("roles", number, row, "description")
            old = current.roles.get(rid)
            if old is not None:
                roles[rid] = replace(
                    old, name=name, family=family, description=description, requirements=()
                )
            else:
                roles[rid] = Role(rid, name, family, description, "", (), origin=WORKSPACE)
        return roles

    def _requirements(self, roles: dict[str, Role]) -> None:
        reqs: dict[str, list[Requirement]] = {}
        for number, row in self.table("requirements"):
            rid = self.text("requirements", number, row, "role", required=True)
            skill = self.text("requirements", number, row, "skill", required=True)
            if not rid or not skill:
                continue
            if rid not in roles:
                self.problem(
                    "requirements", number, "role", f"there is no role {rid!r} on the sheet roles"
                )
                continue
            if self._seen("requirement", (rid, skill), "requirements", number, "skill"):
                continue
            target = self.number("requirements", number, row, "target", whole=True)
            weight = self.number("requirements", number, row, "weight", whole=True)
            must = self.number("requirements", number, row, "must_min", whole=True, optional=True)
            gate_text = self.text("requirements", number, row, "gate").casefold()
            if gate_text not in YES | NO:
                self.problem("requirements", number, "gate", f"{gate_text!r} is not yes or no")
            if target is None or weight is None:
                continue
            reqs.setdefault(rid, []).append(
                Requirement(skill, target, weight, must, gate_text in YES)
            )
        for rid, role in roles.items():
            roles[rid] = replace(role, requirements=tuple(reqs.get(rid, ())))

    def _modules(self, current: Catalog) -> dict[str, Module]:
        modules: dict[str, Module] = {}
        for number, row in self.table("modules"):
            mid = self.text("modules", number, row, "id", required=True)
            if not mid or self._seen("module", (mid,), "modules", number, "id"):
                continue
            levels = [
                self.number("modules", number, row, f, whole=True)
                for f in ("from_level", "to_level")
            ]
            hours = self.number("modules", number, row, "hours", whole=False)
            cost = self.number("modules", number, row, "cost", whole=False, optional=True)
            requires = self._requires(number, self.text("modules", number, row, "requires"))
            if None in levels or hours is None or requires is None:
                continue
            prereqs = tuple(
                p.strip()
                for p in self.text("modules", number, row, "prerequisites").split(",")
                if p.strip()
            )
            old = current.modules.get(mid)
            modules[mid] = Module(
                mid,
                self.text("modules", number, row, "title", required=True),
                self.text("modules", number, row, "skill", required=True),
                levels[0],
                levels[1],
                hours,
                self.text("modules", number, row, "format", required=True),
                cost or 0.0,
                self.text("modules", number, row, "provider"),
                self.text("modules", number, row, "description"),
                prereqs,
                requires,
                origin=old.origin if old is not None else WORKSPACE,
            )
        return modules

    def _requires(self, number: int, text: str) -> tuple[SkillPrerequisite, ...] | None:
        out = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            skill, _, level = part.partition(":")
            try:
                out.append(SkillPrerequisite(skill.strip(), int(level)))
            except ValueError:
                self.problem(
                    "modules", number, "requires", f"{part!r} is not skill:level (e.g. python:2)"
                )
                return None
        return tuple(out)

    def locate(self, problems: list[Any]) -> None:
        """Turn catalog problems into sheet/row/column problems."""
        for p in problems:
            sheet, row = self.where.get((p.kind, p.key), (None, 0))
            field = p.field
            if p.kind == "role" and field == "requirements":
                field = "id"
            if p.kind == "requirement" and sheet is None:
                sheet, row = self.where.get(("role", p.key[:1]), ("roles", 0))
                field = "id"
            if sheet is None:
                sheet = {"skill": "skills", "role": "roles", "module": "modules"}.get(
                    p.kind, "settings"
                )
            if field not in {f for _, f in SHEETS[sheet]}:
                field = SHEETS[sheet][0][1]
            self.problem(sheet, row, field, p.message)
