"""The HTML report printed to PDF by headless Chromium.

Why Chromium and no PDF engine of our own: the HTML page already carries an A4 print
stylesheet, and a browser is the one program that lays out Chinese text, SVG and tables the
way a reader's own print dialog would.  So this module only writes the page to a private
temporary folder and asks ``chromium --headless --print-to-pdf`` to print it, with a fresh
profile (nothing of the user's browser is read or written), no network services, and a
timeout.  Where no Chromium is installed, one line says how to get it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DangjianError
from .html import render_html

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment

__all__ = [
    "BROWSER_NAMES",
    "BrowserError",
    "BrowserMissingError",
    "browser_command",
    "find_browser",
    "html_to_pdf",
    "run_browser",
    "write_pdf",
]

#: Program names tried in order, on ``PATH``: Debian's package, then other builds.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Flags for a quiet, private, offline run: a fresh profile, no first-run page, no
#: background requests, no component updates or sync; no sandbox, since CI runs as root.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)


class BrowserError(DangjianError, RuntimeError):
    """Chromium failed to print, or did not finish in time."""


class BrowserMissingError(BrowserError):
    """No Chromium is installed; the message says how to get one."""


def find_browser(browser: str | None = None) -> str:
    """The Chromium to run: ``browser`` (a path or a name on ``PATH``) or the first of
    :data:`BROWSER_NAMES` found.  Raises :class:`BrowserMissingError` naming the fix."""
    names: Sequence[str] = (browser,) if browser else BROWSER_NAMES
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissingError(
        "生成 PDF 需要 Chromium，未找到；Debian/Ubuntu：sudo apt-get install chromium"
        "（或先 --format html 再用浏览器打印） (PDF needs Chromium, not found: "
        "on Debian, apt-get install chromium; or write --format html and print it)"
    )


def browser_command(browser: str, profile: Path, *args: str) -> list[str]:
    """The command line for one headless run with a fresh ``profile`` folder."""
    return [browser, *_FLAGS, f"--user-data-dir={profile}", *args]


def run_browser(command: Sequence[str], *, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run Chromium in its own process group and kill the whole group on timeout: Chromium
    starts helper processes that a plain ``subprocess.run`` timeout would leave running."""
    proc = subprocess.Popen(  # a fixed browser path and flags, no shell
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise BrowserError(
            f"Chromium 在 {timeout:g} 秒内未完成 (Chromium did not finish within {timeout:g} s)"
        ) from None
    finally:
        # Helpers outliving a finished main process are ended too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(list(command), proc.returncode, out, err)


def html_to_pdf(
    html: str, output: str | Path, *, browser: str | None = None, timeout: float = 120
) -> Path:
    """Print an HTML page to ``output`` with headless Chromium; page size and margins come
    from the page's own ``@page`` rule (A4 for the report)."""
    exe = find_browser(browser)
    out = Path(output).resolve()
    with tempfile.TemporaryDirectory(prefix="dangjian-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        result = run_browser(
            browser_command(
                exe,
                Path(tmp) / "profile",
                f"--print-to-pdf={target}",
                "--no-pdf-header-footer",
                page.as_uri(),
            ),
            timeout=timeout,
        )
        if not target.is_file() or target.stat().st_size == 0:
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise BrowserError(
                f"Chromium 未能生成 PDF（退出码 {result.returncode}） "
                f"(Chromium wrote no PDF, exit {result.returncode}): {tail[0]}"
            )
        shutil.copyfile(target, out)
    return out


def write_pdf(
    assessment: Assessment,
    output: str | Path,
    *,
    browser: str | None = None,
    timeout: float = 120,
    **options: Any,
) -> Path:
    """The HTML report (:func:`.html.render_html`, ``options`` as for it) printed to PDF.

    Chromium is looked for first, so that a missing browser is reported before any work.
    """
    find_browser(browser)
    return html_to_pdf(render_html(assessment, **options), output, browser=browser, timeout=timeout)
