"""The seed department's report in a real browser: headless Debian Chromium reads the page
(DOM dump), draws it (PNG screenshot) and prints it (PDF on A4).

Skips only where Chromium is absent, and never when ``CI`` is set: there `.ci/run` installs
it, and a missing browser must fail rather than pass unseen.
"""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.report import pdf

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "jidian" / "ledger.json"
TIMEOUT = 120  # seconds: a cold start on a loaded CI machine, never reached normally

#: Debian's `chromium` prints a page to 594.96 × 841.92 pt: A4 is 595.28 × 841.89.
A4 = (595.0, 842.0)


def _browser() -> str:
    try:
        return pdf.find_browser()
    except pdf.BrowserMissingError:
        if os.environ.get("CI"):
            raise  # CI installs chromium (.ci/run): missing there is a failure
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> str:
    return _browser()


@pytest.fixture(scope="module")
def assessment():
    return dj.assess(dj.load_ledger(SEED), "five-in-place", as_of=date(2021, 12, 31))


@pytest.fixture(scope="module")
def page(assessment, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "报告.html"
    path.write_text(assessment.to_html(), encoding="utf-8")
    return path


def _run(browser: str, profile: Path, *args: str) -> bytes:
    result = pdf.run_browser(pdf.browser_command(browser, profile, *args), timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return result.stdout


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def test_the_dom_shows_score_grade_and_every_dimension(browser, page, assessment, tmp_path):
    dom = _run(browser, tmp_path / "profile", "--dump-dom", page.as_uri()).decode("utf-8")
    reader = _Text()
    reader.feed(dom)
    text = " ".join(" ".join(reader.parts).split())
    assert "99.87" in text
    assert "优秀" in text
    assert "已达到标杆院系标准" in text
    for d in assessment.subject().dimensions:
        assert d.title in text, d.title


def test_a_screenshot_is_a_png(browser, page, tmp_path):
    shot = tmp_path / "report.png"
    _run(
        browser,
        tmp_path / "profile",
        "--hide-scrollbars",
        "--window-size=1200,1800",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes


def test_the_pdf_is_printed_on_a4(browser, assessment, tmp_path):
    out = pdf.write_pdf(assessment, tmp_path / "报告.pdf", browser=browser, timeout=TIMEOUT)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "no MediaBox in the PDF"
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        assert abs((x1 - x0) - A4[0]) <= 1 and abs((y1 - y0) - A4[1]) <= 1, box
    assert len(boxes) >= 2  # the seed's report runs over more than one page
