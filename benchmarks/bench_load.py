"""load_ledger step by step, each step as a ratio to ``json.loads`` of the same text.

    python benchmarks/bench_load.py [FILE ...] [--repeat N] [--memory]

Without files it measures the synthetic department (``synth_ledger("department", seed=1)``).
Every time is the best of ``--repeat`` runs with the collector paused (as ``load_ledger``
runs); ``--memory`` adds the loaded ledger's memory (``tracemalloc``, current after a full
collection, as ``bench_scale.memory``) ÷ the JSON's size in bytes.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dangjian_core as dj
from dangjian_core.io import _read
from dangjian_core.model import Ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import loaded_memory  # the same measure as the targets use

BIG = dj.Limits(max_bytes=1 << 30)


def best(fn: Callable[[], Any], repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            out = min(out, time.perf_counter() - start)
        finally:
            gc.enable()
    return out


def steps(label: str, text: str, repeat: int, memory: bool) -> None:
    base = best(lambda: json.loads(text), repeat)
    data = _read.parse(text, BIG)
    rows: list[tuple[str, float]] = [
        ("depth_of", best(lambda: _read.depth_of(text), repeat)),
        ("parse", best(lambda: _read.parse(text, BIG), repeat)),
        ("scan", best(lambda: _read.scan(data, BIG), repeat)),
        ("model_validate", best(lambda: Ledger.model_validate(dict(data)), repeat)),
        ("load_ledger", best(lambda: dj.load_ledger(text=text, limits=BIG), repeat)),
    ]
    print(f"{label}: {len(text.encode()) / 1e6:.1f} MB, json.loads {base * 1e3:.0f} ms")
    for name, seconds in rows:
        print(f"  {name:15} {seconds / base:5.2f}x  ({seconds * 1e3:.0f} ms)")
    if memory:
        ledger, held = loaded_memory(text)
        print(f"  memory          {held / len(text.encode()):5.2f}x  ({held / 1e6:.0f} MB)")
        del ledger


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args(argv)
    if not args.files:
        from dangjian_core.testing.synth import render, synth_ledger  # noqa: PLC0415

        steps("department", render(synth_ledger("department", seed=1)), args.repeat, args.memory)
    for path in args.files:
        steps(path.name, path.read_text(encoding="utf-8"), args.repeat, args.memory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
