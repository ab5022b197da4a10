"""How the cost of a full check grows with the ledger: it should grow linearly.

    python benchmarks/bench_check.py [COPIES ...]

The example department is copied k times (every id prefixed, so the copies are independent
departments of one ledger) and a full ``check`` is timed.  Reported: records, findings,
seconds, and the ratio of time per record to that of the smallest size — a ratio that stays
near 1 means linear growth; one that grows with k means a rule scans the ledger per subject.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import dangjian_core as dj
from dangjian_core.testing import replicated as copies_of

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "department.json"


def replicated(copies: int) -> dj.Ledger:
    """The example department ``copies`` times over, as one ledger."""
    return copies_of(dj.load_ledger(EXAMPLE), copies)


def measure(copies: int, repeat: int = 3) -> tuple[int, int, float]:
    ledger = replicated(copies)
    records = sum(len(v) for v in ledger.model_dump().values() if isinstance(v, list))
    best = float("inf")
    findings = 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = dj.check(ledger, as_of=date(2025, 12, 31))
        best = min(best, time.perf_counter() - start)
        findings = len(found)
    return records, findings, best


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1, 2, 4, 8]
    base_rate: float | None = None
    print(f"{'copies':>6} {'records':>8} {'findings':>9} {'seconds':>8} {'per-record ratio':>17}")
    for k in sizes:
        records, findings, seconds = measure(k)
        rate = seconds / records
        base_rate = base_rate or rate
        print(f"{k:>6} {records:>8} {findings:>9} {seconds:>8.3f} {rate / base_rate:>17.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
