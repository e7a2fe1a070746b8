"""The HTML report of data/ printed to A4 by headless Chromium: at most 12 pages (issue 13).

Needs /usr/bin/chromium (``make chromium``) and pdfinfo (poppler-utils); skipped without them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.report import write_report
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT


@pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("pdfinfo") is None,
    reason="needs /usr/bin/chromium and pdfinfo (poppler-utils)",
)
def test_html_report_of_data_prints_to_at_most_12_a4_pages(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    pdf = tmp_path / "r.pdf"
    write_report(build_graph(load_corpus([ROOT / "data"])), html)
    subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, flags=re.M)
    assert match, info
    pages = int(match.group(1))
    assert pages <= 12, f"the report prints to {pages} A4 pages"
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, flags=re.M)
    assert size and abs(float(size.group(1)) - 595.3) < 2, info  # A4, not Letter
