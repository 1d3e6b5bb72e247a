"""``--self-test``: the whole job in a temporary folder, and a clear failure when it breaks."""

from __future__ import annotations

import pytest

import planner.demo
from planner.cli import main
from planner.cli.selftest import run_self_test


def test_self_test_passes_and_summarises(capsys):
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "imported 300 employees from demo_org_wide.xlsx" in out
    assert "allocated 6 of 6 places in 3 roles" in out
    assert "planned training for" in out
    assert "exported a report of" in out
    assert out.strip().endswith("s.") and "Self-test passed" in out


def test_a_broken_sample_fails_with_the_step_named(monkeypatch, tmp_path, capsys):
    broken = tmp_path / "demo_org_wide.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    monkeypatch.setattr(planner.demo, "demo_file", lambda: broken)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: import" in out
    assert "Self-test failed" in out
    assert "Traceback" not in out


def test_a_missing_sample_fails(monkeypatch, tmp_path):
    monkeypatch.setattr(planner.demo, "demo_file", lambda: tmp_path / "gone.xlsx")
    result = run_self_test()
    assert not result.ok
    assert any("sample" in line and "missing" in line for line in result.lines)


def test_self_test_takes_no_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--self-test", "catalog", "roles"])
    assert exc.value.code == 2
