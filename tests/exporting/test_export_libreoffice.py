"""Every kind of export opens and converts to PDF in LibreOffice without error."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import pytest

from planner.exporting import export_plans, export_report, export_template, export_workshops

SOFFICE = shutil.which("soffice")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")]


def to_pdf(path, outdir):
    profile = f"file:///tmp/lo_{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), str(path)],
            capture_output=True, text=True, timeout=240, check=False)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    pdf = outdir / (path.stem + ".pdf")
    assert done.returncode == 0, done.stderr
    assert pdf.is_file(), done.stdout + done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    return data


@pytest.mark.parametrize("kind", ["report", "plans", "workshops", "template"])
def test_kind_converts_to_pdf(planned, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    export = {"report": export_report, "plans": export_plans, "workshops": export_workshops,
              "template": export_template}[kind]
    export(planned, out)
    data = to_pdf(out, tmp_path)
    if kind == "report":
        # every sheet printed: summary, wide tables across pages, one page per session
        pages = data.count(b"/Type/Page") - data.count(b"/Type/Pages")
        assert pages > 10
