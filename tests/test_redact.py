"""Redaction (issue 10, personal data): no name or number from the ledger in any redacted output.

The end-to-end tests render every format available — terminal text, explain, JSON (the
assessment and the findings), the xlsx and CSV exports of an assessment, the HTML page (which
the PDF prints), Markdown, ``upcoming`` and the .ics calendar, and the Excel and JSON export
of the redacted ledger — from the seed department and from a copy of examples/department.json
that also holds an ID number, mobile numbers in two spellings, a name that contains another
person's name (李明华 / 李明), two people with the same name and a person whose id is an ID
number.  It then looks for every person's name (two characters or more) and every such number
in the bytes.  The same outputs unredacted must contain them, or the test would prove nothing.
"""

from __future__ import annotations

import copy
import importlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core.redact import (
    PSEUDONYM_PREFIX,
    RedactionError,
    Redactor,
    mask_numbers,
    redacted,
)
from dangjian_core.report import render_text, write_csv, write_xlsx
from dangjian_core.report.html import render_html
from dangjian_core.report.markdown import render_markdown
from dangjian_core.upcoming import calendar_text, upcoming


def _extra(name: str) -> Any:
    """An optional extra the test needs: skipped where it is not installed, never under CI
    (the test extras install every one of them there)."""
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(name)


openpyxl = _extra("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "jidian" / "ledger.json"
DEPARTMENT = ROOT / "examples" / "department.json"

ID_NUMBER = "110101199003071234"
ID_NUMBER_X = "11010519851215201X"  # also a person's id below
MOBILE = "13812345678"
MOBILE_DASHED = "139-8765-4321"
NUMBERS = [ID_NUMBER, ID_NUMBER_X, MOBILE, MOBILE_DASHED, "13987654321"]

PSEUDONYM = re.compile(re.escape(PSEUDONYM_PREFIX) + r"[0-9A-F]{4,}")


def _department_with_personal_data() -> dj.Ledger:
    """examples/department.json plus the personal data a real ledger may hold in free text."""
    data = copy.deepcopy(json.loads(DEPARTMENT.read_text(encoding="utf-8")))
    names = {p["name"]: p["id"] for p in data["people"]}
    assert "李明" in names and "周涛" in names and "李明华" not in names
    data["people"] += [
        {"id": "p-x01", "name": "李明华", "category": "teacher"},  # holds 李明's name
        {"id": "p-x02", "name": "周涛", "category": "student"},  # same name as p-005
        {"id": ID_NUMBER_X, "name": "欧阳娜娜", "category": "staff"},  # an ID number as id
    ]
    for m in data["meetings"]:
        if m["kind"] in ("general_assembly", "committee"):
            m["title"] = (
                f"{m.get('title') or '会议'}：李明华汇报、李明主持，联系 {MOBILE}，证件 {ID_NUMBER}"
            )
    data["incidents"][0]["description"] += f"；周涛 {MOBILE_DASHED}，欧阳娜娜 {ID_NUMBER_X}"
    data["documents"][0]["title"] += f"（经办人 欧阳娜娜，手机 {MOBILE_DASHED.replace('-', '')}）"
    return dj.load_ledger(data)


@pytest.fixture(scope="module")
def seed() -> dj.Ledger:
    return dj.load_ledger(SEED)


@pytest.fixture(scope="module")
def department() -> dj.Ledger:
    return _department_with_personal_data()


def _forbidden(ledger: dj.Ledger) -> set[str]:
    return {p.name for p in ledger.people if len(p.name) >= 2} | set(NUMBERS)


def _xlsx_text(data: bytes) -> str:
    """Every cell of every sheet, read back with openpyxl — and the workbook's raw XML, so
    that nothing outside the cells (drop-down lists, sheet names) slips through either."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    names = list(book.sheetnames)
    book.close()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    return "\n".join([*names, *cells, *xml])


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


Run = tuple[dj.Ledger, dj.Findings, dj.Assessment | None]


def _run(request: pytest.FixtureRequest, which: str, scheme: str, as_of: date) -> Run:
    """The check run and the assessment of one case, made once per module."""
    cache: dict[tuple[str, str], Run] = request.getfixturevalue("runs")
    ledger: dj.Ledger = request.getfixturevalue(which)
    if (which, "") not in cache:
        cache[which, ""] = (ledger, dj.check(ledger, as_of=as_of), None)
    if (which, scheme) not in cache:
        _, findings, _ = cache[which, ""]
        cache[which, scheme] = (ledger, findings, dj.assess(ledger, scheme, as_of=as_of))
    return cache[which, scheme]


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], Run]:
    return {}


def _assessment_outputs(
    assessment: dj.Assessment, findings: dj.Findings, ledger: dj.Ledger, tmp: Path, *, full: bool
) -> dict[str, str]:
    """Every available format of one assessment, as text (``full``: the workbooks too)."""
    out: dict[str, str] = {}
    for lang in ("zh", "en"):
        out[f"text-{lang}"] = render_text(assessment, lang=lang, top=50)
        out[f"explain-{lang}"] = "\n".join(
            assessment.explain(s.subject_id, lang=lang, limit=1000) for s in assessment.subjects
        )
    raw = assessment.to_json()
    out["json"] = raw + "\n".join(_json_strings(json.loads(raw)))
    out["findings-json"] = json.dumps(findings.to_records(), ensure_ascii=False, default=str)
    if full:
        book = io.BytesIO()
        write_xlsx(assessment, book, findings, ledger=ledger)
        out["xlsx"] = _xlsx_text(book.getvalue())
        paths = write_csv(assessment, tmp / "csv", findings, ledger=ledger)
        out["csv"] = "\n".join(p.read_text(encoding="utf-8-sig") for p in paths)
    return out


def _leaks(outputs: dict[str, str], forbidden: set[str]) -> dict[str, list[str]]:
    return {
        fmt: sorted(x for x in forbidden if x in text)
        for fmt, text in outputs.items()
        if any(x in text for x in forbidden)
    }


CASES = [
    ("seed", "five-in-place", date(2021, 12, 31)),
    ("seed", "seven-effective", date(2021, 12, 31)),
    ("department", "five-in-place", date(2025, 12, 31)),
]


@pytest.mark.parametrize(("which", "scheme", "as_of"), CASES)
def test_no_name_or_number_in_any_redacted_assessment_output(
    request: pytest.FixtureRequest, tmp_path: Path, which: str, scheme: str, as_of: date
) -> None:
    ledger, findings, assessment = _run(request, which, scheme, as_of)
    assert assessment is not None
    forbidden = _forbidden(ledger)
    # The outputs unredacted do carry the personal data: otherwise this test proves nothing.
    # (Text formats only: the workbooks hold the same tables, and take seconds to write.)
    plain = _assessment_outputs(assessment, findings, ledger, tmp_path, full=False)
    shown = "\n".join(plain.values())
    assert sum(name in shown for name in forbidden) > len(forbidden) // 2
    if which == "department":
        assert [n for n in (ID_NUMBER, MOBILE) if n not in plain["json"]] == []
        assert "李明华" in plain["json"] and "李明" in plain["json"]

    redactor = Redactor(ledger)
    outputs = _assessment_outputs(
        redactor.redact_assessment(assessment),
        redactor.redact_findings(findings),
        redactor.redact_ledger(),
        tmp_path,
        full=True,
    )
    assert _leaks(outputs, forbidden) == {}
    # And they still say who: pseudonyms, the same in every format.
    pseudonyms = {redactor.pseudonym(p.id) for p in ledger.people}
    for fmt in ("json", "findings-json", "xlsx", "csv"):
        assert set(PSEUDONYM.findall(outputs[fmt])) & pseudonyms, fmt


@pytest.mark.parametrize("which", ["seed", "department"])
def test_no_name_or_number_in_a_redacted_ledger_export(
    request: pytest.FixtureRequest, tmp_path: Path, which: str
) -> None:
    ledger: dj.Ledger = request.getfixturevalue(which)
    forbidden = _forbidden(ledger)
    # every name (and, in the department's copy, every number) is in the ledger itself
    expected = forbidden if which == "department" else forbidden - set(NUMBERS)
    assert _leaks({"json": dj.dump_ledger(ledger)}, forbidden) == {"json": sorted(expected)}
    redactor = Redactor(ledger)
    hidden = redactor.redact_ledger()
    book = tmp_path / "台账.xlsx"
    dj.excel.write_ledger(hidden, book)
    outputs = {"ledger-json": dj.dump_ledger(hidden), "ledger-xlsx": _xlsx_text(book.read_bytes())}
    assert _leaks(outputs, forbidden) == {}
    pseudonyms = {redactor.pseudonym(p.id) for p in ledger.people}
    assert pseudonyms <= set(PSEUDONYM.findall(outputs["ledger-xlsx"]))


@pytest.mark.parametrize(
    ("which", "scheme", "as_of"), [CASES[0], CASES[2]], ids=["seed", "department"]
)
def test_no_name_or_number_in_a_redacted_report_page_or_calendar(
    request: pytest.FixtureRequest, which: str, scheme: str, as_of: date
) -> None:
    """HTML (which the PDF prints: same page, so same text), Markdown, ``upcoming`` and the
    .ics calendar.  The calendar is built from the redacted ledger, as the CLI would."""
    _extra("jinja2")
    _extra("icalendar")

    ledger, findings, assessment = _run(request, which, scheme, as_of)
    assert assessment is not None
    forbidden = _forbidden(ledger)
    start = date(as_of.year, 1, 1)

    def pages(a: dj.Assessment, f: dj.Findings, led: dj.Ledger) -> dict[str, str]:
        out = {}
        for lang in ("zh", "en"):
            out[f"html-{lang}"] = render_html(
                a, lang=lang, ledger=led, findings=f, all_findings=True, input_sha256="0" * 64
            )
            out[f"markdown-{lang}"] = render_markdown(a, lang=lang)
        # RFC 5545 folds long lines: a name may be cut by a fold, so unfold before looking.
        ics = calendar_text(led, start=start, end=as_of)
        out["ics"] = ics + ics.replace("\r\n ", "").replace("\r\n\t", "")
        out["upcoming"] = "\n".join(map(str, upcoming(led, date(as_of.year, 6, 1), days=90)))
        return out

    plain = "\n".join(pages(assessment, findings, ledger).values())
    assert sum(name in plain for name in forbidden) > len(forbidden) // 2
    if which == "department":
        assert ID_NUMBER in plain and MOBILE in plain

    redactor = Redactor(ledger)
    outputs = pages(
        redactor.redact_assessment(assessment),
        redactor.redact_findings(findings),
        redactor.redact_ledger(),
    )
    assert _leaks(outputs, forbidden) == {}
    pseudonyms = {redactor.pseudonym(p.id) for p in ledger.people}
    for fmt in ("html-zh", "ics", "upcoming"):
        assert set(PSEUDONYM.findall(outputs[fmt])) & pseudonyms, fmt


def test_a_redacted_ledger_scores_and_checks_like_the_original(department: dj.Ledger) -> None:
    as_of = date(2025, 12, 31)
    redactor = Redactor(department)
    hidden = redactor.redact_ledger()
    assert [p.name for p in hidden.people] == [redactor.pseudonym(p.id) for p in department.people]
    assert dj.check(hidden, as_of=as_of).counts() == dj.check(department, as_of=as_of).counts()
    a, b = (dj.assess(x, "five-in-place", as_of=as_of).subject() for x in (department, hidden))
    assert (a.score, a.grade, a.verdict) == (b.score, b.grade, b.verdict)
    # the id that was an ID number is replaced everywhere, consistently
    ids = {p.id for p in hidden.people}
    assert ID_NUMBER_X not in ids and redactor.redact_id(ID_NUMBER_X) in ids
    assert redactor.redact_id(ID_NUMBER_X).startswith("id-")
    # ids that hold nothing personal stay as they are
    assert {p.id for p in department.people} - {ID_NUMBER_X} <= ids
    # the id replaced: its person gets a new pseudonym if the redacted ledger is redacted again
    assert Redactor(hidden).pseudonym(redactor.redact_id(ID_NUMBER_X)) != redactor.pseudonym(
        ID_NUMBER_X
    )


def test_redacting_twice_changes_nothing(seed: dj.Ledger) -> None:
    hidden = Redactor(seed).redact_ledger()
    assert Redactor(hidden).redact_ledger() == hidden


def test_the_redacted_findings_and_assessment_agree(department: dj.Ledger) -> None:
    as_of = date(2025, 12, 31)
    redactor = Redactor(department)
    findings = redactor.redact_findings(dj.check(department, as_of=as_of))
    assessment = redactor.redact_assessment(dj.assess(department, "five-in-place", as_of=as_of))
    keys = {f.key for f in findings}
    assert {r.key for r in assessment.subject().findings} <= keys
    assert redactor.redact_assessment(assessment) == assessment  # idempotent
    # scores, grades and the scheme's own words are untouched
    original = dj.assess(department, "five-in-place", as_of=as_of)
    assert [d.title for d in assessment.subject().dimensions] == [
        d.title for d in original.subject().dimensions
    ]
    assert assessment.subject().score == original.subject().score


# --------------------------------------------------------------------------- texts


def _people(*people: tuple[str, str]) -> dj.Ledger:
    return dj.load_ledger(
        {"people": [{"id": i, "name": n, "category": "teacher"} for i, n in people]}
    )


def test_pseudonyms_are_stable_keyed_and_distinct() -> None:
    ledger = _people(("a", "张三"), ("b", "李四"))
    one, two = Redactor(ledger), Redactor(ledger)
    assert one.pseudonym("a") == two.pseudonym("a") != one.pseudonym("b")
    assert PSEUDONYM.fullmatch(one.pseudonym("a"))
    assert Redactor(ledger, key="本校的密钥").pseudonym("a") != one.pseudonym("a")
    # by id, not by name: renaming someone keeps their pseudonym
    assert Redactor(_people(("a", "张叁"), ("b", "李四"))).pseudonym("a") == one.pseudonym("a")


def test_colliding_codes_grow_until_distinct() -> None:
    people = [(f"p{n}", f"人{n}") for n in range(1500)]  # ~17 four-digit collisions expected
    redactor = Redactor(_people(*people))
    codes = [redactor.pseudonym(i) for i, _ in people]
    assert len(set(codes)) == len(codes)
    assert any(len(c) > len(PSEUDONYM_PREFIX) + 4 for c in codes)
    assert sum(len(c) == len(PSEUDONYM_PREFIX) + 4 for c in codes) > 1400


def test_longest_name_first_and_in_one_pass() -> None:
    r = Redactor(_people(("m", "李明"), ("h", "李明华"), ("w", "王")))
    m, h = r.pseudonym("m"), r.pseudonym("h")
    assert r.redact_text("李明华 2025-03：李明主持，李明华汇报") == (
        f"{h} 2025-03：{m}主持，{h}汇报"
    )
    assert r.redact_text("申请人李明（发展党员）") == f"申请人{m}（发展党员）"
    # only ledger names, never ordinary words; a one-character name only as a whole field
    assert r.redact_text("文明校园、王牌专业") == "文明校园、王牌专业"
    assert r._name_field("w", "王") == r.pseudonym("w")


def test_people_with_the_same_name() -> None:
    r = Redactor(_people(("a", "周涛"), ("b", "周涛"), ("c", "李四")))
    a, b = r.pseudonym("a"), r.pseudonym("b")
    assert a != b
    assert r.redact_text("周涛 2025-03：未交", person_id="a") == f"{a} 2025-03：未交"
    assert r.redact_text("周涛 2025-03：未交", person_id="b") == f"{b} 2025-03：未交"
    shared = r.redact_text("周涛")
    assert PSEUDONYM.fullmatch(shared) and shared not in (a, b)
    # the subject's own name goes to them; another name in the same text to its owner
    assert r.redact_text("周涛联系李四", person_id="c") == f"{shared}联系{r.pseudonym('c')}"


def test_latin_names_only_as_whole_words() -> None:
    r = Redactor(_people(("a", "Ann"), ("b", "Li Wei")))
    assert r.redact_text("Annual report by Ann; Li Wei.") == (
        f"Annual report by {r.pseudonym('a')}; {r.pseudonym('b')}."
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"身份证号{ID_NUMBER}。", "身份证号1101**********1234。"),
        (ID_NUMBER_X.lower(), "1101**********201x"),
        (f"手机：{MOBILE}", "手机：138****5678"),
        ("电话 138-1234-5678", "电话 138-****-5678"),
        ("电话 138 1234 5678", "电话 138 **** 5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("8613812345678", "8613*****5678"),  # glued to the country code: still hidden
        ("０３５１-７６５４３２１", "０３５１-***４３２１"),  # full-width digits count
        ("卡号 6222021234567890123", "卡号 6222***********0123"),
        # not personal numbers: left alone
        ("2021-03-15 会议，得分 99.8765，经费 1000000000.00 元", None),
        ("π ≈ 3.14159265358979", None),
        ("编号 jd-d0001、2025Q2", None),
    ],
)
def test_numbers_are_masked(text: str, masked: str | None) -> None:
    assert mask_numbers(text) == (text if masked is None else masked)


def test_a_number_next_to_a_name_is_still_masked() -> None:
    r = Redactor(_people(("a", "张三")))
    out = r.redact_text(f"张三{MOBILE}")
    assert out == f"{r.pseudonym('a')}138****5678"
    assert MOBILE not in out


def test_redacted_is_the_one_call_a_view_makes(request: pytest.FixtureRequest) -> None:
    seed, findings, a = _run(request, "seed", "five-in-place", date(2021, 12, 31))
    assert a is not None
    assert redacted(a, False) is a and redacted(a, None) is a
    assert redacted(None, seed) is None  # a view's optional ledger, not given
    with pytest.raises(RedactionError, match="脱敏需要台账"):
        redacted(a, True)
    by_ledger = redacted(a, seed)
    assert by_ledger == redacted(a, True, ledger=seed) == redacted(a, Redactor(seed))
    assert by_ledger != a
    assert redacted("张宏伟", seed) == Redactor(seed).pseudonym("jd-p001")
    records = redacted(findings[:500].to_records(), seed)
    assert not any(p.name in json.dumps(records, ensure_ascii=False) for p in seed.people)
    with pytest.raises(TypeError):
        Redactor(seed).redact(3.5)
