"""A scheme plugin installed as a real separate package, discovered through its entry point.

The package is installed from its local folder without network (``--no-index
--no-build-isolation``) into a temporary target that a subprocess puts on its path, so the
entry point is exercised end to end exactly as a user's installed plugin would be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _catalogue import CATALOGUE_IDS

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


def _fake_distribution(folder: Path, group: str, entry: str, module: str = "") -> Path:
    """A minimal installed distribution (a .dist-info folder) with one entry point."""
    info = folder / "broken_plugin-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.3\n")
    (info / "entry_points.txt").write_text(f"[{group}]\nbroken = {entry}\n")
    if module:
        (folder / "broken_plugin.py").write_text(module, encoding="utf-8")
    return folder


BROKEN_SCHEME = 'scheme = {"id": "broken", "version": "1", "title": "坏方案", "scope": "x"}\n'

PROBE = """
import json, sys, warnings
from dangjian_core.scoring import schemes
from dangjian_core.rules import rules
strict = sys.argv[1] == "strict"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        ids = [s.id for s in schemes(strict=strict)] + [r.id for r in rules(strict=strict)][:1]
    except Exception as exc:
        print(json.dumps({"error": type(exc).__name__, "text": str(exc)}))
        raise SystemExit(0)
print(json.dumps({"ids": ids, "warnings": [str(w.message) for w in caught]}))
"""


@pytest.mark.parametrize(
    ("group", "entry", "module"),
    [
        ("dangjian_core.schemes", "broken_plugin:scheme", BROKEN_SCHEME),
        ("dangjian_core.schemes", "no_such_module:scheme", ""),
        ("dangjian_core.rules", "no_such_module:rules", ""),
    ],
)
def test_broken_plugin_is_skipped_with_a_warning_naming_it(tmp_path, group, entry, module):
    folder = _fake_distribution(tmp_path, group, entry, module)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    lenient = subprocess.run([sys.executable, "-c", PROBE, "lenient"], env=env,
                             capture_output=True, text=True, check=True)
    out = json.loads(lenient.stdout)
    assert "five-in-place" in out["ids"]
    assert "broken" not in out["ids"]
    assert any("broken" in w for w in out["warnings"]), out
    strict = subprocess.run([sys.executable, "-c", PROBE, "strict"], env=env,
                            capture_output=True, text=True, check=True)
    failed = json.loads(strict.stdout)
    assert failed["error"] in {"SchemeError", "RuleError"}
    assert "broken" in failed["text"]


RULE_PLUGIN = '''
from dangjian_core import RuleContext, Scope, Status, SubjectKind, rule


@rule("school.night_patrol", title=("每月夜间巡查", "Monthly night patrol"),
      scope=Scope.DEPARTMENT, source="本校规定", register=False)
def night_patrol(ctx: RuleContext):
    """Every department passes (a plugin example)."""
    return [ctx.finding(d.id, SubjectKind.ORGANIZATION, ctx.window_period, Status.PASS)
            for d in ctx.index.departments]


rules = [night_patrol]
'''


def test_rule_plugin_is_found_through_its_entry_point(tmp_path):
    folder = _fake_distribution(tmp_path, "dangjian_core.rules", "broken_plugin:rules",
                                RULE_PLUGIN)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    listed = subprocess.run([sys.executable, "-m", "dangjian_core", "rules", "--format", "json"],
                            env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert "school.night_patrol" in ids
    assert len(ids) == len(CATALOGUE_IDS) + 1
