"""The export views (issue 9): an Assessment as plain tables, an Excel workbook and CSV files.

They are pinned on the seed department (examples/jidian, as of 2021-12-31): the tables repeat
the assessment's own figures, the workbook opens with real date cells and a bold frozen
header, the CSV starts with the UTF-8 byte-order mark Excel on a Chinese Windows needs, and —
where LibreOffice is installed — a third program reads the workbook's totals back.
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
import os
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from _libreoffice import convert
from dangjian_core import load_ledger
from dangjian_core.model import Ledger
from dangjian_core.report.csv import CSV_ENCODING, write_csv, write_table_csv
from dangjian_core.report.tables import (
    TABLE_NAMES,
    Column,
    Table,
    assessment_tables,
    findings_table,
    gaps_table,
    period_dates,
    scores_table,
    summary_table,
)
from dangjian_core.report.xlsx import MissingExtraError, write_tables_xlsx, write_xlsx
from dangjian_core.rules import Findings, check
from dangjian_core.scoring import Assessment, assess, get_scheme

SEED = Path(__file__).resolve().parents[1] / "examples" / "jidian" / "ledger.json"
AS_OF = date(2021, 12, 31)
DEPT = "jd-gb"


def _needed(module: str) -> ModuleType:
    """An optional package the test needs: skipped without it locally, but never in CI (the
    environment variable CI set), where a missing extra must fail rather than pass unseen."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{module} is not installed")


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger(SEED)


@pytest.fixture(scope="module")
def five(ledger: Ledger) -> Assessment:
    return assess(ledger, "five-in-place", as_of=AS_OF)


@pytest.fixture(scope="module")
def seven(ledger: Ledger) -> Assessment:
    return assess(ledger, "seven-effective", as_of=AS_OF)


@pytest.fixture(scope="module")
def run(ledger: Ledger) -> Findings:
    """The findings of a check run with the scheme's own rules and parameters, as a caller
    that keeps them would pass them (the assessment itself was made by ``assess``)."""
    scheme = get_scheme("five-in-place")
    return check(ledger, as_of=AS_OF, rules=scheme.rule_patterns(), params=scheme.params)


def _rows(table: Table) -> list[dict[str, object]]:
    return [dict(zip(table.column_names, row, strict=True)) for row in table.rows]


# --------------------------------------------------------------------------- tables


def test_tables_are_plain_values(five: Assessment, ledger: Ledger):
    tables = assessment_tables(five, ledger=ledger)
    assert [t.name for t in tables] == list(TABLE_NAMES)
    assert [t.title_zh for t in tables] == [
        "院系总评",
        "得分明细",
        "检查结果",
        "整改清单",
        "评估信息",
    ]
    for t in tables:
        assert len(t.header_zh) == len(t.columns) == len(set(t.column_names))
        for row in t.rows:
            assert all(v is None or type(v) in (str, int, float, date) for v in row), row


def test_table_rejects_a_ragged_row():
    with pytest.raises(ValueError, match="row 0 has 1 cells, not 2"):
        Table("t", "表", (Column("a", "甲"), Column("b", "乙")), (("x",),))


def test_only_the_named_tables(five: Assessment):
    assert [t.name for t in assessment_tables(five, tables=["gaps", "summary"])] == [
        "summary",
        "gaps",
    ]
    with pytest.raises(ValueError, match="未知的表：nope"):
        assessment_tables(five, tables=["nope"])


def test_summary_and_scores_repeat_the_assessment(five: Assessment):
    s = five.subject(DEPT)
    (row,) = _rows(summary_table(five))
    assert row["rank"] == 1 and row["subject_id"] == DEPT
    assert (row["score"], row["score_waived"], row["grade"]) == (s.score, s.score_waived, s.grade)
    assert (row["earned"], row["possible"]) == (s.earned, s.possible)
    assert row["score"] == 99.87 and row["verdict"] == "已达到标杆院系标准"  # README's figure

    rows = _rows(scores_table(five))
    total = rows[0]
    assert total["level"] == "合计"
    assert (total["earned"], total["earned_waived"], total["possible"]) == (
        s.earned,
        s.earned_waived,
        s.possible,
    )
    assert total["points"] == 100.0
    dims = [r for r in rows if r["level"] == "维度"]
    assert [(r["dimension_id"], r["earned"], r["possible"]) for r in dims] == [
        (d.id, d.earned, d.possible) for d in s.dimensions
    ]
    inds = [r for r in rows if r["level"] == "指标"]
    assert [(r["indicator_id"], r["earned"], r["earned_waived"]) for r in inds] == [
        (i.id, i.earned, i.earned_waived) for d in s.dimensions for i in d.indicators
    ]
    assert len(rows) == 1 + len(dims) + len(inds)


def test_gaps_follow_the_assessment(five: Assessment):
    rows = _rows(gaps_table(five))
    gaps = five.gaps(DEPT)
    assert [(r["order"], r["indicator_id"], r["gain"]) for r in rows] == [
        (n, g.indicator, g.gain) for n, g in enumerate(gaps, 1)
    ]
    gains = [r["gain"] for r in rows]
    assert gains == sorted(gains, reverse=True)
    assert rows[0]["dimension"] == "政治把关作用到位"


def test_findings_hold_every_kept_finding_failing_first(five: Assessment, ledger: Ledger):
    s = five.subject(DEPT)
    rows = _rows(findings_table(five, ledger=ledger))
    assert len(rows) == len(s.findings)
    assert Counter(r["status"] for r in rows) == Counter(
        {"pass": "符合", "fail": "不符合", "warn": "提醒", "not_applicable": "不适用"}[f.status]
        for f in s.findings
    )
    assert [r["status"] for r in rows[:2]] == ["不符合", "不符合"]
    first = rows[0]
    assert first["rule_title"] == "收到入党申请书后一个月内派人谈话"
    assert first["department"] == "中共山西工程职业学院机电工程系总支部委员会"
    # Real dates, from the period label: every finding of the seed run has them.
    assert all(isinstance(r["period_start"], date) for r in rows)
    month = next(r for r in rows if r["period"] == "2021-02")
    assert (month["period_start"], month["period_end"]) == (date(2021, 2, 1), date(2021, 2, 28))


def test_the_run_findings_place_every_finding_in_its_branch(
    five: Assessment, ledger: Ledger, run: Findings
):
    alone = _rows(findings_table(five, ledger=ledger))
    exact = _rows(findings_table(five, run, ledger=ledger))
    assert len(exact) == len(alone)
    # Without the run a person's finding is placed by the assessed department only ...
    dues = next(r for r in alone if r["rule_id"] == "dues.monthly" and r["status"] == "不符合")
    assert dues["branch"] is None and dues["measured"] is None
    # ... with it, by the finding's own org chain, and its measured values are there.
    dues = next(r for r in exact if r["rule_id"] == "dues.monthly" and r["status"] == "不符合")
    assert dues["branch_id"] is not None and dues["branch"] is not None
    assert dues["department_id"] == DEPT
    placed = sum(r["branch"] is not None for r in exact)
    assert placed > sum(r["branch"] is not None for r in alone)
    assert any(r["measured"] is not None for r in exact)


def test_without_a_ledger_the_assessed_subject_still_shows(five: Assessment, seven: Assessment):
    rows = _rows(findings_table(five))
    assert {r["department_id"] for r in rows} == {DEPT}
    assert {r["branch"] for r in rows} == {None}
    rows = _rows(findings_table(seven))
    assert {r["branch_id"] for r in rows} == {s.subject_id for s in seven.subjects}
    assert {r["department"] for r in rows} == {None}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2021-03", (date(2021, 3, 1), date(2021, 3, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2021Q4", (date(2021, 10, 1), date(2021, 12, 31))),
        ("2021H2", (date(2021, 7, 1), date(2021, 12, 31))),
        ("2021-spring", (date(2021, 3, 1), date(2021, 8, 31))),
        ("2020-autumn", (date(2020, 9, 1), date(2021, 2, 28))),
        ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
        ("2021-06-10..2021-12-10", (date(2021, 6, 10), date(2021, 12, 10))),
        ("2021-13", None),
        ("2021Q5", None),
        ("2021-12-10..2021-06-10", None),
        ("someday", None),
        ("", None),
    ],
)
def test_period_dates(label: str, expected: tuple[date, date] | None):
    assert period_dates(label) == expected


# --------------------------------------------------------------------------- ranking


def test_seven_effective_ranks_the_branches(seven: Assessment):
    rows = _rows(summary_table(seven))
    assert summary_table(seven).title_zh == "支部排名"
    assert len(rows) == len(seven.subjects) == 6
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    # Equal shown scores share a rank; the next rank skips (competition ranking).
    for before, after in itertools.pairwise(rows):
        if after["score"] == before["score"]:
            assert after["rank"] == before["rank"]
        else:
            assert after["rank"] == rows.index(after) + 1
    by_id = {s.subject_id: s for s in seven.subjects}
    for r in rows:
        s = by_id[str(r["subject_id"])]
        assert (r["score"], r["grade"]) == (s.score, s.grade)
        assert r["verdict"] == ("已" if s.verdict else "未") + str(seven.verdict_title)
    # The seed's own figures (README: the branches score 90.21–99.78).
    assert (rows[0]["subject_id"], rows[0]["score"]) == ("jd-s1", 99.78)
    assert (rows[-1]["subject_id"], rows[-1]["score"], rows[-1]["rank"]) == ("jd-t4", 90.21, 6)
    assert [r["rank"] for r in rows] == [1, 2, 3, 3, 5, 6]


# --------------------------------------------------------------------------- xlsx


def test_xlsx_sheets_header_dates_and_totals(five: Assessment, ledger: Ledger, tmp_path: Path):
    openpyxl = _needed("openpyxl")
    path = tmp_path / "seed.xlsx"
    write_xlsx(five, path, ledger=ledger)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["院系总评", "得分明细", "检查结果", "整改清单", "评估信息"]

    sheet = book["检查结果"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["评价对象编号", "评价对象", "院系", "党支部", "状态", "规则编号"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    start = sheet.cell(row=2, column=header.index("期间起") + 1)
    assert start.is_date and isinstance(start.value, datetime)
    assert start.number_format == "yyyy-mm-dd"
    assert sheet.max_row == 1 + len(five.subject(DEPT).findings)
    assert sheet.column_dimensions["P"].width > 10  # the message column is widened

    s = five.subject(DEPT)
    summary = book["院系总评"]
    names = [c.value for c in summary[1]]
    values = [c.value for c in summary[2]]
    row = dict(zip(names, values, strict=True))
    assert (row["得分"], row["实得分"], row["可得分"], row["等次"]) == (
        s.score,
        s.earned,
        s.possible,
        s.grade,
    )
    scores = book["得分明细"]
    total = {c.value: v.value for c, v in zip(scores[1], scores[2], strict=True)}
    assert (total["层级"], total["得分"], total["可得分"]) == ("合计", s.earned, s.possible)
    info = {r[0].value: r[1].value for r in book["评估信息"].iter_rows(min_row=2)}
    assert info["评估截至"] == datetime(2021, 12, 31)


def test_xlsx_is_reproducible(five: Assessment, ledger: Ledger):
    _needed("openpyxl")
    first, second = io.BytesIO(), io.BytesIO()
    write_xlsx(five, first, ledger=ledger, tables=["summary", "gaps"])
    write_xlsx(five, second, ledger=ledger, tables=["summary", "gaps"])
    assert first.getvalue() == second.getvalue()


def test_xlsx_keeps_text_as_text(tmp_path: Path):
    openpyxl = _needed("openpyxl")
    table = Table(
        "t",
        "表",
        (Column("a", "甲"), Column("b", "乙", "points")),
        (('=HYPERLINK("http://x")', 1.5), ("bell\x07 and\nnewline", None)),
    )
    path = tmp_path / "t.xlsx"
    write_tables_xlsx([table], path)
    sheet = openpyxl.load_workbook(path)["表"]
    assert sheet["A2"].value == '=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "bell and\nnewline"
    assert sheet["B2"].value == 1.5 and sheet["B3"].value is None


def test_xlsx_without_openpyxl_says_what_to_install(
    five: Assessment, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    for name in [m for m in sys.modules if m == "openpyxl" or m.startswith("openpyxl.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # makes ``import openpyxl`` fail
    with pytest.raises(MissingExtraError, match=r"pip install 'dangjian-core\[excel\]'") as err:
        write_xlsx(five, tmp_path / "x.xlsx")
    assert isinstance(err.value, ImportError)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "x.xlsx").exists()


# --------------------------------------------------------------------------- csv


def test_csv_folder_bom_and_round_trip(five: Assessment, ledger: Ledger, tmp_path: Path):
    written = write_csv(five, tmp_path / "out", ledger=ledger)
    assert [p.name for p in written] == [f"{n}.csv" for n in TABLE_NAMES]
    tables = {t.name: t for t in assessment_tables(five, ledger=ledger)}
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in data
        with path.open(encoding=CSV_ENCODING, newline="") as stream:
            rows = list(csv.reader(stream))
        table = tables[path.stem]
        assert rows[0] == table.header_zh
        assert len(rows) == 1 + len(table.rows)
        for got, row in zip(rows[1:], table.rows, strict=True):
            assert got == [
                "" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in row
            ]
    with (tmp_path / "out" / "summary.csv").open(encoding=CSV_ENCODING, newline="") as stream:
        summary = list(csv.DictReader(stream))
    s = five.subject(DEPT)
    assert float(summary[0]["得分"]) == s.score and float(summary[0]["实得分"]) == s.earned


def test_csv_one_table_and_formula_guard():
    table = Table(
        "t", "表", (Column("a", "甲"), Column("b", "乙")), (("=1+1", -2), ("多行\n文字", None))
    )
    out = io.StringIO(newline="")
    write_table_csv(table, out)
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["甲", "乙"],
        ["'=1+1", "-2"],
        ["多行\n文字", ""],
    ]


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_reads_the_totals(five: Assessment, ledger: Ledger, tmp_path: Path):
    """A third program opens the workbook: LibreOffice converts its first sheet (the summary)
    to CSV, headless, with a fresh profile so that no user setting or lock interferes."""
    _needed("openpyxl")
    book = tmp_path / "seed.xlsx"
    write_xlsx(five, book, ledger=ledger)
    # comma, quote, UTF-8; the first sheet (the summary)
    converted = convert(book, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "converted")
    with converted.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    s = five.subject(DEPT)
    assert rows[0][:5] == ["名次", "院系编号", "院系党组织", "得分", "等次"]
    assert rows[1][1] == DEPT
    assert float(rows[1][3]) == s.score and rows[1][4] == s.grade
    assert float(rows[1][rows[0].index("实得分")]) == pytest.approx(s.earned, abs=1e-4)
