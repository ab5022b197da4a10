"""The documentation site builds, and its generated ledger reference is current.

`mkdocs build --strict` turns every broken link, broken anchor and page missing from the nav
into an error, so this test is what keeps the site's cross-references honest.  It drives the
real mkdocs program; it skips only where mkdocs is not installed, and never when CI is set.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _generator() -> ModuleType:
    path = ROOT / "tools" / "gen_ledger_reference.py"
    spec = importlib.util.spec_from_file_location("gen_ledger_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ledger_reference_is_generated_from_the_schema():
    gen = _generator()
    schema = json.loads((DOCS / "schema" / "ledger.schema.json").read_text(encoding="utf-8"))
    page = (DOCS / "ledger-reference.md").read_text(encoding="utf-8")
    assert page == gen.render(schema), (
        "docs/ledger-reference.md is stale: run `python tools/gen_ledger_reference.py`"
    )


def test_ledger_reference_names_every_record_type_field_and_enum_value():
    page = (DOCS / "ledger-reference.md").read_text(encoding="utf-8")
    schema = json.loads((DOCS / "schema" / "ledger.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    for name, definition in defs.items():
        for field in definition.get("properties", {}):
            assert f"| `{field}` |" in page, (name, field)
    for field in schema["properties"]:
        assert f"| `{field}` |" in page, field
    # Both spellings of an enum value are listed: the English code and its Chinese labels.
    assert "| `committee` | `支委会`、`支部委员会` |" in page
    assert "| `online` | `线上`、`云上` |" in page


def _mkdocs_available() -> bool:
    return importlib.util.find_spec("mkdocs") is not None


def test_site_builds_strict(tmp_path):
    if not _mkdocs_available():
        if os.environ.get("CI"):
            pytest.fail("mkdocs is not installed, and CI must build the docs: pip install mkdocs")
        pytest.skip("mkdocs is not installed")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "ledger-reference" / "index.html").is_file()
    assert (tmp_path / "schema" / "ledger.schema.json").is_file()
    # Readable offline: no script or stylesheet is fetched from the network (plain links are fine).
    remote = re.compile(r'(?:src="https?:|<link[^>]*href="https?:)')
    offenders = [
        str(p.relative_to(tmp_path))
        for p in tmp_path.rglob("*.html")
        if remote.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_nav_lists_every_page():
    # mkdocs' own check (validation.nav.omitted_files) warns; this says which page is missing.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert [p for p in pages if f" {p}\n" not in config] == []
