"""Importing a school-scale ledger from Excel, as a ratio to loading the same ledger from JSON.

    python benchmarks/bench_excel.py [COPIES]

The example department is copied COPIES times (default 20: a school of twenty departments,
every id prefixed so the copies are independent), written once as JSON and once as a
workbook in the template's layout, and each is read back.  Reported, each as a ratio to
``json.loads`` of the same JSON measured in the same run: ``load_ledger`` of the JSON file and
``load_ledger`` of the workbook; and the workbook import as a ratio to the JSON load (the
issue's goal: at most 5×).  Best of three runs.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dangjian_core as dj

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import replicated


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str]) -> int:
    copies = int(argv[0]) if argv else 20
    ledger = replicated(copies)
    with tempfile.TemporaryDirectory() as tmp:
        as_json = Path(tmp) / "school.json"
        as_json.write_text(dj.dump_ledger(ledger), encoding="utf-8")
        as_xlsx = Path(tmp) / "school.xlsx"
        dj.excel.write_ledger(ledger, as_xlsx)
        text = as_json.read_text(encoding="utf-8")
        base = best_of(lambda: json.loads(text))
        from_json = best_of(lambda: dj.load_ledger(as_json))
        from_xlsx = best_of(lambda: dj.load_ledger(as_xlsx))
        assert dj.load_ledger(as_xlsx) == dj.load_ledger(as_json)
        mb = as_json.stat().st_size / 1e6
        print(f"copies {copies}: JSON {mb:.1f} MB, workbook {as_xlsx.stat().st_size / 1e6:.1f} MB")
    print(f"json.loads                 {base:8.3f} s   1.0×")
    print(f"load_ledger(JSON)          {from_json:8.3f} s {from_json / base:5.1f}× json.loads")
    print(f"load_ledger(workbook)      {from_xlsx:8.3f} s {from_xlsx / base:5.1f}× json.loads")
    print(f"workbook / JSON load       {from_xlsx / from_json:5.2f}×   (goal ≤ 5×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
