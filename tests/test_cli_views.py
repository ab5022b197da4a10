"""The command line's views (issue 10): --version, validate as JSON, --lang en, diff, -o on
every writing command, --findings for JSON, and the progress bar on a terminal only."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core import cli
from dangjian_core.cli import main
from dangjian_core.scoring import Assessment, get_scheme

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "jidian" / "ledger.json")
WEAKER = str(ROOT / "examples" / "jidian" / "weaker.json")
BROKEN = str(ROOT / "examples" / "broken.json")
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    """The seed assessed at mid-year and at year end, saved with each --findings choice."""
    where = tmp_path_factory.mktemp("saved")
    out: dict[str, Path] = {}
    for as_of in ("2021-06-30", "2021-12-31"):
        for which in ("failing", "all", "none"):
            path = where / f"{as_of}-{which}.json"
            assert main(["check", SEED, "--as-of", as_of, "--format", "json",
                         "--findings", which, "-o", str(path)]) == 0
            out[f"{as_of}-{which}"] = path
    return out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"dangjian {dj.library_version()}"


def test_validate_json_of_a_valid_ledger(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", SEED, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["valid"] is True and report["problems"] == []
    assert report["counts"]["organizations"] == 10 and report["counts"]["meetings"] == 727
    target = tmp_path / "v.json"
    assert run(capsys, "validate", SEED, "--format", "json", "-o", str(target)) == (0, "", "")
    assert json.loads(target.read_text("utf-8")) == report


def test_validate_json_has_the_texts_locations(capsys):
    code, _, err = run(capsys, "validate", BROKEN)
    assert code == 1
    text_locations = re.findall(r"^  - (\S+): ", err, flags=re.M)
    code, out, err_json = run(capsys, "validate", BROKEN, "--format", "json")
    assert code == 1 and err_json == ""
    report = json.loads(out)
    assert report["valid"] is False and report["source"] == BROKEN
    assert [p["location"] for p in report["problems"]] == text_locations
    assert len(text_locations) == 8
    assert {"location", "code", "message_zh", "message_en"} == set(report["problems"][0])
    # a file that cannot be read is a problem too, located at the file
    code, out, _ = run(capsys, "validate", str(ROOT / "nope.json"), "--format", "json")
    assert code == 1 and json.loads(out)["problems"][0]["location"].endswith("nope.json")


def test_validate_in_english(capsys):
    code, out, _ = run(capsys, "validate", SEED, "--lang", "en")
    assert code == 0 and out.startswith("ledger is valid") and not CJK.search(out)
    code, _, err = run(capsys, "validate", BROKEN, "--lang", "en")
    assert code == 1 and "8 problem(s)" in err and "people[2].id" in err
    assert not CJK.search(err)


@pytest.mark.parametrize("scheme", ["five-in-place", "seven-effective"])
def test_lang_en_names_everything_in_english(capsys, scheme):
    code, out, _ = run(capsys, "check", WEAKER, "--as-of", "2021-12-31", "--scheme", scheme,
                       "--lang", "en")
    assert code == 0
    chosen = get_scheme(scheme)
    assert chosen.title_en and chosen.title_en in out
    for d in chosen.dimensions:
        assert d.title_en and d.title_en in out, d.id
        assert d.title not in out
    assert chosen.verdict is not None and f"“{chosen.verdict.title_en}”" in out
    assert not re.search("优秀|良好|合格|等次|结论|维度", out)
    assert re.search(r"grade: (Excellent|Good|Pass|Fail)", out)
    # what stays Chinese is the ledger's own data: organisation and people names
    leftover = {line for line in out.splitlines() if CJK.search(line)}
    assert all(line.startswith("==") or "·" in line or ":" in line for line in leftover)


def test_explain_in_english_uses_the_schemes_names():
    a = dj.assess(dj.load_ledger(WEAKER), "five-in-place", as_of=date(2021, 12, 31))
    text = a.explain(lang="en")
    assert "grade Good" in text and "[Reform and development driven]" in text
    assert "“meets the benchmark-department standard”: no" in text
    assert "  · total 80.96 is below 90" in text  # the verdict's reasons, in English
    assert "“Reform and development driven” scored 44.7%, below 80%" in text
    assert "D1 Task completion" in text


def test_english_names_fall_back_for_an_unregistered_scheme():
    a = dj.assess(dj.load_ledger(WEAKER), "five-in-place", as_of=date(2021, 12, 31))
    other = a.model_copy(update={"scheme_id": "not-registered"})
    names = dj.report.text.english_names(other)
    assert names.dimension("reform") == "reform" and names.indicator("D1") == "D1"
    assert names.grade("良好") == "Good" and names.verdict == a.verdict_title


def test_findings_choice_keeps_scores_and_counts(saved):
    full = Assessment.model_validate_json(saved["2021-12-31-all"].read_bytes())
    failing = Assessment.model_validate_json(saved["2021-12-31-failing"].read_bytes())
    none = Assessment.model_validate_json(saved["2021-12-31-none"].read_bytes())
    assert failing.model_copy(update={"subjects": full.subjects}) == full
    for f_s, a_s, n_s in zip(failing.subjects, full.subjects, none.subjects, strict=True):
        assert f_s.model_copy(update={"findings": a_s.findings}) == a_s
        assert n_s.findings == []
        assert {f.status for f in f_s.findings} <= {"fail", "warn", "waived", "error"}
        assert [f for f in a_s.findings if f.status not in ("pass", "not_applicable")] == (
            f_s.findings
        )
    # the seed: 1.4 MB with every finding, a few kilobytes without the passes
    assert saved["2021-12-31-failing"].stat().st_size * 20 < saved["2021-12-31-all"].stat().st_size


def test_diff_text_and_json(capsys, saved):
    old, new = str(saved["2021-06-30-failing"]), str(saved["2021-12-31-failing"])
    code, out, _ = run(capsys, "diff", old, new)
    assert code == 0
    assert "截至 2021-06-30 → 截至 2021-12-31" in out and "总分" in out
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    assert code == 0
    report = json.loads(out)
    a_old = Assessment.model_validate_json(Path(old).read_bytes())
    a_new = Assessment.model_validate_json(Path(new).read_bytes())
    d = dj.scoring.diff(a_old, a_new)
    assert report["before"]["as_of"] == "2021-06-30" and report["after"]["as_of"] == "2021-12-31"
    sid = a_new.subjects[0].subject_id
    assert report["scores"][sid] == {"before": a_old.subjects[0].score,
                                     "after": a_new.subjects[0].score, "change": d.score[sid]}
    assert len(report["findings"]["new"]) == len(d.new)
    assert len(report["findings"]["resolved"]) == len(d.resolved)
    code, out_en, _ = run(capsys, "diff", old, new, "--lang", "en")
    assert code == 0 and "as of 2021-06-30 → 2021-12-31" in out_en


def test_diff_of_slim_files_finds_what_full_files_find(capsys, saved):
    """--findings failing drops passes only: new and resolved problems stay the same."""
    slim = [saved["2021-06-30-failing"], saved["2021-12-31-failing"]]
    full = [saved["2021-06-30-all"], saved["2021-12-31-all"]]
    reports = []
    for old, new in (slim, full):
        code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "json")
        assert code == 0
        reports.append(json.loads(out))
    for kind in ("new", "resolved"):
        keys = [{(f["rule_id"], f["subject_id"], f["period"], f["facet"]) for f in r["findings"][kind]}
                for r in reports]
        assert keys[0] == keys[1], kind
    assert reports[0]["scores"] == reports[1]["scores"]


def test_diff_refuses_what_it_cannot_compare(capsys, tmp_path, saved):
    code, _, err = run(capsys, "diff", SEED, str(saved["2021-12-31-none"]))
    assert code == 1 and "不是评估结果 JSON" in err and "\n" not in err.strip()
    code, _, err = run(capsys, "diff", str(tmp_path / "missing.json"), SEED)
    assert code == 1 and "无法读取" in err
    other = tmp_path / "seven.json"
    assert main(["check", SEED, "--as-of", "2021-12-31", "--scheme", "seven-effective",
                 "--format", "json", "--findings", "none", "-o", str(other)]) == 0
    code, _, err = run(capsys, "diff", str(other), str(saved["2021-12-31-none"]))
    assert code == 1 and "方案或版本不同" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["rules"], ["rules", "--format", "json"],
                                  ["rules", "--format", "markdown", "--family", "dues"],
                                  ["schemes"], ["schemes", "--format", "json"],
                                  ["schema", "ledger"], ["schema", "assessment"]])
def test_output_file_holds_what_stdout_would(capsys, tmp_path, args):
    code, out, _ = run(capsys, *args)
    assert code == 0
    target = tmp_path / "out.txt"
    assert run(capsys, *args, "-o", str(target)) == (0, "", "")
    assert target.read_text("utf-8") == out


def test_rules_and_schemes_in_english(capsys):
    code, out, _ = run(capsys, "rules", "--family", "dues", "--lang", "en")
    assert code == 0 and not CJK.search(out)
    code, out, _ = run(capsys, "schemes", "--lang", "en")
    assert "Benchmark department: five things in place" in out


def test_unknown_subject_stays_a_usage_error(capsys):
    code, _, err = run(capsys, "check", SEED, "--as-of", "2021-12-31", "--subject", "nowhere")
    assert code == 2 and "'nowhere'" in err and "jd-gb" in err and "invalid scheme" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(capsys, monkeypatch):
    pytest.importorskip("tqdm")
    args = ["check", SEED, "--as-of", "2021-12-31", "--format", "json", "--findings", "none"]
    code, _, err = run(capsys, *args)
    assert code == 0 and err == ""  # not a terminal: nothing on stderr
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(args) == 0
    drawn = terminal.getvalue()
    assert "检查" in drawn and "条规则" in drawn and "meeting." in drawn
    # without the extra, a terminal sees nothing either
    monkeypatch.setattr(cli, "_tqdm", lambda: None)
    terminal.seek(0)
    terminal.truncate()
    assert main(args) == 0 and terminal.getvalue() == ""


def test_progress_hook_counts_every_rule():
    seen: list[tuple[int, int, str]] = []
    findings = dj.check(dj.load_ledger(SEED), as_of=date(2021, 12, 31), rules="dues.*",
                        progress=lambda done, total, rule: seen.append((done, total, rule)))
    rules = sorted({f.rule_id for f in findings})
    assert [done for done, _, _ in seen] == list(range(len(seen)))
    assert {total for _, total, _ in seen} == {len(seen)}
    assert set(rules) <= {rule for _, _, rule in seen}


def test_check_writes_html_and_markdown_and_redacts(capsys, tmp_path):
    pytest.importorskip("jinja2")
    page = tmp_path / "报告.html"
    args = ["check", SEED, "--as-of", "2021-12-31"]
    assert run(capsys, *args, "--format", "html", "-o", str(page)) == (0, "", "")
    html = page.read_text("utf-8")
    assert "<svg" in html and "优秀" in html
    code, out, _ = run(capsys, *args, "--format", "markdown")
    assert code == 0 and "五个到位" in out
    names = [p.name for p in dj.load_ledger(SEED).people]
    code, out, _ = run(capsys, *args, "--format", "json", "--findings", "all", "--redact")
    assert code == 0 and not [n for n in names if n in out]
    assert run(capsys, *args, "--format", "pdf")[0] == 2  # pdf needs -o
