"""The dangjian command: output people can read, JSON machines can, exit codes scripts can."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from _catalogue import CATALOGUE_IDS
from dangjian_core.cli import main
from dangjian_core.scoring import Assessment

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "jidian" / "ledger.json")
WEAKER = str(ROOT / "examples" / "jidian" / "weaker.json")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_text_report(capsys):
    code, out, _ = run(capsys, "check", SEED, "--as-of", "2021-12-31")
    assert code == 0
    assert "维度" in out and "得分率" in out
    assert "等次：优秀" in out
    assert "结论：已达到标杆院系标准" in out
    assert "主要失分" in out


def test_check_english_and_weaker_gaps(capsys):
    code, out, _ = run(capsys, "check", WEAKER, "--as-of", "2021-12-31", "--lang", "en")
    assert code == 0
    assert "Verdict “meets the benchmark-department standard”: no" in out
    assert "grade: Good" in out and "Top gaps" in out


def test_check_json_is_an_assessment(capsys):
    code, out, _ = run(capsys, "check", SEED, "--as-of", "2021-12-31", "--format", "json")
    assert code == 0
    a = Assessment.model_validate_json(out)
    assert a.scheme_id == "five-in-place"
    assert a.subject().verdict is True


def test_fail_under(capsys):
    code, _, err = run(capsys, "check", WEAKER, "--as-of", "2021-12-31", "--fail-under", "90")
    assert code == 1
    assert "xx-gb=80.96" in err  # five-in-place 1.1 re-weighted O1/O2 for O8
    assert run(capsys, "check", SEED, "--as-of", "2021-12-31", "--fail-under", "90")[0] == 0


def test_window_and_scheme_file(capsys, tmp_path):
    code, out, _ = run(capsys, "check", SEED, "--as-of", "2021-06-30", "--from", "2021-01-01",
                       "--to", "2021-06-30", "--format", "json")
    assert code == 0
    assert json.loads(out)["window_end"] == "2021-06-30"
    assert run(capsys, "check", SEED, "--from", "2021-01-01")[0] == 2
    scheme = ROOT / "examples" / "plugin_scheme" / "src" / "dangjian_scheme_shanxi"
    code, out, _ = run(capsys, "check", SEED, "--as-of", "2021-12-31", "--scheme",
                       str(scheme / "shanxi-five-in-place.toml"), "--format", "json")
    assert code == 0
    assert json.loads(out)["skipped"] == {"D4": "本省不将课题立项纳入标杆院系考核"}


def test_validate_exit_codes(capsys):
    assert run(capsys, "validate", SEED)[0] == 0
    code, _, err = run(capsys, "validate", str(ROOT / "examples" / "broken.json"))
    assert code == 1
    assert "organizations[3].parent_id" in err
    assert "Traceback" not in err


def test_rules_schemes_schema(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == len(CATALOGUE_IDS)
    code, out, _ = run(capsys, "rules", "--family", "dues")
    assert out.count("\n") == 4
    assert run(capsys, "rules", "--family", "nope")[0] == 2
    code, out, _ = run(capsys, "schemes", "--format", "json")
    assert {s["id"] for s in json.loads(out)} >= {"five-in-place", "seven-effective"}
    for which in ("ledger", "assessment"):
        code, out, _ = run(capsys, "schema", which)
        assert json.loads(out)["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("args", [[], ["check"], ["check", SEED, "--as-of", "2021-13-01"],
                                  ["check", SEED, "--format", "xml"], ["frobnicate"]])
def test_usage_errors_exit_2_without_traceback(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "用法有误" in err and "Traceback" not in err


def test_unknown_scheme_is_a_short_error(capsys):
    code, _, err = run(capsys, "check", SEED, "--as-of", "2021-12-31", "--scheme", "nope")
    assert code == 1
    assert "未知方案" in err


def test_python_dash_m_and_console_script_agree():
    out = subprocess.run([sys.executable, "-m", "dangjian_core", "schemes"], check=True,
                         capture_output=True, text=True).stdout
    assert "five-in-place" in out
