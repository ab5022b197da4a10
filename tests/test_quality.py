"""The tree is lint- and type-clean, and the core stays light.

These run inside the test suite so that the README's one test command (and CI) proves them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean():
    result = _run("ruff", "check", "src", "tests", "examples", "benchmarks", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean():
    result = _run("mypy", "--strict", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_loads_no_optional_extra():
    code = (
        "import sys, json, dangjian_core; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'openpyxl','python_calamine','pandas','matplotlib','hypothesis','numpy','icalendar',"
        "'jinja2','tqdm','dask'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_package_ships_py_typed():
    assert (ROOT / "src" / "dangjian_core" / "py.typed").is_file()


def test_project_never_reads_shared_folder():
    shared = "/".join(["..", "shared"])  # spelt so that this test does not match itself
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("src", "tests", "examples", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
        if shared in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
