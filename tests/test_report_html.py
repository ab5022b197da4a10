"""The HTML, Markdown and SVG views of an Assessment, and the PDF wrapper's errors.

The real browser is driven in tests/test_report_browser.py; here the page is read as text:
what it holds, that it needs nothing from outside, that it escapes what it shows, and that a
missing extra or browser gives one line naming the fix.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.report import html as html_view
from dangjian_core.report import pdf
from dangjian_core.report.markdown import escape_markdown, render_markdown
from dangjian_core.report.svg import radar_svg
from dangjian_core.report.xlsx import MissingExtraError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "jidian" / "ledger.json"
AS_OF = date(2021, 12, 31)
EVIL = '<script>alert("x")</script> & | *x* [a](http://e.example)'


@pytest.fixture(scope="module")
def ledger():
    return dj.load_ledger(SEED)


@pytest.fixture(scope="module")
def seed(ledger):
    return dj.assess(ledger, "five-in-place", as_of=AS_OF)


@pytest.fixture(scope="module")
def branches(ledger):
    return dj.assess(ledger, "seven-effective", as_of=AS_OF)


@pytest.fixture(scope="module")
def page(seed):
    return seed.to_html(input_sha256=hashlib.sha256(SEED.read_bytes()).hexdigest())


class _Collect(HTMLParser):
    """Tags, attributes and text of a page, and whether every opened element is closed."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------------- the page


def test_the_seed_page_holds_its_summary_radar_tables_gaps_and_provenance(seed, page):
    s = seed.subject()
    text = " ".join(_parse(page).text)
    assert "99.87" in text and "优秀" in text and "已达到标杆院系标准" in text
    for d in s.dimensions:
        assert d.title in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="radar"') == 1
    for i in (i for d in s.dimensions for i in d.indicators):
        assert f"{i.id} {i.title}" in text
    # the gap list, by points to win back: G2 (+0.12) before O7 (<0.01)
    gaps = page[page.index("整改清单") :]
    assert gaps.index("+0.12") < gaps.index("&lt;0.01")
    assert "申浩宇（发展党员） 2021：谈话日期 2021-11-12 晚于期限 2021-11-08" in text
    # findings with their evidence records
    assert "jd-d0237" in text and "jd-dc040" in text
    # scheme, library version, as_of, input hash
    assert "five-in-place 1.1" in text and seed.library_version in text and "2021-12-31" in text
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() in text


def test_the_page_is_well_formed_and_needs_nothing_from_outside(page):
    parsed = _parse(page)
    assert parsed.errors == [] and parsed.stack == []
    assert page.startswith("<!DOCTYPE html>")
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"src", "href"}, (tag, name, value)
    assert "@import" not in page and "url(" not in page
    # the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}


def test_the_page_prints_on_a4_without_splitting_rows(page):
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", page)
    assert re.search(r"tr\s*\{[^}]*break-inside:\s*avoid", page)
    assert 'lang="zh-CN"' in page and '<meta charset="utf-8">' in page


def test_the_hash_shows_only_when_given(seed):
    assert "SHA-256" not in seed.to_html()


def test_english_labels(seed):
    page = seed.to_html(lang="en")
    text = " ".join(_parse(page).text)
    assert 'lang="en"' in page
    for label in ("Score", "Grade", "Verdict", "Gap list", "Findings by organisation"):
        assert label in text
    for label in ("得分率", "整改清单", "依据记录", "评估截至"):
        assert label not in text
    assert "Excellent" in text and "meets" in text  # the scheme's grade_en, as in the text report


def test_branch_scope_ranks_the_branches(branches):
    page = branches.to_html()
    ranking = page[page.index("支部排名") : page.index('<section class="subject"')]
    names = [s.subject_name for s in sorted(branches.subjects, key=lambda s: -s.score)]
    positions = [ranking.index(n) for n in names]
    assert positions == sorted(positions)
    # equal shown scores share a rank: 94.00 twice, both third
    assert re.findall(r'<td class="num">(\d+)</td><td>', ranking) == ["1", "2", "3", "3", "5", "6"]
    assert page.count('class="radar"') == len(branches.subjects) == 6


def test_findings_are_grouped_by_branch_when_the_ledger_is_given(seed, ledger):
    page = html_view.render_html(seed, ledger=ledger)
    groups = re.findall(r"<h4>(.*?)</h4>", page)
    assert groups[0].startswith(seed.subject().subject_name)
    assert "机关教工党支部" in groups
    # without the ledger the department is the one group
    assert re.findall(r"<h4>(.*?)</h4>", seed.to_html()) == [seed.subject().subject_name]


def test_passes_are_counted_and_listed_only_on_request(seed):
    short = seed.to_html()
    full = html_view.render_html(seed, all_findings=True)
    assert 'class="status pass">符合 2856<' in short
    assert short.count('<td class="status pass">') == 0
    assert full.count('<td class="status pass">') == 2856


def test_everything_shown_is_escaped(seed):
    s = seed.subject()
    dims = [s.dimensions[0].model_copy(update={"title": EVIL}), *s.dimensions[1:]]
    evil = seed.model_copy(
        update={
            "scheme_title": EVIL,
            "subjects": [s.model_copy(update={"subject_name": EVIL, "dimensions": dims})],
        }
    )
    page = evil.to_html(input_sha256=EVIL)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    parsed = _parse(page)
    assert parsed.errors == [] and "script" not in {t for t, _ in parsed.tags}
    md = evil.to_markdown(input_sha256=EVIL)
    assert "<script>" not in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no live link: every "](" is escaped


def test_missing_jinja2_is_one_line_naming_the_extra(seed, monkeypatch):
    html_view._environment.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        with pytest.raises(MissingExtraError) as caught:
            seed.to_html()
    finally:
        html_view._environment.cache_clear()
    assert isinstance(caught.value, dj.DangjianError)
    assert "pip install 'dangjian-core[report]'" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_import_dangjian_core_loads_no_jinja2():
    code = "import sys, dangjian_core; print(any(m.split('.')[0] == 'jinja2' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- svg


def test_radar_is_valid_svg_with_one_label_and_vertex_per_axis():
    labels = ["党组织保证监督和运行机制到位", "政治把关作用到位", "C", "D", "E"]
    svg = radar_svg(labels, [1.0, 0.994, None, 1.7, -0.2])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == "320"
    texts = [
        "".join(t.itertext()) for t in root.iter(f"{ns}text") if t.find(f"{ns}tspan") is not None
    ]
    assert texts == [
        "党组织保证监督和运行机制到位100%",
        "政治把关作用到位99.4%",
        "C—",
        "D170%",
        "E-20%",
    ]
    main = [p for p in root.iter(f"{ns}polygon") if p.get("stroke-width") == "2"]
    assert len(main) == 1
    points = [tuple(map(float, p.split(","))) for p in main[0].get("points").split()]
    assert len(points) == 5
    # the labels say the share given; None and negative shares are drawn at the centre and
    # one above 1 on the outer ring, never outside the drawing
    xs, ys = zip(*points, strict=True)
    assert points[2] == points[4]  # both at the centre
    assert all(0 <= x <= 320 for x in xs) and all(0 <= y <= float(root.get("height")) for y in ys)


def test_radar_overlays_series_with_a_legend_and_escapes():
    svg = radar_svg(["a", "b", "c"], [0.5, 0.6, 0.7], series=[(EVIL, [1, 1, 1])], title="2021")
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    ns = "{http://www.w3.org/2000/svg}"
    assert len([p for p in root.iter(f"{ns}polygon") if p.get("stroke-width") == "2"]) == 2
    legend = [t.text for t in root.iter(f"{ns}text") if t.text and t.find(f"{ns}tspan") is None]
    assert "2021" in legend and EVIL in legend


def test_radar_refuses_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="3 labels"):
        radar_svg(["a", "b", "c"], [0.5, 0.6])
    with pytest.raises(ValueError, match="y: 1 shares"):
        radar_svg(["a", "b", "c"], [0.5, 0.6, 0.1], series=[("y", [1])])
    assert ET.fromstring(radar_svg([], [])).get("width") == "320"


# --------------------------------------------------------------------------- markdown


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_markdown_has_the_summary_tables_and_gap_list(seed):
    md = seed.to_markdown(input_sha256="ab" * 32)
    assert md.startswith("# 党建工作评估报告\n")
    assert "- **得分**：99.87 / 100" in md and "- **等次**：优秀" in md
    assert "- **结论**：已达到标杆院系标准" in md
    for d in seed.subject().dimensions:
        assert f"| **{d.title}** |" in md
    gap_lines = [line for line in md.splitlines() if line.startswith(("| 1 |", "| 2 |"))]
    assert gap_lines[0].startswith("| 1 | +0.12 | 政治把关作用到位 | G2 发展党员质量 |")
    assert gap_lines[1].startswith("| 2 | \\<0.01 |")
    assert f"`{'ab' * 32}`" in md
    # every table row has as many cells as its header
    tables: list[list[str]] = []
    for line in md.splitlines():
        if line.startswith("|"):
            if tables and tables[-1]:
                tables[-1].append(line)
            else:
                tables.append([line])
        elif tables and tables[-1]:
            tables.append([])
    for table in filter(None, tables):
        assert {len(_cells(r)) for r in table} == {len(_cells(table[0]))}


def test_markdown_ranks_branches_and_speaks_english(branches):
    md = render_markdown(branches, lang="en")
    assert "## Branch ranking" in md
    assert "| 3 | 机电一体化教工党支部 | 94.00 | Excellent |" in md
    assert "| 3 | 电气自动化教工党支部 | 94.00 | Excellent |" in md
    assert "整改清单" not in md


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a|b", "a\\|b"),
        ("<b>", "\\<b\\>"),
        ("x & y", "x &amp; y"),
        ("*a* _b_ `c` [d](e)", "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e)"),
        ("one\ntwo", "one two"),
    ],
)
def test_markdown_escaping(text, shown):
    assert escape_markdown(text) == shown


# --------------------------------------------------------------------------- pdf errors


def test_a_missing_browser_is_one_line_saying_how_to_get_it(seed, tmp_path):
    with pytest.raises(pdf.BrowserMissingError) as caught:
        pdf.write_pdf(seed, tmp_path / "r.pdf", browser="no-such-browser-dangjian")
    message = str(caught.value)
    assert isinstance(caught.value, dj.DangjianError)
    assert "apt-get install chromium" in message and "\n" not in message
    assert not (tmp_path / "r.pdf").exists()


def test_a_browser_that_writes_nothing_is_an_error(seed, tmp_path):
    fake = tmp_path / "fake-chromium"
    fake.write_text(f"#!{sys.executable}\nimport sys; sys.stderr.write('boom\\n')\n")
    fake.chmod(0o755)
    with pytest.raises(pdf.BrowserError, match="boom"):
        pdf.write_pdf(seed, tmp_path / "r.pdf", browser=str(fake))
    assert not (tmp_path / "r.pdf").exists()


def test_a_browser_that_hangs_is_ended_at_the_timeout():
    command = [sys.executable, "-c", "import signal; signal.pause()"]
    with pytest.raises(pdf.BrowserError, match=r"0\.5"):
        pdf.run_browser(command, timeout=0.5)
