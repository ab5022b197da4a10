"""Notebook views (issue 10): short reprs, HTML cards, DataFrames and radar charts of the seed.

The seed department (examples/jidian) is checked and assessed once per module; every test
reads those results.  Charts are drawn with matplotlib's Agg backend, and pytest turns every
warning into an error — a "Glyph … missing" warning would fail the test that draws.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after choosing the backend
import pandas as pd
import pytest
from matplotlib import font_manager

import dangjian_core as dj
import dangjian_core.plot
from dangjian_core.report import MissingExtraError
from dangjian_core.report import plot as report_plot
from dangjian_core.report._html_repr import MAX_FAILING
from dangjian_core.report.frames import findings_frame

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "jidian" / "ledger.json"
AS_OF = date(2021, 12, 31)


@pytest.fixture(scope="module")
def ledger() -> dj.Ledger:
    return dj.load_ledger(SEED)


@pytest.fixture(scope="module")
def findings(ledger: dj.Ledger) -> dj.Findings:
    return dj.check(ledger, as_of=AS_OF)


@pytest.fixture(scope="module")
def assessment(ledger: dj.Ledger) -> dj.Assessment:
    return dj.assess(ledger, "five-in-place", as_of=AS_OF)


@pytest.fixture(scope="module")
def branches(ledger: dj.Ledger) -> dj.Assessment:
    return dj.assess(ledger, "seven-effective", as_of=AS_OF)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
    report_plot.use_font(None)


def _cjk_installed() -> bool:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return any(name in names for name in report_plot.CJK_FONTS)


needs_cjk = pytest.mark.skipif(
    not _cjk_installed() and not os.environ.get("CI"),
    reason="no CJK font installed (apt install fonts-noto-cjk); CI installs it",
)


# --------------------------------------------------------------------------- reprs


def test_reprs_are_one_short_line(ledger, findings, assessment, branches):
    objects = [
        ledger,
        findings,
        assessment,
        branches,
        assessment.subject(),
        dj.get_rule("meeting.committee"),
    ]
    for obj in objects:
        for text in (repr(obj), str(obj)):
            assert "\n" not in text
            assert len(text) < 200, text
    assert repr(assessment).startswith("<Assessment five-in-place 2021-12-31:")
    assert "99.87 优秀" in repr(assessment)
    assert "6 subjects 90.21–99.78" in repr(branches)
    assert "10 organizations" in repr(ledger) and "727 meetings" in repr(ledger)
    assert (
        repr(dj.get_rule("meeting.committee")) == "<Rule meeting.committee 支委会每月至少召开一次>"
    )


def test_html_cards_stay_small(ledger, findings, assessment, branches):
    for obj in (ledger, findings, assessment, branches, dj.get_rule("meeting.committee")):
        html = obj._repr_html_()
        assert html.startswith('<div class="dj-card">')
        assert len(html.encode("utf-8")) < 50_000


def test_assessment_card_shows_summary_and_radar(assessment):
    html = assessment._repr_html_()
    s = assessment.subject()
    assert "99.87" in html and "优秀" in html and "已达到标杆院系标准" in html
    assert s.subject_name in html
    for d in s.dimensions:
        assert d.title in html
    assert html.count("<svg") == 1
    assert "整改清单" in html and assessment.gaps()[0].indicator_title in html


def test_branch_card_ranks_and_overlays(branches):
    html = branches._repr_html_()
    for s in branches.subjects:
        assert s.subject_name in html
    assert html.count("<svg") == 1
    # 94.00 twice: equal scores share a rank
    assert html.count('<td class="n">3</td>') == 2


def test_findings_card_counts_and_failing_rows(findings):
    html = findings._repr_html_()
    assert "符合（pass）" in html and str(findings.counts()["pass"]) in html
    for f in findings.failing():
        assert f.rule_id in html
    many = dj.Findings([findings.failing()[0]] * (MAX_FAILING + 5))
    html = many._repr_html_()
    assert html.count("<tr>") == 1 + 1 + 1 + MAX_FAILING  # counts head and row, failing head
    assert "另有 5 条" in html
    assert "没有不符合项" in findings.filter(status="pass")._repr_html_()


def test_ledger_card_lists_organizations_and_counts(ledger):
    html = ledger._repr_html_()
    for org in ledger.organizations:
        assert org.name in html
    assert '<td>meetings</td><td class="n">727</td>' in html
    assert '<td>people</td><td class="n">125</td>' in html


def test_cards_escape_ledger_text(ledger):
    hostile = ledger.model_copy(update={"title": "<script>alert(1)</script>"})
    html = hostile._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_rule_card_shows_titles_and_parameters():
    rule = dj.get_rule("meeting.committee")
    html = rule._repr_html_()
    for text in (rule.id, rule.title_zh, rule.title_en, "per", "min", "count_online", "最少次数"):
        assert text in html


# --------------------------------------------------------------------------- frames


def test_findings_frame_columns_and_types(findings, ledger):
    df = findings.to_pandas(ledger)
    assert len(df) == len(findings)
    for column in ("period_start", "period_end"):
        assert pd.api.types.is_datetime64_any_dtype(df[column])
    assert isinstance(df["status"].dtype, pd.CategoricalDtype)
    assert list(df["status"].cat.categories) == [s.value for s in dj.Status]
    assert df["measured"].dtype == "float64" and df["expected"].dtype == "float64"
    failing = df[df["status"] == "fail"].set_index("rule_id")
    dues = failing.loc["dues.monthly"]
    assert dues["branch"] == "机械制造教工党支部"
    assert dues["department"] == "中共山西工程职业学院机电工程系总支部委员会"
    assert dues["period_start"] == pd.Timestamp("2021-02-01")
    assert dues["period_end"] == pd.Timestamp("2021-02-28")
    assert pd.isna(dues["measured"]) and dues["measured_text"] == "2021-03-02"  # a date
    assert dues["rule_title"] == dj.get_rule("dues.monthly").title_zh


def test_findings_frame_numbers_are_numbers(findings):
    df = findings.to_pandas()
    numeric = df[df["measured"].notna()]
    assert len(numeric) > 0
    for value, text in zip(numeric["measured"], numeric["measured_text"], strict=True):
        if "/" in text:
            a, b = text.split("/")
            assert value == pytest.approx(int(a) / int(b))
        else:
            assert value == pytest.approx(float(text))
    assert df.loc[df["measured_text"].isin(["是", "否"]), "measured"].isna().all()  # not bools


def test_findings_frame_without_ledger_finds_the_same_places(findings, ledger):
    columns = ["organization", "department", "branch"]
    with_ledger = findings.to_pandas(ledger)[columns].fillna("")
    without = findings_frame(findings)[columns].fillna("")
    assert with_ledger.equals(without)


def test_failures_per_branch_pivot(ledger):
    df = dj.check(ledger, as_of=date(2021, 6, 30)).to_pandas(ledger)
    pivot = df[df["status"] == "fail"].pivot_table(
        index="branch", columns="rule_title", values="rule_id", aggfunc="count", fill_value=0
    )
    assert pivot.loc["机械制造教工党支部", "党费按月按期交纳"] == 1


def test_assessment_frames(assessment, branches):
    frames = assessment.to_frames()
    assert list(frames) == ["subjects", "dimensions", "indicators", "gaps"]
    dims = frames["dimensions"]
    s = assessment.subject()
    assert list(dims["dimension"]) == [d.title for d in s.dimensions]
    assert dims["share"].tolist() == pytest.approx([d.share for d in s.dimensions])
    assert len(frames["indicators"]) == sum(len(d.indicators) for d in s.dimensions)
    assert len(frames["gaps"]) == len(assessment.gaps())
    assert frames["subjects"].loc[0, "score"] == 99.87
    ranking = branches.to_frames()["subjects"]
    assert ranking["score"].is_monotonic_decreasing and len(ranking) == 6


def test_missing_pandas_is_one_clear_line(findings, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'dangjian-core\[pandas\]'"):
        findings.to_pandas()


# --------------------------------------------------------------------------- plots


@needs_cjk
def test_the_chosen_font_has_every_dimension_name(assessment, branches):
    font = report_plot.cjk_font()
    assert font is not None
    titles = "".join(d.title for a in (assessment, branches) for d in a.subjects[0].dimensions)
    names = "".join(s.subject_name for s in branches.subjects)
    assert report_plot.missing_glyphs(titles + names + "截至", font) == set()


@needs_cjk
def test_plot_draws_a_radar_without_missing_glyphs(assessment):
    ax = assessment.plot()
    ax.figure.canvas.draw()  # glyphs are looked up here: a missing one would warn (= error)
    labels = [t.get_text().replace("\n", "") for t in ax.get_xticklabels()]
    assert labels == [d.title for d in assessment.subject().dimensions]
    assert ax.get_xticklabels()[0].get_fontfamily()[0] == report_plot.cjk_font()
    (line,) = ax.get_lines()
    assert list(line.get_ydata())[:-1] == pytest.approx(
        [d.share for d in assessment.subject().dimensions]
    )


@needs_cjk
def test_compare_overlays_years(ledger, assessment):
    earlier = dj.assess(ledger, "five-in-place", as_of=date(2021, 6, 30))
    ax = dj.plot.compare([earlier, assessment])
    ax.figure.canvas.draw()
    assert len(ax.get_lines()) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].endswith("（2021-06-30）") and legend[1].endswith("（2021-12-31）")


@needs_cjk
def test_branch_radar_overlays_every_branch(branches):
    ax = branches.plot()
    ax.figure.canvas.draw()
    assert len(ax.get_lines()) == len(branches.subjects)


def test_compare_refuses_other_dimensions_and_bad_labels(assessment, branches):
    with pytest.raises(ValueError, match="维度"):
        dj.plot.compare(
            [assessment, branches.model_copy(update={"subjects": branches.subjects[:1]})]
        )
    with pytest.raises(ValueError, match="标签"):
        dj.plot.compare([assessment], ["a", "b"])
    with pytest.raises(ValueError, match="没有要比较"):
        dj.plot.compare([])


def test_no_cjk_font_warns_clearly(monkeypatch):
    monkeypatch.setattr(report_plot, "CJK_FONTS", ("No Such Font",))
    with pytest.warns(report_plot.CjkFontWarning, match="fonts-noto-cjk"):
        assert report_plot.cjk_font() is None


def test_an_unknown_font_is_refused():
    with pytest.raises(ValueError, match="No Such Font"):
        report_plot.cjk_font("No Such Font")
    with pytest.raises(ValueError, match="No Such Font"):
        dj.plot.use_font("No Such Font")


def test_use_font_chooses_another(monkeypatch):
    dj.plot.use_font("DejaVu Sans")
    assert dj.plot.cjk_font() == "DejaVu Sans"
    dj.plot.use_font(None)
    assert dj.plot.cjk_font() != "DejaVu Sans" or not _cjk_installed()


def test_missing_matplotlib_is_one_clear_line(assessment, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'dangjian-core\[plot\]'"):
        assessment.plot()


def test_dj_plot_loads_no_extra():
    code = (
        "import sys, json, dangjian_core, dangjian_core.plot; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas','matplotlib','numpy'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
