"""Excel exports (openpyxl, write-only): the report, training plans, workshop sign-in
sheets and the import template.

- :func:`export_report` (Summary with charts, Employees, Fit matrix, Fit by department,
  Allocation, Training plan, Workshops, Sign-in sheets, Skill gaps, Catalog);
- :func:`export_plans` (one sheet per person, or a folder of workbooks with ``split``);
- :func:`export_workshops` (the sign-in sheets alone);
- :func:`export_template` (an empty import template with level drop-downs).

Every export writes a temporary file and renames it at the end, so an error or a cancel
(``progress.cancel()``) never leaves a half-written file. Text that could be read as a
formula is always written as text. ``pseudonymise=True`` replaces names, emails and ids
by stable codes (see :mod:`planner.exporting.pseudonymise`).
"""

from planner.exporting.atomic import ExportError
from planner.exporting.plans import export_plans
from planner.exporting.pseudonymise import Pseudonyms
from planner.exporting.report import export_report
from planner.exporting.template import export_template
from planner.exporting.workshops import export_workshops

KINDS = ("report", "plans", "workshops", "template")

__all__ = [
    "KINDS",
    "ExportError",
    "Pseudonyms",
    "export_plans",
    "export_report",
    "export_template",
    "export_workshops",
]
