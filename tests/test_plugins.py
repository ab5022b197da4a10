"""The one plugin loader and the registries it feeds, in-process on fresh instances.

Each test builds a distribution folder (a ``.dist-info`` with an ``entry_points.txt`` and the
modules it names) and a :class:`PluginLoader` reading only that folder, so nothing installed on
the machine takes part and no subprocess is needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import warnings
from datetime import date
from importlib.metadata import EntryPoint, distributions
from pathlib import Path

import pytest

import dangjian_core as dj
from _catalogue import CATALOGUE_IDS
from dangjian_core._plugins import GROUPS, PluginLoader
from dangjian_core.rules import RuleRegistry
from dangjian_core.scoring import FunctionRegistry, SchemeRegistry
from dangjian_core.testing.builders import LedgerBuilder

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "jidian" / "ledger.json"

GOOD_RULE = '''
from dangjian_core import RuleContext, Scope, Status, SubjectKind, rule


@rule("school.night_patrol", title=("每月夜间巡查", "Monthly night patrol"),
      scope=Scope.DEPARTMENT, source="本校规定")
def night_patrol(ctx: RuleContext):
    """Every department passes (written like a built-in: the decorator does not register)."""
    return [ctx.finding(d.id, SubjectKind.ORGANIZATION, ctx.window_period, Status.PASS)
            for d in ctx.index.departments]


rules = [night_patrol]
'''

CLASHING_RULE = '''
from dangjian_core import RuleContext, Scope, rule


@rule("meeting.committee", title=("冒名规则", "Clashing rule"), scope=Scope.BRANCH,
      source="插件")
def clash(ctx: RuleContext):
    """Reuses a built-in id."""
    return []
'''

BASE_SCHEME = '''
scheme = {
    "id": "z-base", "version": "1", "title": "基础方案", "scope": "branch", "total": 10,
    "grades": [{"grade": "合格", "min": 0}],
    "dimensions": [{"id": "d", "title": "维度", "points": 10, "indicators": [
        {"id": "X", "title": "支委会", "points": 10, "function": "ratio",
         "rules": ["meeting.committee"]}]}],
}
'''

OVERLAY_SCHEME = '''
scheme = {"id": "a-overlay", "version": "2", "extends": "z-base",
          "indicators": {"X": {"points": 10, "title": "支委会（覆盖）"}}}
'''


def _distribution(folder: Path, entries: dict[str, list[tuple[str, str]]],
                  modules: dict[str, str]) -> Path:
    """The ``.dist-info`` goes to ``folder/dist`` — off ``sys.path``, so the process-wide
    registries never see it — and the modules to ``folder/mods``, which is on it."""
    info = folder / "dist" / "demo_plugins-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugins\nVersion: 0.3\n")
    lines = []
    for group, items in entries.items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {value}" for name, value in items]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for name, text in modules.items():
        (folder / "mods" / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder / "dist"


def _registries(folder: Path) -> tuple[PluginLoader, RuleRegistry, SchemeRegistry]:
    def source(group: str) -> list[EntryPoint]:
        return [ep for d in distributions(path=[str(folder)]) for ep in d.entry_points
                if ep.group == group]

    loader = PluginLoader(source)
    rules = RuleRegistry(loader=loader)
    schemes = SchemeRegistry(rules=rules, functions=FunctionRegistry(loader=loader),
                             loader=loader)
    return loader, rules, schemes


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    (tmp_path / "mods").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path / "mods"))
    for name in ("good_rule", "broken_at_import", "clashing_rule", "base_scheme",
                 "overlay_scheme"):
        sys.modules.pop(name, None)
    return tmp_path


def test_groups_load_in_a_fixed_order():
    assert GROUPS == ("dangjian_core.scoring_functions", "dangjian_core.rules",
                      "dangjian_core.schemes")


def test_strict_raises_in_any_order_and_every_time(plugin_dir):
    folder = _distribution(plugin_dir, {
        "dangjian_core.rules": [("broken", "broken_at_import:rules")],
        "dangjian_core.schemes": [("broken-scheme", "broken_at_import:scheme")],
    }, {"broken_at_import": "raise RuntimeError('boom at import')\n"})
    # Schemes first, then rules — the order that used to swallow the rule failure.
    _, rules, schemes = _registries(folder)
    for _ in range(2):
        with pytest.raises(dj.SchemeError, match="broken-scheme"):
            schemes.infos(strict=True)
        with pytest.raises(dj.RuleError, match="boom at import"):
            rules.all(strict=True)
    # Rules first on another fresh set.
    _, rules, schemes = _registries(folder)
    with pytest.raises(dj.RuleError, match="broken"):
        rules.all(strict=True)
    with pytest.raises(dj.SchemeError, match="broken-scheme"):
        schemes.infos(strict=True)


def test_a_broken_plugin_is_warned_on_every_use_and_the_others_still_load(plugin_dir):
    folder = _distribution(plugin_dir, {
        "dangjian_core.rules": [("a-broken", "broken_at_import:rules"),
                                ("b-good", "good_rule:rules")],
    }, {"broken_at_import": "raise RuntimeError('boom')\n", "good_rule": GOOD_RULE})
    _, rules, _ = _registries(folder)
    for _ in range(3):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ids = {r.id for r in rules.all()}
        assert "school.night_patrol" in ids
        assert len(ids) == len(CATALOGUE_IDS) + 1
        assert any("a-broken" in str(w.message) for w in caught)
    assert [p.location for p in rules.failures] == ["dangjian_core.rules:a-broken"]


def test_a_plugin_rule_written_like_a_builtin_is_a_plugin_and_can_be_removed(plugin_dir):
    folder = _distribution(plugin_dir, {"dangjian_core.rules": [("good", "good_rule:rules")]},
                           {"good_rule": GOOD_RULE})
    _, rules, _ = _registries(folder)
    assert rules.origin("school.night_patrol") == "plugin good"
    assert {r.id for r in rules.all(strict=True)} >= {"school.night_patrol", "meeting.committee"}
    rules.unregister("school.night_patrol")
    assert "school.night_patrol" not in {r.id for r in rules.all()}
    with pytest.raises(dj.RuleError, match="内置"):
        rules.unregister("meeting.committee")


def test_unregistering_an_unknown_rule_says_it_is_unknown():
    with pytest.raises(dj.RuleError, match=r"unknown rule id 'nope'"):
        RuleRegistry(loader=PluginLoader(lambda group: [])).unregister("nope")


def test_a_plugin_reusing_an_id_is_refused_alone(plugin_dir):
    folder = _distribution(plugin_dir, {
        "dangjian_core.rules": [("a-clash", "clashing_rule:clash"), ("b-good", "good_rule:rules")],
    }, {"clashing_rule": CLASHING_RULE, "good_rule": GOOD_RULE})
    _, rules, _ = _registries(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ids = {r.id for r in rules.all()}
    assert "school.night_patrol" in ids
    assert rules.get("meeting.committee").title_zh != "冒名规则"
    assert rules.origin("meeting.committee") == "builtin"
    with pytest.raises(dj.RuleError, match=r"duplicate rule id 'meeting\.committee'"):
        rules.all(strict=True)


def test_an_overlay_resolves_whichever_plugin_is_discovered_first(plugin_dir):
    # "a-overlay" sorts before "z-base": the overlay is taken before its base is known.
    folder = _distribution(plugin_dir, {
        "dangjian_core.schemes": [("a-overlay", "overlay_scheme:scheme"),
                                  ("z-base", "base_scheme:scheme")],
    }, {"overlay_scheme": OVERLAY_SCHEME, "base_scheme": BASE_SCHEME})
    _, _, schemes = _registries(folder)
    infos = {i.id: i for i in schemes.infos(strict=True)}
    assert infos["a-overlay"].scope == "branch"
    assert infos["a-overlay"].version == "2"
    assert infos["a-overlay"].package == "demo-plugins"
    assert schemes.get("a-overlay").dimensions[0].indicators[0].title == "支委会（覆盖）"


def test_a_plugin_rule_is_checked_through_its_registry(plugin_dir):
    folder = _distribution(plugin_dir, {"dangjian_core.rules": [("good", "good_rule:rules")]},
                           {"good_rule": GOOD_RULE})
    _, rules, _ = _registries(folder)
    ledger = dj.load_ledger(SEED)
    found = dj.check(ledger, as_of=date(2021, 12, 31), rules="school.*", registry=rules)
    assert {f.rule_id for f in found} == {"school.night_patrol"}
    with pytest.raises(dj.RuleError):  # the process-wide registry does not know it
        dj.check(ledger, as_of=date(2021, 12, 31), rules="school.*")


def _small_ledger() -> dj.Ledger:
    """A department with one branch: the race is in filling the registries, not in the work."""
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    for _ in range(3):
        b.member(br, since="2020-01-01")
    b.meeting("committee", br, "2021-03-10")
    return b.build()


def test_threads_arriving_together_all_see_the_whole_registry():
    ledger = _small_ledger()
    for _ in range(5):
        loader = PluginLoader()
        schemes = SchemeRegistry(rules=RuleRegistry(loader=loader),
                                 functions=FunctionRegistry(loader=loader), loader=loader)
        barrier = threading.Barrier(8)
        results: list[object] = []

        def work(schemes: SchemeRegistry = schemes, barrier: threading.Barrier = barrier,
                 results: list[object] = results) -> None:
            barrier.wait()
            try:
                a = dj.assess(ledger, "five-in-place", as_of=date(2021, 12, 31),
                              registry=schemes)
                results.append(a.model_dump_json())
            except Exception as exc:  # recorded, so the assertion shows it
                results.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(isinstance(r, str) for r in results), results
        assert len(set(results)) == 1


FRESH_THREADS = """
import json, sys, threading
from datetime import date
import dangjian_core as dj
ledger = dj.load_ledger(sys.argv[1])
barrier = threading.Barrier(8)
out = []
def work():
    barrier.wait()
    try:
        out.append(dj.assess(ledger, "five-in-place", as_of=date(2021, 12, 31)).subjects[0].score)
    except Exception as exc:
        out.append(repr(exc))
threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps(sorted(set(map(str, out)))))
"""


@pytest.mark.slow
def test_first_use_from_eight_threads_in_fresh_interpreters_holds(tmp_path):
    # The process-wide registries start empty in each interpreter: the race of the first use.
    small = tmp_path / "small.json"
    small.write_text(_small_ledger().model_dump_json(), encoding="utf-8")
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", FRESH_THREADS, str(small)],
                              capture_output=True, text=True, check=True)
        values = json.loads(done.stdout)
        assert len(values) == 1 and "Error" not in values[0], values
