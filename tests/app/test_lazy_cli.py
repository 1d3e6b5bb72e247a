"""Quick commands import only what they use: no numpy, scipy, openpyxl or Qt up front."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from planner.cli import COMMAND_MODULES, build_parser, command_modules, command_names, main

HEAVY = ("numpy", "scipy", "openpyxl", "matplotlib", "PySide6", "sqlite_utils")


def imported_after(argv: list[str]) -> set[str]:
    code = textwrap.dedent(f"""
        import sys
        from planner.cli import main
        try:
            code = main({argv!r})
        except SystemExit as exc:
            code = exc.code
        assert code in (0, None), code
        print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}})))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split("\n")[-2].split())


@pytest.mark.parametrize(
    "argv", [["--version"], ["catalog", "roles"], ["catalog", "skills", "--json"]]
)
def test_quick_commands_do_not_import_heavy_libraries(argv):
    loaded = imported_after(argv)
    assert "planner" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_every_command_module_registers_its_own_name():
    modules = command_modules()
    assert set(modules.values()) == set(COMMAND_MODULES)
    assert command_names(build_parser()) == set(modules)
    for name in modules:
        assert command_names(build_parser([name])) == {name}


def test_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in command_modules():
        assert name in out


def test_options_before_the_command_and_no_command(capsys):
    assert main(["-v", "catalog", "roles"]) == 0
    assert "prompt_engineer" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["-v"])
    assert exc.value.code == 2
    assert "a command is needed" in capsys.readouterr().err
