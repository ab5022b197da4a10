"""LibreOffice, driven headless: the third-party program that opens what we write (issue 9)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest


def soffice() -> str | None:
    """The LibreOffice binary; a missing one fails the test where CI is set."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: apt-get install libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to fmt``, with a fresh profile and a timeout."""
    binary = soffice()
    assert binary is not None
    profile = outdir / f"lo-profile-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            *(["--infilter=CSV:44,34,76,1"] if source.suffix == ".csv" else []),
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    assert target.is_file(), (result.stdout, result.stderr)
    return target
