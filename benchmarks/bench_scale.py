"""The targets of issue 12 ("Speed and scale"), each as a ratio measured in one run.

    python benchmarks/bench_scale.py [--school-departments N] [--repeat N] [--copies 1,64]
                                     [--skip-memory] [--json PATH]

Every ratio is the median over ``--repeat`` rounds (at least 9 for the department, whose
runs last milliseconds) of the time of the step ÷ the time of ``json.loads`` of the same
text, the two run back to back in each round — so a busy spell on a shared machine slows
both sides of one ratio.  ``load_ledger`` is also given against ``json.loads`` run with the
collector paused, as ``load_ledger`` builds: on a school the collector costs ``json.loads``
itself more than half its time.  Growth compares the best of ``--repeat`` runs per record.
Ledgers come from the synthetic generator (``dangjian_core.testing.synth``): ``department`` scale, and a school of ``--school-departments``
departments (30, the default, is the generator's ``school`` scale: about 58 MB of JSON; a
smaller number builds a school of the same shape with fewer departments, to iterate faster —
the output says which was measured).  Linear growth copies ``examples/department.json``
(``bench_check.replicated``).  Memory is measured with ``tracemalloc`` (which slows the run;
``--skip-memory`` leaves it out).

Targets (issue 12):

* load_ledger ≤ 4× ``json.loads`` at every scale;
* department, from file to Assessment ≤ 15× ``json.loads``;
* school, ledger already loaded, ``assess`` ≤ 10× ``json.loads`` (these two also with
  ``findings="failing"``, what the command line's JSON, ``assess_many`` and a web request
  that shows the gaps use);
* cost per record of load, check and assess at 64 copies within 1.2× of 1 copy;
* a loaded ledger ≤ 5× its JSON size; a school's Assessment JSON in the default output
  (the command line's ``--findings failing``) ≤ 0.5× the ledger file.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import dangjian_core as dj
from dangjian_core._gc import collector_paused
from dangjian_core.scale import slim_findings  # the trimming `dangjian check --format json` applies
from dangjian_core.testing.synth import SCALES, Scale, render, synth_ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import replicated

AS_OF = date(2025, 12, 31)
SCHEME = "five-in-place"
BIG = dj.Limits(max_bytes=1 << 30)  # a school file is above the default 40 MiB


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` runs, in seconds (a full collection before each)."""
    out = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - start)
    return out


def ratio(fn: Callable[[], Any], base: Callable[[], Any], repeat: int) -> float:
    """The median over ``repeat`` rounds of ``fn``'s time ÷ ``base``'s time, the two run back
    to back in each round: on a shared machine a busy spell then slows both sides of one
    ratio instead of only one of two separately taken minima."""
    return statistics.median(best(fn, 1) / best(base, 1) for _ in range(repeat))


def records(ledger: dj.Ledger) -> int:
    return sum(len(v) for v in vars(ledger).values() if isinstance(v, list))


def school_scale(departments: int) -> str | Scale:
    if departments == SCALES["school"].departments[0] == SCALES["school"].departments[1]:
        return "school"
    base = SCALES["school"]
    return Scale(
        departments=(departments, departments), branches=base.branches, members=base.members
    )


class Report:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self, target: str, goal: float | None, value: float, unit: str = "×", note: str = ""
    ) -> None:
        met = None if goal is None else value <= goal
        self.rows.append(
            {"target": target, "goal": goal, "value": round(value, 2), "met": met, "note": note}
        )
        verdict = "" if met is None else ("met" if met else f"missed by {value / goal:.2f}×")
        shown_goal = "" if goal is None else f"≤ {goal:g}{unit}"
        print(f"{target:<58} {value:>8.2f}{unit} {shown_goal:>8} {verdict} {note}", flush=True)


def file_targets(report: Report, label: str, text: str, repeat: int, *, whole: bool) -> dj.Ledger:
    """load_ledger (and, for a department, file → Assessment) against json.loads."""
    size = len(text.encode())

    def loads() -> object:
        return json.loads(text)

    def loads_paused() -> object:
        with collector_paused():  # as load_ledger builds: the baseline without collections
            return json.loads(text)

    ledger = dj.load_ledger(text=text, limits=BIG)
    base = best(loads, repeat)
    note = f"{size / 1e6:.1f} MB, {records(ledger)} records, json.loads {base * 1000:.0f} ms"
    report.add(
        f"load_ledger, {label}",
        4,
        ratio(lambda: dj.load_ledger(text=text, limits=BIG), loads, repeat),
        note=note,
    )
    report.add(
        f"load_ledger, {label} (÷ json.loads, collector paused)",
        4,
        ratio(lambda: dj.load_ledger(text=text, limits=BIG), loads_paused, repeat),
    )
    if whole:
        for kept in ("all", "failing"):
            full = ratio(
                lambda kept=kept: dj.assess(
                    dj.load_ledger(text=text, limits=BIG), SCHEME, as_of=AS_OF, findings=kept
                ),
                loads,
                repeat,
            )
            shown = "" if kept == "all" else f" (findings='{kept}')"
            report.add(f"{label}, from file to Assessment{shown}", 15, full)
    else:
        check = ratio(lambda: dj.check(ledger, as_of=AS_OF), loads, repeat)
        report.add(f"{label}, ledger loaded, check", None, check)
        for kept in ("all", "failing"):
            assess = ratio(
                lambda kept=kept: dj.assess(ledger, SCHEME, as_of=AS_OF, findings=kept),
                loads,
                repeat,
            )
            shown = "" if kept == "all" else f" (findings='{kept}')"
            report.add(f"{label}, ledger loaded, assess{shown}", 10, assess)
    return ledger


def growth(report: Report, copies: list[int], repeat: int) -> None:
    """Seconds per record of load, check and assess at each size, against the smallest."""
    rates: dict[str, list[float]] = {"load_ledger": [], "check": [], "assess": []}
    for k in copies:
        text = replicated(k).model_dump_json()
        ledger = dj.load_ledger(text=text, limits=BIG)
        n = records(ledger)

        def load(text: str = text) -> object:
            return dj.load_ledger(text=text, limits=BIG)

        def check(ledger: dj.Ledger = ledger) -> object:
            return dj.check(ledger, as_of=AS_OF)

        def assess(ledger: dj.Ledger = ledger) -> object:
            return dj.assess(ledger, SCHEME, as_of=AS_OF)

        rates["load_ledger"].append(best(load, repeat) / n)
        rates["check"].append(best(check, repeat) / n)
        rates["assess"].append(best(assess, repeat) / n)
        print(f"  {k} copies: {n} records, {len(text) / 1e6:.1f} MB", flush=True)
    for what, values in rates.items():
        per = ", ".join(f"{v * 1e6:.1f} µs" for v in values)
        report.add(
            f"cost per record of {what}, {copies[-1]} vs {copies[0]} copies",
            1.2,
            values[-1] / values[0],
            note=f"({per} per record)",
        )


def loaded_memory(text: str) -> tuple[dj.Ledger, int]:
    """The ledger loaded from ``text`` and the bytes it holds (``tracemalloc``, after a full
    collection, so only what the ledger keeps is counted)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    ledger = dj.load_ledger(text=text, limits=BIG)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return ledger, held


def memory(report: Report, label: str, text: str) -> None:
    """A loaded ledger's memory ÷ its JSON, and the default Assessment JSON ÷ the ledger file."""
    size = len(text.encode())
    ledger, held = loaded_memory(text)
    report.add(
        f"memory: loaded ledger ÷ JSON, {label}", 5, held / size, note=f"{held / 1e6:.0f} MB held"
    )
    assessment = dj.assess(ledger, SCHEME, as_of=AS_OF)
    out = len(slim_findings(assessment, "failing").to_json().encode())
    full = len(assessment.to_json().encode())
    report.add(
        f"memory: Assessment JSON (--findings failing) ÷ ledger, {label}",
        0.5,
        out / size,
        note=f"{out / 1e6:.1f} MB; with every finding {full / size:.2f}×",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--school-departments", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", default="1,64")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"dangjian-core {dj.__version__}"
    )
    report = Report()
    department = render(synth_ledger("department", seed=1))
    file_targets(report, "department", department, max(args.repeat, 9), whole=True)
    scale = school_scale(args.school_departments)
    school = render(synth_ledger(scale, seed=1))
    label = "school" if scale == "school" else f"school of {args.school_departments} departments"
    file_targets(report, label, school, max(1, min(args.repeat, 2)), whole=False)
    growth(report, [int(k) for k in args.copies.split(",")], max(1, min(args.repeat, 2)))
    if not args.skip_memory:
        memory(report, "department", department)
        memory(report, label, school)
    if args.json:
        args.json.write_text(
            json.dumps(report.rows, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
