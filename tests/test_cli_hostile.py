"""The dangjian command under hostile input: every bad command line, file or pipe gives one
clear message and a documented exit code (0 / 1 / 2 / 130 / 141), never a traceback.

Issue 11: a wrong date, number, window, subject or encoding is a usage error (exit 2, one
line); a file that cannot be read or is not a ledger is exit 1 with the problems; ``-`` reads
the ledger from standard input; a reader that stops early (``dangjian … | head``) ends the
command quietly with 141, like ``cat``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dangjian_core.cli as cli
from dangjian_core.cli import main
from dangjian_core.io import DEFAULT_LIMITS

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "jidian" / "ledger.json")
AS_OF = ("--as-of", "2021-12-31")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in-process; an argparse error (``SystemExit``) counts as its code."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Assert a usage error: exit 2, exactly one line on stderr, nothing on stdout."""
    code, out, err = run(capsys, *args)
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and "用法有误 (usage error)" in err, err
    return err


def input_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Assert an input error: exit 1, one message (a ledger or scheme error lists its
    problems under one heading), no traceback."""
    code, _, err = run(capsys, *args)
    assert code == 1, err
    assert err.strip() and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 or "处问题" in lines[0], err
    return err


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


# -- dates, windows, numbers ----------------------------------------------------------------


@pytest.mark.parametrize("day", ["2021-02-30", "2021/12/31", "", "yesterday"])
def test_a_malformed_date_is_a_usage_error(capsys, day):
    assert "YYYY-MM-DD" in usage_error(capsys, "check", SEED, "--as-of", day)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_date_outside_the_supported_years_is_a_usage_error(capsys, day):
    err = usage_error(capsys, "check", SEED, "--as-of", day)
    assert day in err and "1900–2199" in err


def test_a_window_of_thousands_of_years_is_refused_at_once(capsys):
    err = usage_error(capsys, "check", SEED, *AS_OF, "--from", "1900-01-01", "--to", "2199-12-31")
    assert "20" in err and "1900-01-01..2199-12-31" in err


def test_from_after_to_is_a_usage_error(capsys):
    err = usage_error(capsys, "check", SEED, *AS_OF, "--from", "2021-06-30", "--to", "2021-01-01")
    assert "--from 2021-06-30" in err and "--to 2021-01-01" in err


@pytest.mark.parametrize("given", [["--from", "2021-01-01"], ["--to", "2021-12-31"]])
def test_from_without_to_is_a_usage_error(capsys, given):
    assert "--from" in usage_error(capsys, "check", SEED, *AS_OF, *given)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e400", "-1", "100.5", "ninety"])
def test_fail_under_refuses_what_would_switch_the_gate_off(capsys, value):
    assert "0 到 100" in usage_error(capsys, "check", SEED, *AS_OF, f"--fail-under={value}")


@pytest.mark.parametrize("value", ["0", "100"])
def test_fail_under_accepts_both_ends(capsys, value):
    code, _, _ = run(capsys, "check", SEED, *AS_OF, "--fail-under", value)
    assert code == (1 if value == "100" else 0)


@pytest.mark.parametrize("value", ["-1", "three"])
def test_top_must_be_a_whole_number(capsys, value):
    usage_error(capsys, "check", SEED, *AS_OF, f"--top={value}")


def test_no_command_is_one_line(capsys):
    assert "--help" in usage_error(capsys)


# -- schemes and subjects --------------------------------------------------------------------


def test_unknown_scheme_is_an_input_error(capsys):
    assert "未知方案" in input_error(capsys, "check", SEED, *AS_OF, "--scheme", "nope")


def test_unknown_subject_is_a_usage_error_naming_it(capsys):
    err = usage_error(capsys, "check", SEED, *AS_OF, "--subject", "no-such-dept")
    assert "no-such-dept" in err and "jd-gb" in err  # names the subject and the known ones
    assert "评分方案有误" not in err and "invalid scheme" not in err


# -- files, encodings, standard input --------------------------------------------------------


def test_missing_file(capsys, tmp_path):
    missing = str(tmp_path / "nope.json")
    assert "nope.json" in input_error(capsys, "validate", missing)


def test_directory_as_ledger(capsys, tmp_path):
    assert str(tmp_path) in input_error(capsys, "check", str(tmp_path), *AS_OF)


def test_not_json(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00\xff{not json")
    input_error(capsys, "validate", str(bad))


def test_dash_reads_a_valid_ledger_from_stdin(capsys, monkeypatch):
    stdin_bytes(monkeypatch, Path(SEED).read_bytes())
    code, out, err = run(capsys, "validate", "-")
    assert code == 0, err
    assert "台账有效" in out and "<stdin>" in out


def test_dash_check_from_stdin_matches_the_file(capsys, monkeypatch):
    from_file = run(capsys, "check", SEED, *AS_OF, "--format", "json")
    stdin_bytes(monkeypatch, Path(SEED).read_bytes())
    assert run(capsys, "check", "-", *AS_OF, "--format", "json") == from_file


def test_empty_stdin_is_an_input_error(capsys, monkeypatch):
    stdin_bytes(monkeypatch, b"")
    input_error(capsys, "validate", "-")


class EndlessStdin:
    """A pipe that never ends (``yes | dangjian validate -``): reading it whole never ends."""

    def read(self, size: int = -1) -> bytes:
        assert size is not None and size > 0, "stdin read without a bound"
        return b" " * size


def test_endless_stdin_is_refused_by_its_size(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": EndlessStdin()})())
    err = input_error(capsys, "validate", "-")
    assert str(DEFAULT_LIMITS.max_bytes) in err.replace(",", "") or "max_bytes" in err, err


def test_no_stdin_at_all_is_one_line(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert "标准输入" in usage_error(capsys, "validate", "-")


def test_encoding_reads_a_gb18030_ledger(capsys, tmp_path, monkeypatch):
    text = Path(SEED).read_text(encoding="utf-8")
    data = text.encode("gb18030")
    gb = tmp_path / "gb.json"
    gb.write_bytes(data)
    assert run(capsys, "validate", str(gb), "--encoding", "gb18030")[0] == 0
    stdin_bytes(monkeypatch, data)
    assert run(capsys, "validate", "-", "--encoding", "gb18030")[0] == 0
    input_error(capsys, "validate", str(gb))  # read as UTF-8 it is not valid: said so


@pytest.mark.parametrize("name", ["no-such-codec", "rot13"])
def test_unknown_or_non_text_encoding_is_a_usage_error(capsys, name):
    assert name in usage_error(capsys, "validate", SEED, "--encoding", name)


# -- anything else: one line, never a traceback ----------------------------------------------


def test_an_internal_error_is_one_line_asking_for_a_report(capsys, monkeypatch):
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("unexpected\nstate")

    monkeypatch.setattr(cli, "assess", boom)
    code, _, err = run(capsys, "check", SEED, *AS_OF)
    assert code == 1
    assert err.count("\n") == 1 and "内部错误" in err and "RuntimeError: unexpected state" in err


def test_ctrl_c_exits_130_without_traceback(capsys, monkeypatch):
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "assess", interrupted)
    code, _, err = run(capsys, "check", SEED, *AS_OF)
    assert code == cli.EXIT_INTERRUPTED == 130
    assert err.count("\n") == 1 and "Traceback" not in err


# -- processes: a pipe closed by its reader, and a real stdin --------------------------------


class ClosedPipe(io.StringIO):
    """Standard output whose reader has gone away: every write fails as a pipe would."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_gone_mid_output_ends_the_command_quietly(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["rules", "--format", "markdown"])
    assert code == cli.EXIT_BROKEN_PIPE == 141
    assert capsys.readouterr().err == ""


def test_a_reader_that_closed_its_end_ends_the_command_quietly():
    # `dangjian schemes | head -n 0`: the reader has closed its end before the first write,
    # so the outcome does not depend on timing (a reader closing mid-way may or may not
    # catch the writer still writing).
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dangjian_core", "schemes"],
            stdout=write_end,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write_end)
    _, err = proc.communicate()
    assert proc.returncode == 141
    assert err == b""  # no "cannot read: Broken pipe", no "Exception ignored"


def test_dash_reads_the_real_stdin():
    done = subprocess.run(
        [sys.executable, "-m", "dangjian_core", "check", "-", *AS_OF, "--format", "json"],
        input=Path(SEED).read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (
        b'"scheme_id": "five-in-place"' in done.stdout
        or b'"scheme_id":"five-in-place"' in done.stdout
    )
