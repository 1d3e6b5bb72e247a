"""Every file of the shared robustness corpus imports or is refused clearly: no crash, no
hang, and a refused file leaves the workspace unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from imp_helpers import dump, new_workspace, stored_ratings

from planner.cli import main
from planner.importing import sandbox

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FILES = sorted(p for p in CORPUS.glob("*") if p.is_file()
               and p.name not in ("MANIFEST.tsv", "README.md")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus folder is absent")

# Files that must be refused as password protected (the rest may import or be refused).
ENCRYPTED = {"calamine__pass_protected.ods", "calamine__pass_protected.xlsx",
             "poi__protect.xlsx", "sheetjs__password_2002_128_strong.xls",
             "sheetjs__password_2002_40_xor.xls"}
ENTITIES = {"poi__54764.xlsx", "poi__54764-2.xlsx", "poi__poc-xmlbomb.xlsx"}


def test_corpus_is_complete():
    assert len(FILES) >= 70


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_imports_or_is_refused_clearly(path, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "BASE_TIMEOUT", 20.0)
    ws = new_workspace(tmp_path)
    before = dump(ws)
    ws.close()
    status = main(["import", str(tmp_path / "w.rplan"), str(path)])
    out, err = capsys.readouterr()
    assert status in (0, 3), err
    assert "Traceback" not in out + err
    from planner.store import Workspace

    with Workspace.open(tmp_path / "w.rplan") as after:
        if status == 3:
            assert err.startswith("reskill-planner: error: file " + path.name), err
            assert dump(after) == before
        else:
            assert "imported" in out
            counts = after.counts()
            assert counts["assessments"] == 1 and counts["employees"] > 0
            assert all(0 <= r[3] <= 5 for r in stored_ratings(after))   # false for NaN
    if path.name in ENCRYPTED:
        assert "password protected" in err
    if path.name in ENTITIES:
        assert "entities" in err
