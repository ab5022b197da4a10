"""A scheme plugin installed as a real separate package, discovered through its entry point.

The package is installed from its local folder without network (``--no-index
--no-build-isolation``) into a temporary target that a subprocess puts on its path, so the
entry point is exercised end to end exactly as a user's installed plugin would be.  Broken and
competing plugins are tested in-process on fresh registries (tests/test_plugins.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "plugin_scheme"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plugin")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
         "--no-build-isolation", "--target", str(target), str(PLUGIN)],
        check=True, capture_output=True, text=True,
    )
    return target


def run(plugin: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(plugin), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    return subprocess.run([sys.executable, "-m", "dangjian_core", *args], env=env,
                          capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.mark.slow
def test_installed_plugin_scheme_is_discovered_with_its_package(plugin_path):
    result = run(plugin_path, "schemes", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {s["id"]: s for s in json.loads(result.stdout)}
    shanxi = listed["shanxi-five-in-place"]
    assert shanxi["package"] == "dangjian-scheme-shanxi"
    assert shanxi["package_version"] == "0.1.0"
    assert shanxi["origin"] == "plugin shanxi-five-in-place"
    assert listed["five-in-place"]["origin"] == "builtin"


@pytest.mark.slow
def test_installed_plugin_scheme_assesses_with_its_overlay(plugin_path):
    result = run(plugin_path, "check", "examples/jidian/ledger.json", "--scheme",
                 "shanxi-five-in-place", "--as-of", "2021-12-31", "--format", "json")
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert assessment["scheme_id"] == "shanxi-five-in-place"
    assert assessment["scheme_package"] == "dangjian-scheme-shanxi 0.1.0"
    assert assessment["skipped"] == {"D4": "本省不将课题立项纳入标杆院系考核"}
    indicators = {i["id"]: i for s in assessment["subjects"] for d in s["dimensions"]
                  for i in d["indicators"]}
    assert indicators["G2"]["points"] == 10 and indicators["G4"]["points"] == 2
    assert indicators["D4"]["excluded"].startswith("skipped")
