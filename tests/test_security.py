"""SECURITY.md's guarantees about party-member data, each shown by a test.

1. No network: with every way to open a socket made to raise, loading, checking, scoring and
   the command line all run, and nothing even tries to connect.
2. It writes nowhere it was not told to: in an empty working directory, with HOME and the
   temporary directory pointed at empty folders, nothing appears there, in the package, or
   next to the ledger.
3. It never executes code from a ledger, scheme or workbook: Python-looking text stays text,
   and no module of ``src/`` calls eval/exec/compile or unpickles.
4. Workbooks (Excel) are not read yet: a workbook given as a ledger is refused cleanly, with
   no link followed.
5. Problems are reported without echoing whole records: short lines, and a citizen ID number
   in an unrelated field never appears.
"""

from __future__ import annotations

import ast
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from datetime import date
from pathlib import Path

import pytest

import dangjian_core as dj
import dangjian_core.cli as cli
from dangjian_core.scoring import parse_scheme

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dangjian_core"
SEED = ROOT / "examples" / "jidian" / "ledger.json"
AS_OF = date(2021, 12, 31)

#: A citizen ID number (18 digits): personal data a ledger may hold in some column.
ID_NUMBER = "110101199003071234"
#: Text that would create a file, were it ever evaluated or handed to a shell.
PAYLOAD = "__import__('os').system('touch PWNED')"


# -- helpers ------------------------------------------------------------------------------------


def _exercise(ledger_path: Path, scheme_path: Path | None = None) -> list[int]:
    """Everything a user does with a ledger: load, check, assess, and the command line."""
    ledger = dj.load_ledger(ledger_path)
    dj.check(ledger, as_of=AS_OF)
    dj.assess(ledger, "five-in-place", as_of=AS_OF)
    scheme = ["--scheme", str(scheme_path)] if scheme_path else []
    runs = [
        ["check", str(ledger_path), "--as-of", "2021-12-31", "--format", "json", *scheme],
        ["validate", str(ledger_path)],
        ["rules", "--format", "json"],
        ["schemes"],
        ["schema", "ledger"],
    ]
    return [cli.main(argv) for argv in runs]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# -- 1. no network ------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Every way to open a connection raises, and each attempt is recorded (in case a
    caller swallowed the error)."""
    attempts: list[str] = []

    def refuse(name):
        def raiser(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network use in a test: {name}")

        return raiser

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_nothing_touches_the_network(no_network, capsys, tmp_path):
    scheme = tmp_path / "school.toml"
    scheme.write_text(_SCHEME_TOML.format(title="示例大学"), encoding="utf-8")
    codes = _exercise(SEED, scheme)
    capsys.readouterr()
    assert codes == [0, 0, 0, 0, 0]
    assert no_network == []
    # The failures of the inputs themselves are no excuse to phone home either.
    workbook = tmp_path / "ledger.xlsx"
    workbook.write_bytes(_workbook_with_external_link())
    with pytest.raises(dj.LedgerError):
        dj.load_ledger(workbook)
    assert no_network == []


def test_the_network_guard_works(no_network):
    # Proves the fixture catches an attempt, so the test above cannot pass vacuously.
    with pytest.raises(OSError, match="network use"):
        socket.create_connection(("example.org", 80))
    assert no_network == ["create_connection"]


# -- 2. writes nowhere it was not told to -------------------------------------------------------


def test_writes_nowhere(monkeypatch, capsys, tmp_path):
    cwd, home, tmp, inputs = (tmp_path / n for n in ("cwd", "home", "tmp", "inputs"))
    for folder in (cwd, home, tmp, inputs):
        folder.mkdir()
    ledger = inputs / "ledger.json"
    ledger.write_bytes(SEED.read_bytes())
    scheme = inputs / "school.toml"
    scheme.write_text(_SCHEME_TOML.format(title="示例大学"), encoding="utf-8")
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    # Bytecode caches are the interpreter's, not the library's: keep them out of the count.
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    package_before = _files(SRC)

    codes = _exercise(ledger, scheme)
    out = capsys.readouterr().out

    assert codes == [0, 0, 0, 0, 0]
    assert json.loads(out[: out.index("\n}\n") + 2])["scheme_id"] == "demo-school"
    assert _files(cwd) == set() and _files(home) == set() and _files(tmp) == set()
    assert _files(inputs) == {"ledger.json", "school.toml"}
    assert ledger.read_bytes() == SEED.read_bytes()
    assert _files(SRC) - package_before == set()


# -- 3. never executes code from its inputs -----------------------------------------------------

_SCHEME_TOML = """
id = "demo-school"
version = "1"
title = "{title}"
extends = "five-in-place"

[skip]
D4 = "{title}"
"""


@pytest.fixture
def no_process(monkeypatch):
    """``os.system`` and ``subprocess.Popen`` record any call instead of running it."""
    calls: list[str] = []

    def record(name):
        def recorder(*args, **kwargs):
            calls.append(name)
            raise OSError(f"process started in a test: {name}")

        return recorder

    monkeypatch.setattr(os, "system", record("os.system"))
    monkeypatch.setattr(subprocess, "Popen", record("subprocess.Popen"))
    return calls


def _hostile_ledger() -> dict:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["title"] = PAYLOAD
    data["organizations"][0]["name"] = PAYLOAD
    data["people"][0]["name"] = f"{{{PAYLOAD}}} {{0.__class__}}"
    data["meetings"][0]["title"] = "${PAYLOAD} `touch PWNED` $(touch PWNED)"
    return data


def test_python_looking_text_in_a_ledger_and_scheme_stays_text(
    no_process, monkeypatch, capsys, tmp_path
):
    monkeypatch.chdir(tmp_path)
    ledger_path = tmp_path / "ledger.json"
    ledger_path.write_text(json.dumps(_hostile_ledger(), ensure_ascii=False), encoding="utf-8")
    scheme_path = tmp_path / "school.toml"
    scheme_path.write_text(_SCHEME_TOML.format(title=PAYLOAD.replace("'", "")), encoding="utf-8")

    ledger = dj.load_ledger(ledger_path)
    assert ledger.title == PAYLOAD
    assert ledger.organizations[0].name == PAYLOAD
    findings = dj.check(ledger, as_of=AS_OF)
    assert any(PAYLOAD in f.message_zh for f in findings)  # shown as the name it is
    assert dj.load_scheme(scheme_path).title == PAYLOAD.replace("'", "")
    assert _exercise(ledger_path, scheme_path)[:3] == [0, 0, 0]
    capsys.readouterr()

    assert not (tmp_path / "PWNED").exists()
    assert no_process == []


@pytest.mark.parametrize(
    "change",
    [
        {"function": "os:system"},
        {"function": PAYLOAD},
        {"rules": [PAYLOAD]},
    ],
)
def test_a_scheme_cannot_name_code_to_run(no_process, change):
    data = tomllib.loads(_SCHEME_TOML.format(title="示例大学"))
    data["indicators"] = {"O1": change}
    with pytest.raises(dj.SchemeError):
        parse_scheme(data)
    assert no_process == []


def test_a_ledger_cannot_revive_objects():
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["people"][0]["__reduce__"] = ["os.system", ["touch PWNED"]]
    data["__class__"] = "subprocess.Popen"
    with pytest.raises(dj.LedgerError) as err:
        dj.load_ledger(data)
    assert set(err.value.locations()) >= {"people[0].__reduce__", "__class__"}


#: Calls that run text as code or revive objects from bytes, and modules that do.
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle"}
_FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("yaml", "load"), ("yaml", "unsafe_load")}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(path.parents[1])}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                found.append(f"{where} {func.id}()")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in _FORBIDDEN_ATTRS | {("builtins", "eval")}
            ):
                found.append(f"{where} {func.value.id}.{func.attr}()")
        elif isinstance(node, ast.Import):
            found += [
                f"{where} import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in _FORBIDDEN_MODULES | {"subprocess"}
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] in _FORBIDDEN_MODULES | {"subprocess"}
        ):
            found.append(f"{where} from {node.module} import …")
    return found


#: The one module allowed to start a program: printing the HTML report to PDF runs the
#: Chromium the user installed, only when they ask for ``--format pdf`` (SECURITY.md).
_MAY_START_A_PROGRAM = {"report/pdf.py"}


def test_no_module_evaluates_unpickles_or_starts_a_process():
    offences = [
        o
        for path in sorted(SRC.rglob("*.py"))
        for o in _offences(path)
        if not (
            path.relative_to(SRC).as_posix() in _MAY_START_A_PROGRAM and "subprocess" in o
        )
    ]
    assert offences == []


def test_the_source_scan_catches_what_it_looks_for(tmp_path):
    sample = tmp_path / "pkg" / "sample.py"
    sample.parent.mkdir()
    code = "import pickle\nfrom marshal import loads\neval('1')\nos.system('x')\nre.compile('a')\n"
    sample.write_text(code, encoding="utf-8")
    assert [o.split(" ", 1)[1] for o in _offences(sample)] == [
        "import pickle",
        "from marshal import …",
        "eval()",
        "os.system()",
    ]


# -- 4. workbooks ---------------------------------------------------------------------------------


def _workbook_with_external_link() -> bytes:
    """A minimal .xlsx-shaped zip whose relationships point at an outside URL."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships><Relationship Id="rId1" TargetMode="External" '
            'Target="http://example.org/steal?x=1"/></Relationships>',
        )
    return buffer.getvalue()


def test_a_workbook_is_refused_without_following_its_links(no_network, tmp_path):
    workbook = tmp_path / "台账.xlsx"
    workbook.write_bytes(_workbook_with_external_link())
    with pytest.raises(dj.LedgerError) as err:
        dj.load_ledger(workbook)
    assert "example.org" not in str(err.value)
    assert no_network == []


# -- 5. problems without whole records ------------------------------------------------------------


def _bad_personal_records() -> dict:
    notes = "家庭住址：山西省太原市某区某街道某号。" * 200  # a long personal record
    return {
        "organizations": [
            {"id": "o1", "name": "校党委", "kind": "school_committee"},
            {
                "id": "b1",
                "name": "党支部",
                "kind": "branch",
                "parent_id": "o1",
                "category": "teacher",
                "teacher_kind": "faculty",
            },
        ],
        "people": [
            {  # wrong values: the name, with the ID number and a long text, is unrelated
                "id": "p1",
                "name": f"张三 身份证{ID_NUMBER} {notes}",
                "category": "教师X",
                "birth_date": "1990-13-45",
                "memberships": [{"org_id": "b1", "start": "2020-01-01"}],
            },
            {  # an unknown column holding the ID number, and a bad income
                "id": "p2",
                "name": f"李四 {notes}",
                "category": "teacher",
                "id_card": ID_NUMBER,
                "incomes": [{"effective": "2025-01", "category": "salaried", "base": "x"}],
            },
        ],
    }


def _bad_references() -> dict:
    notes = f"身份证号 {ID_NUMBER}；" + "备注" * 2000
    return {
        "organizations": [{"id": "o1", "name": "校党委", "kind": "school_committee"}],
        "people": [
            {
                "id": "p1",
                "name": f"王五 {notes}",
                "category": "teacher",
                "memberships": [{"org_id": "nope", "start": "2020-01-01"}],
                "party": {"admission": "2020-06-01", "conversion": "2020-01-05"},
            },
            {"id": "p1", "name": f"赵六 {notes}", "category": "teacher"},
        ],
    }


@pytest.mark.parametrize("data", [_bad_personal_records(), _bad_references()])
def test_errors_do_not_echo_personal_records(data, capsys, tmp_path):
    with pytest.raises(dj.LedgerError) as err:
        dj.load_ledger(data)
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    shown = capsys.readouterr()

    for text in (str(err.value), shown.out + shown.err):
        assert ID_NUMBER not in text
        assert "家庭住址" not in text and "备注备注" not in text
        assert all(len(line) < 300 for line in text.splitlines()), text
    assert len(err.value.problems) >= 3
    assert all(p.location.startswith("people[") for p in err.value.problems)
