"""The hostile corpus: every broken input gives one error of its documented type, located,
without a traceback, in bounded time and memory (issue 11).

``tests/data/bad/ledgers/`` holds small broken ledgers (→ ``LedgerError`` from
``dj.load_ledger``); ``tests/data/bad/schemes/`` holds broken schemes (→ ``SchemeError`` from
``dj.load_scheme``).  Large hostile inputs — a 50 MB file, an integer of 100,000 digits,
nesting 100,000 deep, a renamed zip — are generated here instead of being committed.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.errors import _ProblemsError

BAD = Path(__file__).resolve().parent / "data" / "bad"

#: Every file must be refused within this many seconds.
TIME_BOUND = 5.0

LOADERS: dict[str, tuple[Callable[[Path], object], type[_ProblemsError]]] = {
    "ledgers": (dj.load_ledger, dj.LedgerError),
    "schemes": (dj.load_scheme, dj.SchemeError),
    # Excel workbooks go through the same door: load_ledger reads them by their suffix.
    "workbooks": (dj.load_ledger, dj.LedgerError),
}


def corpus() -> list[Path]:
    return sorted(p for p in BAD.glob("*/*") if p.is_file() and p.parent.name in LOADERS)


def assert_refused(error: _ProblemsError) -> None:
    rendered = str(error)
    assert error.problems, rendered
    assert "Traceback" not in rendered
    shown = {line.removeprefix("  - ").split(": ")[0] for line in rendered.splitlines()[1:]}
    for problem in error.problems:
        assert problem.location, problem
        assert problem.location in shown, problem
        assert problem.message_zh and problem.message_en, problem


def test_the_ledger_corpus_is_large_enough():
    assert len(list((BAD / "ledgers").iterdir())) >= 30


@pytest.mark.parametrize("path", corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_bad_file_is_refused_cleanly(path: Path):
    load, expected = LOADERS[path.parent.name]
    start = time.perf_counter()
    with pytest.raises(expected) as info:
        load(path)
    assert time.perf_counter() - start < TIME_BOUND
    assert_refused(info.value)


# -- generated: too large to commit ----------------------------------------------------------


def _renamed_zip() -> bytes:
    """A zip that would inflate to 50 MB: named, never opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sheet.xml", b"0" * 50_000_000)
    return buffer.getvalue()


GENERATED: dict[str, Callable[[], bytes]] = {
    "deep_arrays": lambda: b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep_objects": lambda: b'{"a": ' * 50_000 + b"1" + b"}" * 50_000,
    "integer_100000_digits": lambda: b'{"headcounts": [{"students": ' + b"9" * 100_000 + b"}]}",
    "renamed_zip": _renamed_zip,
    "long_string": lambda: b'{"title": "' + "长".encode() * 200_000 + b'"}',
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_inputs_are_refused(name: str, tmp_path: Path):
    path = tmp_path / f"{name}.json"
    path.write_bytes(GENERATED[name]())
    start = time.perf_counter()
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(path)
    assert time.perf_counter() - start < TIME_BOUND
    assert_refused(info.value)


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path: Path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"title": "')
        handle.seek(50_000_000)
        handle.write(b'"}')
    tracemalloc.start()
    try:
        start = time.perf_counter()
        with pytest.raises(dj.LedgerError) as info:
            dj.load_ledger(path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.code for p in info.value.problems] == ["too_large"]
    assert elapsed < TIME_BOUND
    assert peak < 5_000_000  # the 50 MB were never read


# -- the command line ------------------------------------------------------------------------


def test_validate_exits_1_without_a_traceback():
    samples = [
        "empty.json",
        "gbk.json",
        "renamed_xlsx.json",
        "duplicate_top_key.json",
        "cycle.json",
    ]
    script = (
        "import sys\n"
        "from dangjian_core.cli import main\n"
        "codes = []\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        codes.append(main(['validate', path]))\n"
        "    except SystemExit as exc:\n"
        "        codes.append(exc.code)\n"
        "print('CODES', codes)\n"
    )
    paths = [str(BAD / "ledgers" / name) for name in samples]
    done = subprocess.run(
        [sys.executable, "-c", script, *paths],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert f"CODES {[1] * len(samples)}" in done.stdout, output
