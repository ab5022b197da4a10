"""assess_many: ledgers through worker processes, merged, equal to the one-process result.

The schools are copies of the example department with every id prefixed, so they are
independent subjects that ``merge`` accepts; one of them is a workbook, since a province
sends both.  Only two runs start a process pool (spawning workers costs seconds): one that
must equal the in-process merge, one whose ledger is broken.
"""

from __future__ import annotations

import json
import pickle
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core.scale import (
    assess_many,
    assess_path,
    ledger_paths,
    portable_scheme,
    slim_findings,
)
from dangjian_core.scoring import register_scheme, unregister_scheme
from dangjian_core.testing import renumbered

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "department.json"
AS_OF = date(2025, 12, 31)

#: A scheme registered at run time, as a province office would: a spawned worker does not
#: have the registration, so it must travel with the task.
OVERLAY = {
    "id": "test-scale-overlay",
    "version": "1",
    "title": "扩展测试方案",
    "extends": "five-in-place",
    "skip": {"D4": "测试：不考核课题立项"},
}


def write_schools(folder: Path, count: int = 3, *, workbook: bool = True) -> list[Path]:
    """``count`` re-identified copies of the example department, one file each; with
    ``workbook`` the last is an Excel workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    paths = []
    for k in range(count):
        data = renumbered(base, f"s{k}-")
        data["title"] = f"学校 {k}"
        if workbook and k == count - 1:
            path = dj.excel.write_ledger(dj.load_ledger(data), folder / f"school-{k}.xlsx")
        else:
            path = folder / f"school-{k}.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def one_process(paths: list[Path], scheme: str = "five-in-place") -> dj.Assessment:
    return dj.merge(dj.assess(dj.load_ledger(p), scheme, as_of=AS_OF) for p in paths)


def dumped(a: dj.Assessment) -> dict[str, Any]:
    return a.model_dump(exclude={"library_version"})


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_schools(tmp_path_factory.mktemp("province"))


@pytest.fixture(scope="module")
def reference(schools: list[Path]) -> dj.Assessment:
    return one_process(schools)


def test_two_workers_equal_one_process(schools: list[Path]) -> None:
    register_scheme(OVERLAY)
    try:
        expected = one_process(schools, OVERLAY["id"])
        got = assess_many(
            schools[0].parent, OVERLAY["id"], as_of=AS_OF, workers=2, findings="all"
        )
    finally:
        unregister_scheme(OVERLAY["id"])
    assert dumped(got) == dumped(expected)
    assert [s.subject_id for s in got.subjects] == [f"s{k}-org-gb" for k in range(3)]
    assert got.skipped == {"D4": "测试：不考核课题立项"}


def test_in_process_equals_one_process_and_trims(
    schools: list[Path], reference: dj.Assessment
) -> None:
    full = assess_many(schools, as_of=AS_OF, workers=1, findings="all")
    assert dumped(full) == dumped(reference)
    default = assess_many(schools, as_of=AS_OF, workers=1)
    assert dumped(default) == dumped(slim_findings(reference, "failing"))
    kept = [f for s in default.subjects for f in s.findings]
    assert kept and all(f.status not in {"pass", "not_applicable"} for f in kept)
    assert sum(len(s.findings) for s in full.subjects) > 5 * len(kept)
    # scores, counts, losses and vetoes are untouched by the trimming
    for slim, whole in zip(default.subjects, full.subjects, strict=True):
        assert slim.model_dump(exclude={"findings"}) == whole.model_dump(exclude={"findings"})


def test_a_scheme_object_gives_the_same_result(schools: list[Path]) -> None:
    scheme = dj.get_scheme("five-in-place")
    assert portable_scheme("five-in-place") == scheme
    got = assess_path(schools[0], scheme, AS_OF)
    assert dumped(got) == dumped(dj.assess(dj.load_ledger(schools[0]), as_of=AS_OF))


def test_slim_matches_the_cli_semantics(reference: dj.Assessment) -> None:
    statuses = {f.status for s in reference.subjects for f in s.findings}
    assert {"pass", "fail"} <= statuses
    failing = slim_findings(reference, "failing")
    for before, after in zip(reference.subjects, failing.subjects, strict=True):
        assert after.findings == [
            f for f in before.findings if f.status not in {"pass", "not_applicable"}
        ]
    assert all(s.findings == [] for s in slim_findings(reference, "none").subjects)
    assert slim_findings(reference, "all") is reference
    with pytest.raises(ValueError, match="failing, all or none"):
        slim_findings(reference, "some")  # type: ignore[arg-type]


def test_paths_from_a_folder_a_glob_or_a_list(tmp_path: Path) -> None:
    folder = tmp_path / "省"
    paths = write_schools(folder, 3, workbook=False)
    (folder / "~$school-0.xlsx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("不是台账", encoding="utf-8")
    (folder / "sub").mkdir()
    assert ledger_paths(folder) == paths
    assert ledger_paths(str(folder / "*.json")) == paths
    assert ledger_paths(str(tmp_path / "**" / "school-1.json")) == [paths[1]]
    assert ledger_paths([paths[2], paths[0]]) == [paths[2], paths[0]]
    with pytest.raises(dj.LedgerError, match="no such ledger file or folder"):
        ledger_paths(tmp_path / "missing.json")
    with pytest.raises(dj.LedgerError, match="no ledger files found"):
        ledger_paths(folder / "sub")


def test_bad_arguments_fail_before_any_work(schools: list[Path]) -> None:
    with pytest.raises(ValueError, match="findings must be"):
        assess_many(schools, as_of=AS_OF, findings="failed")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="start_method"):
        assess_many(schools, as_of=AS_OF, start_method="fork")
    with pytest.raises(ValueError, match="workers"):
        assess_many(schools, as_of=AS_OF, workers=0)
    with pytest.raises(TypeError, match="workers"):
        assess_many(schools, as_of=AS_OF, workers=True)
    with pytest.raises(dj.SchemeError):
        assess_many(schools, "no-such-scheme", as_of=AS_OF)


def test_limits_reach_the_loader(schools: list[Path]) -> None:
    with pytest.raises(dj.LedgerError, match="larger than the limit"):
        assess_many(schools[:1], as_of=AS_OF, workers=1, limits=dj.Limits(max_bytes=1000))


def test_progress_reports_each_ledger_in_order(schools: list[Path]) -> None:
    seen: list[tuple[int, int, Path]] = []
    assess_many(schools[:2], as_of=AS_OF, workers=1, progress=lambda *a: seen.append(a))
    assert seen == [(1, 2, schools[0]), (2, 2, schools[1])]


def test_ledger_errors_survive_pickling() -> None:
    with pytest.raises(dj.LedgerError) as caught:
        dj.load_ledger(ROOT / "examples" / "broken.json")
    caught.value.add_note("note")
    back = pickle.loads(pickle.dumps(caught.value))
    assert type(back) is dj.LedgerError
    assert (back.problems, back.source, str(back)) == (
        caught.value.problems,
        caught.value.source,
        str(caught.value),
    )
    assert back.__notes__ == ["note"]


def test_a_broken_ledger_in_a_worker_raises_its_ledger_error(
    schools: list[Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    shutil.copy(ROOT / "examples" / "broken.json", broken)
    with pytest.raises(dj.LedgerError) as caught:
        dj.load_ledger(broken)
    expected = caught.value.problems
    with pytest.raises(dj.LedgerError) as raised:
        assess_many([schools[0], broken], as_of=AS_OF, workers=2)
    assert raised.value.problems == expected
    assert any(str(broken) in note for note in raised.value.__notes__)
