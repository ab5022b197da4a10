"""The fast paths of issue 12 give exactly what the straightforward ones give.

Each optimisation keeps a tiny reference here — the plain loop it replaced — and the two are
compared on the example ledgers and on hypothesis ledgers (few examples: each draw runs a
whole check).
"""

from __future__ import annotations

import copy
import fnmatch
import gc
import pickle
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dangjian_core as dj
from _reference import people_of_department_scan
from dangjian_core._plugins import PluginLoader
from dangjian_core.model import Ledger
from dangjian_core.model.index import LedgerIndex
from dangjian_core.rules import RuleRegistry, _check, _rule, dues
from dangjian_core.rules import _render as render
from dangjian_core.rules._rule import Scope
from dangjian_core.scale import slim_findings
from dangjian_core.scoring import _assess, default_schemes
from dangjian_core.scoring._assess import _Compiled, _routed
from dangjian_core.testing import strategies as dst

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [
    (ROOT / "examples" / "jidian" / "ledger.json", date(2021, 12, 31)),
    (ROOT / "examples" / "department.json", date(2025, 12, 31)),
]
SCHEMES = ["five-in-place", "seven-effective"]
FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda e: e[0].parent.name)
def example(request: pytest.FixtureRequest) -> tuple[Ledger, dj.Findings]:
    path, day = request.param
    ledger = dj.load_ledger(path)
    return ledger, dj.check(ledger, as_of=day)


# -- assess: each scheme's globs matched once per rule id ------------------------------------


def _any(rule_id: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, p) for p in patterns)


def _straightforward(scheme: dj.Scheme, findings: list[dj.Finding]) -> tuple[object, ...]:
    """What ``_score_subject`` computed before: every finding against every glob, in turn."""
    relevant = [f for f in findings if _any(f.rule_id, scheme.rule_patterns())]
    indicators = [ind for _, ind in scheme.indicators()]
    by_indicator = {
        k: [f for f in relevant if ind.matches(f.rule_id)]
        for k, ind in enumerate(indicators)
        if ind.skipped is None
    }
    by_veto = {
        k: [f for f in relevant if _any(f.rule_id, v.rules)] for k, v in enumerate(scheme.veto)
    }
    gate = scheme.verdict.gate_rules if scheme.verdict is not None else []
    gated = [f for f in relevant if _any(f.rule_id, gate)]
    return relevant, by_indicator, by_veto, gated


def _compare_routing(findings: dj.Findings) -> None:
    listed = list(findings)
    for name in SCHEMES:
        scheme = default_schemes().get(name)
        compiled = _Compiled(scheme)
        # per subject, as score_findings hands them over, and the whole run at once
        subjects = {o for f in listed for o in f.org_chain}
        for chosen in [
            listed,
            *([f for f in listed if s in f.org_chain] for s in sorted(subjects)),
        ]:
            relevant, by_indicator, by_veto, gated = _routed(compiled, chosen)
            want_relevant, want_ind, want_veto, want_gated = _straightforward(scheme, chosen)
            assert relevant == want_relevant
            assert {k: v for k, v in by_indicator.items() if v} == {
                k: v for k, v in want_ind.items() if v
            }
            assert {k: v for k, v in by_veto.items() if v} == {
                k: v for k, v in want_veto.items() if v
            }
            assert gated == want_gated


def test_compiled_routing_equals_glob_matching_on_the_examples(example) -> None:
    _compare_routing(example[1])


@FEW
@given(dst.ledgers())
def test_compiled_routing_equals_glob_matching_on_generated_ledgers(ledger: Ledger) -> None:
    _compare_routing(dj.check(ledger, as_of=date(2025, 12, 31)))


def test_assess_scores_equal_those_of_the_straightforward_path(example, monkeypatch) -> None:
    """The whole Assessment with the compiled routing and shared refs equals the one
    computed with one glob match per finding per indicator and a new ref per listing."""
    ledger, findings = example
    fast = {s: dj.assess(ledger, s, as_of=findings.as_of).to_json() for s in SCHEMES}

    class Straight(_Compiled):
        def routes(self, rule_id: str):  # type: ignore[no-untyped-def]
            return _assess._Routes(
                _any(rule_id, self.patterns),
                tuple(k for k, i in enumerate(self.indicators) if i.matches(rule_id)),
                tuple(k for k, v in enumerate(self.vetoes) if _any(rule_id, v)),
                _any(rule_id, self.gate),
            )

    monkeypatch.setattr(_assess, "_Compiled", Straight)
    monkeypatch.setattr(_assess, "_Refs", lambda: _assess._ref)
    slow = {s: dj.assess(ledger, s, as_of=findings.as_of).to_json() for s in SCHEMES}
    assert fast == slow


# -- load_ledger: the garbage collector paused while the models are built ---------------------


def test_load_restores_an_enabled_collector() -> None:
    assert gc.isenabled()
    ledger = dj.load_ledger(EXAMPLES[0][0])
    assert gc.isenabled()
    assert ledger == dj.load_ledger(dj.load_ledger(EXAMPLES[0][0]).model_dump(mode="json"))


def test_load_restores_the_collector_after_a_ledger_error() -> None:
    assert gc.isenabled()
    with pytest.raises(dj.LedgerError):
        dj.load_ledger({"organizations": [{"id": "x"}]})
    assert gc.isenabled()
    with pytest.raises(dj.LedgerError):
        dj.load_ledger(text='{"people": [{"id": 1}], "nonsense": true}')
    assert gc.isenabled()


def test_load_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        dj.load_ledger(EXAMPLES[0][0])
        with pytest.raises(dj.LedgerError):
            dj.load_ledger({"organizations": [{"id": "x"}]})
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_load_with_the_collector_paused_equals_the_plain_validation() -> None:
    data = dj.load_ledger(EXAMPLES[1][0]).model_dump(mode="json")
    assert dj.load_ledger(data) == Ledger.model_validate(data)


# -- check: each subject's chain computed once, the finding copied cheaply --------------------


def _check_straightforward(
    ledger: Ledger, day: date, monkeypatch: pytest.MonkeyPatch
) -> list[dj.Finding]:
    """``check`` as it was: every finding evolved with its chain computed afresh."""
    made: list[LedgerIndex] = []

    class Recorded(LedgerIndex):
        def __init__(self, ledger: Ledger) -> None:
            super().__init__(ledger)
            made.append(self)

    with monkeypatch.context() as m:
        m.setattr(_check, "LedgerIndex", Recorded)
        # Findings built without a chain, as before RuleContext.finding set it …
        m.setattr(_rule, "org_chain_of", lambda *_args: ())
        # … and each evolved afterwards with its chain computed afresh.
        m.setattr(
            _check,
            "_with_chain",
            lambda f, _chain: attrs.evolve(f, org_chain=_check._org_chain(made[-1], f)),
        )
        return list(dj.check(ledger, as_of=day))


def _same_findings(fast: list[dj.Finding], slow: list[dj.Finding]) -> None:
    assert fast == slow
    assert [f.org_chain for f in fast] == [f.org_chain for f in slow]


def test_check_chains_equal_the_straightforward_ones_on_the_examples(example, monkeypatch) -> None:
    ledger, findings = example
    _same_findings(list(findings), _check_straightforward(ledger, findings.as_of, monkeypatch))


@FEW
@given(dst.ledgers())
def test_check_chains_equal_the_straightforward_ones_on_generated_ledgers(ledger: Ledger) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        day = date(2025, 12, 31)
        _same_findings(
            list(dj.check(ledger, as_of=day)), _check_straightforward(ledger, day, monkeypatch)
        )


def test_a_chained_copy_equals_evolve_and_leaves_the_original(example) -> None:
    f = attrs.evolve(next(iter(example[1])), org_chain=())
    copy = _check._with_chain(f, ("a", "b"))
    assert copy == attrs.evolve(f, org_chain=("a", "b"))
    assert hash(copy) == hash(attrs.evolve(f, org_chain=("a", "b")))
    assert f.org_chain == ()


# -- people of a department: one pass per day, not one per department and day ----------------


def _people_of_department_brute(index: LedgerIndex, dept_id: str, day: date) -> list[object]:
    """The per-department scan it replaced: everyone, tested against this department."""
    return people_of_department_scan(index, dept_id, day)


def _days(ledger: Ledger) -> list[date]:
    days = {date(2025, 12, 31), date(2021, 12, 31)}
    days.update(m.date for m in ledger.meetings[:5])
    days.update(p.memberships[0].start for p in ledger.people[:5] if p.memberships)
    return sorted(days)


def _compare_people(ledger: Ledger) -> None:
    index = LedgerIndex(ledger)
    asked = [o.id for o in ledger.organizations] + ["nowhere"]
    for day in _days(ledger):
        for oid in asked:
            assert index.people_of_department(oid, day) == _people_of_department_brute(
                index, oid, day
            )


def test_people_of_department_equals_the_scan_on_the_examples(example) -> None:
    _compare_people(example[0])


@FEW
@given(dst.ledgers())
def test_people_of_department_equals_the_scan_on_generated_ledgers(ledger: Ledger) -> None:
    _compare_people(ledger)


def _contact(ledger: Ledger, day: date) -> list[dj.Finding]:
    return list(dj.check(ledger, as_of=day, rules="leadership.contact_coverage"))


def _contact_compared(ledger: Ledger, day: date) -> None:
    fast = _contact(ledger, day)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(
            LedgerIndex,
            "people_of_department",
            lambda self, d, when: _people_of_department_brute(self, d, when),
        )
        assert fast == _contact(ledger, day)


def test_contact_coverage_equals_the_brute_force_count_on_the_examples(example) -> None:
    _contact_compared(example[0], example[1].as_of)


@FEW
@given(dst.ledgers())
def test_contact_coverage_equals_the_brute_force_count_on_generated_ledgers(ledger: Ledger) -> None:
    _contact_compared(ledger, date(2025, 12, 31))


# -- check and assess: the collector paused for the run ---------------------------------------


def test_check_and_assess_restore_an_enabled_collector(example) -> None:
    ledger, findings = example
    assert gc.isenabled()
    dj.check(ledger, as_of=findings.as_of)
    assert gc.isenabled()
    dj.assess(ledger, "five-in-place", as_of=findings.as_of)
    assert gc.isenabled()


def test_check_restores_the_collector_when_a_rule_raises(example) -> None:
    seen: list[bool] = []

    @dj.rule(
        "test.boom", title=("爆", "boom"), scope=Scope.DEPARTMENT, source="test", register=False
    )
    def boom(ctx: object) -> Iterator[dj.Finding]:
        seen.append(gc.isenabled())
        raise RuntimeError("boom")
        yield  # a generator, like every rule

    registry = RuleRegistry([boom], loader=PluginLoader(lambda group: []))
    with pytest.raises(RuntimeError):
        dj.check(example[0], as_of=example[1].as_of, registry=registry, strict=True)
    assert seen == [False]
    assert gc.isenabled()


def test_check_leaves_a_disabled_collector_disabled(example) -> None:
    gc.disable()
    try:
        dj.check(example[0], as_of=example[1].as_of)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- check: messages rendered on first read, from what was captured at build ----------------


def _recorded_messages(ledger: Ledger, day: date) -> list[tuple[dj.Finding, tuple[str, str]]]:
    """Every finding a rule built through ``RuleContext.finding``, with its messages rendered
    eagerly by the straightforward code (the rule's ``render`` over a context dict)."""
    original = _rule.RuleContext.finding
    seen: list[tuple[dj.Finding, tuple[str, str]]] = []

    def finding(self, subject_id, subject_kind, period, status, **kw):  # type: ignore[no-untyped-def]
        made = original(self, subject_id, subject_kind, period, status, **kw)
        reason = made.reason
        name = self.index.name_of(subject_id)
        known = {"facet", "reason", "measured", "expected", "evidence", "key", "due", "due_on"}
        ctx = {
            "measured": render.show(made.measured),
            "expected": render.show(made.expected),
            "reason": render.reason_zh(reason),
            "period": period.label,
            "subject": name or subject_id,
            "facet": made.facet or "",
            **{k: render.show(v) for k, v in kw.items() if k not in known},
        }
        zh, en = self.rule.render(
            made.message_key, ctx, {"reason": reason or "", "subject": subject_id}
        )
        seen.append(
            (
                made,
                (
                    f"{name or subject_id} {period.label}：{zh}",
                    f"{subject_id} {period.label}: {en}",
                ),
            )
        )
        return made

    with pytest.MonkeyPatch.context() as m:
        m.setattr(_rule.RuleContext, "finding", finding)
        dj.check(ledger, as_of=day)
    return seen


def _compare_messages(ledger: Ledger, day: date) -> None:
    seen = _recorded_messages(ledger, day)
    for made, (zh, en) in seen:
        assert (made.message_zh, made.message_en) == (zh, en)
        assert type(made._message_zh) is str  # kept once rendered


def test_deferred_messages_equal_the_eager_ones_on_the_examples(example) -> None:
    ledger, findings = example
    _compare_messages(ledger, findings.as_of or date(2025, 12, 31))


@FEW
@given(dst.ledgers())
def test_deferred_messages_equal_the_eager_ones_on_generated_ledgers(ledger: Ledger) -> None:
    _compare_messages(ledger, date(2025, 12, 31))


def _pair(example: tuple[Ledger, dj.Findings]) -> tuple[dj.Finding, dj.Finding]:
    """A finding fresh from a check (message pending) and the same built with its text."""
    ledger, findings = example
    fresh = next(f for f in dj.check(ledger, as_of=findings.as_of or date(2025, 12, 31)))
    assert isinstance(fresh._message_zh, render.PendingMessage)
    texts = {a.alias: getattr(fresh, a.name) for a in attrs.fields(dj.Finding)}
    texts["message_zh"], texts["message_en"] = fresh._rendered()
    fresh = next(f for f in dj.check(ledger, as_of=findings.as_of or date(2025, 12, 31)))
    return fresh, dj.Finding(**texts)


def test_a_pending_finding_compares_hashes_and_prints_as_its_text(example) -> None:
    pending, text = _pair(example)
    assert hash(pending) == hash(text)
    pending, text = _pair(example)
    assert pending == text
    assert (pending != text) is False
    pending, text = _pair(example)
    assert repr(pending) == repr(text) and "message_zh=" in repr(text)


def test_a_pending_finding_pickles_and_copies_as_its_text(example) -> None:
    pending, text = _pair(example)
    back = pickle.loads(pickle.dumps(pending))
    assert type(back._message_zh) is str and back == text
    pending, text = _pair(example)
    assert copy.deepcopy(pending) == text and copy.copy(pending) == text


def test_an_evolved_finding_keeps_the_message_it_was_built_with(example) -> None:
    pending, text = _pair(example)
    moved = attrs.evolve(pending, subject_id="elsewhere", subject_name="别处")
    assert (moved.message_zh, moved.message_en) == (text.message_zh, text.message_en)
    relabelled = attrs.evolve(pending, message_zh="另写的文字")
    assert relabelled.message_zh == "另写的文字" and relabelled.message_en == text.message_en


# -- assess: findings left out of the result are never copied into it -----------------------


def _kept_equals_trimmed(ledger: Ledger, day: date, scheme: str) -> None:
    whole = dj.assess(ledger, scheme, as_of=day)
    for which in ("failing", "none", "all"):
        assert dj.assess(ledger, scheme, as_of=day, findings=which) == slim_findings(whole, which)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_assess_keeping_some_findings_equals_trimming_afterwards(example, scheme) -> None:
    ledger, findings = example
    _kept_equals_trimmed(ledger, findings.as_of or date(2025, 12, 31), scheme)


@FEW
@given(dst.ledgers())
def test_assess_keeping_some_findings_equals_trimming_on_generated_ledgers(ledger: Ledger) -> None:
    _kept_equals_trimmed(ledger, date(2025, 12, 31), "five-in-place")


def test_assess_refuses_an_unknown_findings_choice(example) -> None:
    with pytest.raises(ValueError, match="failing、all 或 none"):
        dj.assess(example[0], as_of=date(2025, 12, 31), findings="passing")  # type: ignore[arg-type]


# -- dues: amounts shown in cents remembered by numerator and denominator --------------------


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=-(10**9), max_value=10**9))
def test_floor_cents_remembered_equals_computed_afresh(value: Fraction) -> None:
    with localcontext(dues._MONEY_CONTEXT):
        fresh = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            dues._CENT, rounding=ROUND_DOWN
        )
    first, again = dues._floor_cents(value), dues._floor_cents(value)
    assert first == fresh == again and str(first) == str(fresh)


def test_findings_read_from_many_threads_render_one_text_each(example) -> None:
    """A web server's threads may read one run's findings at once: each message is rendered
    by whichever thread reads it first, and every thread sees the same text."""
    ledger, findings = example
    fresh = list(dj.check(ledger, as_of=findings.as_of or date(2025, 12, 31)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(lambda _: [(f.message_zh, f.message_en) for f in fresh], range(8)))
    assert all(texts == seen[0] for texts in seen)
    assert seen[0] == [(f.message_zh, f.message_en) for f in findings]
