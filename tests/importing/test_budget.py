"""The parent process keeps to a time and memory budget; returned plan workbooks are guarded.

The reader child has its own caps (sandbox); these tests prove the parent's, where rows
are mapped and checked, and that ``plan --apply-updates`` reads through the same guards.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import planner.importing as importing
from planner.errors import InputRejected, TooLarge
from planner.importing import budget, import_file
from planner.planning.updates import read_plan_workbook


def _csv(path: Path, rows: int, skills: int = 8) -> Path:
    path.write_text(
        "employee_id,name,"
        + ",".join(f"Python {i}" for i in range(skills))
        + "\n"
        + "".join(f"E{r},Person {r}," + ",".join("3" * skills) + "\n" for r in range(rows))
    )
    return path


def test_a_parent_that_runs_past_its_time_budget_refuses_the_file(
    workspace, tmp_path, monkeypatch, dump_tables
):
    sheet = _csv(tmp_path / "s.csv", 5)

    def hang(*_args, **_kwargs):
        while True:  # stands in for any slow step in the parent
            pass

    monkeypatch.setattr(budget, "time_budget", lambda size, allow_large=False: 0.5)
    monkeypatch.setattr(importing, "detect", hang)
    before = dump_tables(workspace)
    with pytest.raises(InputRejected, match="took longer than 0 s"):
        import_file(workspace, sheet)
    assert dump_tables(workspace) == before


def test_a_parent_that_needs_more_memory_than_its_budget_refuses_the_file(
    workspace, tmp_path, monkeypatch
):
    sheet = _csv(tmp_path / "s.csv", 3)

    def greedy(*_args, **_kwargs):
        return bytearray(512 << 20)  # far more than the budget below

    monkeypatch.setattr(budget, "memory_budget", lambda size: 64 << 20)
    monkeypatch.setattr(importing, "detect", greedy)
    with pytest.raises(TooLarge, match=r"more memory"):  # the user may trust it
        import_file(workspace, sheet)
    # The cap is lifted afterwards.
    assert len(bytearray(256 << 20)) == 256 << 20


def test_a_sheet_with_more_cells_than_the_budget_is_refused_before_checking(
        workspace, tmp_path, monkeypatch, dump_tables):
    sheet = _csv(tmp_path / "s.csv", 400, skills=20)
    monkeypatch.setattr(budget, "BYTES_PER_CELL", 1 << 20)   # as if each cell took 1 MB
    before = dump_tables(workspace)
    with pytest.raises(TooLarge, match=r"401 rows.*8,822 cells"):
        import_file(workspace, sheet)
    assert dump_tables(workspace) == before
    report = import_file(workspace, sheet, allow_large=True)     # trusted: no cap
    assert report.employees_added == 400


def test_budget_grows_with_the_input_and_allow_large():
    assert budget.time_budget(10_000_000) > budget.time_budget(1_000)
    assert budget.time_budget(1_000, allow_large=True) > budget.time_budget(1_000)
    assert budget.memory_budget(1_000) < budget.memory_budget(5_000_000) <= budget.MAX_MEMORY


# -- plan --apply-updates reads through the guards ------------------------------------------


def _plan_book(path: Path, status_date: object) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Training plan"
    sheet.append(["Employee ID", "Module ID", "Status", "Status date", "Start"])
    sheet.append(["E1", "m1", "done", status_date, None])
    book.save(path)
    return path


def test_plan_updates_never_use_openpyxl_in_process(tmp_path, monkeypatch):
    import openpyxl

    def forbidden(*_args, **_kwargs):
        raise AssertionError("openpyxl opened an untrusted workbook in the app's process")

    book = _plan_book(tmp_path / "plans.xlsx", "2027-01-04")
    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)
    rows = read_plan_workbook(book)
    assert rows[0]["employee_key"] == "E1" and rows[0]["status"] == "done"


def test_plan_updates_refuse_a_zip_bomb_quickly(tmp_path):
    bomb = tmp_path / "plans.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (200 << 20) + b"</a>")
    with pytest.raises(InputRejected, match="zip bomb"):
        read_plan_workbook(bomb)


def test_a_nan_cell_in_a_returned_plan_is_reported_not_a_traceback(tmp_path):
    book = _plan_book(tmp_path / "good.xlsx", 12345.678)
    crafted = tmp_path / "nan.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(crafted, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"12345.678", b"NaN")
            out.writestr(info, data)
    rows = read_plan_workbook(crafted)
    assert rows[0]["status_date"] == "nan"  # a text the date check reports by row


def test_the_time_limit_stops_work_on_a_worker_thread_too():
    """The GUI runs imports on worker threads: the limit interrupts pure-Python work there
    (an asynchronous exception), and a block that ends in time leaves nothing pending."""
    import threading
    import time

    outcome: dict[str, object] = {}

    def busy() -> None:
        try:
            with budget.time_limit(0.3, name="slow.xlsx"):
                while True:
                    sum(range(1000))
        except InputRejected as exc:
            outcome["refused"] = str(exc)

    def quick() -> None:
        try:
            for _ in range(20):
                with budget.time_limit(0.05, name="quick.xlsx"):
                    time.sleep(0.04)
                time.sleep(0.03)  # a late timer must not strike here
            outcome["quick"] = "ok"
        except BaseException as exc:  # anything escaping is the failure
            outcome["quick"] = repr(exc)

    threads = [threading.Thread(target=busy), threading.Thread(target=quick)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert "slow.xlsx" in str(outcome.get("refused")) and "longer than" in str(outcome["refused"])
    assert outcome.get("quick") in ("ok", repr(InputRejected)) or "quick.xlsx" in str(
        outcome.get("quick"))


def test_a_file_budget_is_shared_by_the_steps_that_work_on_the_file(tmp_path, monkeypatch):
    import time

    monkeypatch.setattr(budget, "time_budget", lambda size, allow_large=False: 0.6)
    path = tmp_path / "team.csv"
    path.write_text("employee_id,name\n")
    shared = budget.FileBudget(path)
    with shared.step():
        time.sleep(0.35)
    # 0.6 s in all: the second step gets what the first left
    with pytest.raises(InputRejected, match=r"team\.csv.*longer than 1 s"), shared.step():
        while True:
            time.sleep(0.01)
