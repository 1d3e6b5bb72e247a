"""The README is the newcomer's entry point: its commands must be the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from planner.cli import build_parser, command_names

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```\n(.+?)\n```", text, flags=re.S)


def test_readme_opens_with_install_and_test_commands():
    first, second = _readme_commands()[:2]
    assert "pip install" in first and first.rstrip().endswith("reskill-planner")
    assert "pip install" in second and "[test]" in second and "pytest" in second


def test_ci_runs_the_readme_test_command_verbatim():
    test_command = _readme_commands()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert test_command in ci.splitlines()


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [c for c in sorted(command_names(build_parser()))
               if f"reskill-planner {c}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"
