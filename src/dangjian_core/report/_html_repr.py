"""Small HTML snippets for Jupyter: what ``_repr_html_`` of the library's objects returns.

Why: typed on its own in a notebook cell, a Ledger printed 531,000 characters and an
Assessment 875,000.  A notebook shows ``_repr_html_`` instead of ``repr`` when an object has
one, so each object gets a compact card here — an Assessment its summary, dimension table,
radar chart and first gaps; Findings their counts by status and first failing rows; a Ledger
its organisations and how many records of each kind it holds; a rule its titles and
parameters.  Every list is capped, so a whole school's ledger stays a few kilobytes.

Every text from a ledger or a scheme is HTML-escaped.  The radar is the report's own inline
SVG (:func:`.svg.radar_svg`): no plotting library, no JavaScript.  Like every view this reads
and never recomputes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from .._format import points, share
from .svg import radar_svg

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger
    from ..rules import Findings, Rule
    from ..scoring import Assessment, SubjectResult

__all__ = ["assessment_html", "findings_html", "ledger_html", "rule_html"]

#: Caps on listed rows: a card is a glance, the DataFrame (``to_pandas``) has the rest.
MAX_FAILING = 10
MAX_GAPS = 5
MAX_ORGANIZATIONS = 40
MAX_SUBJECTS = 50
#: Statuses in the order the card counts them (``Status``'s own order).  Spelt out rather than
#: imported: Findings and Rule call these cards through deferred imports, and an import of
#: ``rules`` here would close an import cycle (tests/test_layers.py).
_STATUS_ORDER = ("pass", "fail", "warn", "not_applicable", "waived", "error")

#: A radar overlays at most this many subjects (the SVG's distinguishable colours).
MAX_RADAR_SERIES = 7

_STYLE = (
    "<style>"
    ".dj-card{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;"
    "line-height:1.4;max-width:60em}"
    ".dj-card table{border-collapse:collapse;margin:.4em 0}"
    ".dj-card th,.dj-card td{border:1px solid #ccc;padding:.15em .5em;text-align:left;"
    "vertical-align:top}"
    ".dj-card td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".dj-card .muted{color:#666;font-size:90%}"
    ".dj-card .bad{color:#c0392b}.dj-card .good{color:#1e7b34}"
    "</style>"
)


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    """A table whose cells are already HTML; columns in ``numeric`` align right."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell}</td>' if j in numeric else f"<td>{cell}</td>"
            for j, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _card(title: str, *parts: str) -> str:
    return f'<div class="dj-card">{_STYLE}<h4>{title}</h4>{"".join(parts)}</div>'


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="muted">……另有 {total - shown} {what}未列出</p>'


# --------------------------------------------------------------------------- assessment


def _verdict(verdict: bool | None, title: str | None) -> str:
    if verdict is None or not title:
        return ""
    css = "good" if verdict else "bad"
    return f'<span class="{css}">{"已" if verdict else "未"}{_e(title)}</span>'


def _shares(subject: SubjectResult) -> list[float | None]:
    return [d.earned / d.possible if d.possible else None for d in subject.dimensions]


def _subject_summary(a: Assessment, s: SubjectResult) -> str:
    head = (
        f"<p><b>{_e(s.subject_name)}</b>：得分 <b>{points(s.score)}</b>，{_e(s.grade)}"
        f"{'，' + _verdict(s.verdict, a.verdict_title) if _verdict(s.verdict, a.verdict_title) else ''}"
        f"{'（结果不完整）' if s.incomplete else ''}</p>"
    )
    misses = "".join(f"<li>{_e(m)}</li>" for m in s.verdict_misses)
    misses = f"<p>未达标原因：</p><ul>{misses}</ul>" if misses else ""
    veto = "".join(f"<li>{_e(f.message_zh)}</li>" for f in s.veto)
    veto = f'<p class="bad">一票否决：</p><ul>{veto}</ul>' if veto else ""
    dims = _table(
        ["维度", "得分", "满分", "得分率"],
        (
            [_e(d.title), points(d.earned), points(d.possible), share(d.earned, d.possible)]
            for d in s.dimensions
        ),
        {1, 2, 3},
    )
    chart = radar_svg([d.title for d in s.dimensions], _shares(s), size=320, title=s.subject_name)
    gaps = a.gaps(s.subject_id)
    gap_rows = (
        [points(g.gain), _e(g.indicator_title), _e("；".join(f.message_zh for f in g.findings[:2]))]
        for g in gaps[:MAX_GAPS]
    )
    gap_table = (
        "<p>整改清单（按可挽回分值）：</p>"
        + _table(["可挽回", "指标", "问题"], gap_rows, {0})
        + _more(MAX_GAPS, len(gaps), "项")
        if gaps
        else "<p>没有失分项。</p>"
    )
    layout = (
        '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">'
        f"<div>{dims}</div><div>{chart}</div></div>"
    )
    return head + misses + veto + layout + gap_table


def _ranking(a: Assessment) -> str:
    ordered = sorted(a.subjects, key=lambda s: -s.score)  # stable: ledger order within ties
    rows: list[list[str]] = []
    rank, previous = 0, None
    for n, s in enumerate(ordered[:MAX_SUBJECTS], 1):
        if s.score != previous:  # equal scores share a rank, as in the report's ranking
            rank, previous = n, s.score
        rows.append(
            [str(rank), _e(s.subject_name), points(s.score), _e(s.grade),
             _verdict(s.verdict, a.verdict_title)]
        )  # fmt: skip
    table = _table(["序", "评价对象", "得分", "等次", "结论"], rows, {0, 2})
    shown = a.subjects[:MAX_RADAR_SERIES]
    chart = ""
    if shown and shown[0].dimensions:
        labels = [d.title for d in shown[0].dimensions]
        ids = [d.id for d in shown[0].dimensions]
        series = [
            (s.subject_name, _shares(s)) for s in shown[1:] if [d.id for d in s.dimensions] == ids
        ]
        chart = radar_svg(
            labels, _shares(shown[0]), size=360, series=series, title=shown[0].subject_name
        )
        if len(a.subjects) > len(shown):
            chart += f'<p class="muted">雷达图只画前 {len(shown)} 个评价对象</p>'
    return (
        '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">'
        f"<div>{table}{_more(MAX_SUBJECTS, len(a.subjects), '个评价对象')}</div>"
        f"<div>{chart}</div></div>"
    )


def assessment_html(a: Assessment) -> str:
    """An assessment's card: scheme and dates, then its one subject's summary, dimension
    table, radar and first gaps — or, for several subjects, their ranking and radars."""
    info = (
        f'<p class="muted">{_e(a.scheme_id)} {_e(a.scheme_version)} · 截至 {a.as_of} · '
        f"考核期 {a.window_start} 至 {a.window_end} · dangjian_core {_e(a.library_version)}</p>"
    )
    if len(a.subjects) == 1:
        body = _subject_summary(a, a.subjects[0])
    elif a.subjects:
        body = _ranking(a)
    else:
        body = "<p>没有评价对象。</p>"
    return _card(f"评估结果：{_e(a.scheme_title)}", info, body)


# --------------------------------------------------------------------------- findings


def findings_html(findings: Findings) -> str:
    """Findings' card: how many of each status, then the first failing ones."""
    counts = findings.counts()
    members = {f.status.value: f.status for f in findings}  # the enum, without importing rules
    statuses = [members[v] for v in _STATUS_ORDER if v in members]
    statuses += [m for v, m in members.items() if v not in _STATUS_ORDER]
    count_table = _table(
        [f"{s.zh}（{s.value}）" for s in statuses], [[str(counts[s.value]) for s in statuses]],
        set(range(len(statuses))),
    )  # fmt: skip
    failing = findings.failing()
    rows = (
        [_e(f.rule_id), _e(f.subject_name or f.subject_id), _e(f.period.label), _e(f.message_zh)]
        for f in failing[:MAX_FAILING]
    )
    fail_part = (
        "<p>不符合项：</p>"
        + _table(["规则", "对象", "期间", "问题"], rows, set())
        + _more(MAX_FAILING, len(failing), "条")
        if len(failing)
        else "<p>没有不符合项。</p>"
    )
    when = f"截至 {findings.as_of}" if findings.as_of else ""
    window = (
        f" · 检查期 {findings.window.start} 至 {findings.window.end}"
        if findings.window is not None
        else ""
    )
    return _card(
        f"检查结果：共 {len(findings)} 条",
        f'<p class="muted">{when}{window}</p>' if when or window else "",
        count_table,
        fail_part,
    )


# --------------------------------------------------------------------------- ledger


def ledger_html(ledger: Ledger) -> str:
    """A ledger's card: its organisations (name, kind, parent) and a count of each record
    type, by the Chinese titles the ledger format gives them."""
    orgs = ledger.organizations
    names = {o.id: o.name for o in orgs}
    org_rows = (
        [_e(o.id), _e(o.name), _e(o.kind.zh), _e(names.get(o.parent_id or "", o.parent_id))]
        for o in orgs[:MAX_ORGANIZATIONS]
    )
    org_table = _table(["编号", "名称", "类型", "上级"], org_rows, set())
    counts: list[list[str]] = []
    for name, field in type(ledger).model_fields.items():
        value = getattr(ledger, name)
        if isinstance(value, list):
            counts.append([_e(field.title or name), _e(name), str(len(value))])
    count_table = _table(["记录", "字段", "条数"], counts, {2})
    coverage = ""
    if ledger.coverage is not None:
        end = ledger.coverage.end or "—"
        coverage = f'<p class="muted">记录起止：{ledger.coverage.start} 至 {end}</p>'
    return _card(
        f"台账：{_e(ledger.title or '（未命名）')}",
        coverage,
        '<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">'
        f"<div><p>党组织（{len(orgs)} 个）：</p>{org_table}"
        f"{_more(MAX_ORGANIZATIONS, len(orgs), '个组织')}</div>"
        f"<div><p>记录数：</p>{count_table}</div></div>",
    )


# --------------------------------------------------------------------------- rule


def _plain(value: Any) -> str:
    if isinstance(value, enum.Enum):
        zh = getattr(value, "zh", None)
        return f"{value.value}（{zh}）" if isinstance(zh, str) else str(value.value)
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(_plain(v) for v in value) or "—"
    return str(value)


def rule_html(rule: Rule[Any]) -> str:
    """A rule's card: id, titles, scope, severity, source and its parameters with their
    defaults (what a scheme's ``params`` may override)."""
    fields = type(rule.params).model_fields
    rows = (
        [
            f"<code>{_e(name)}</code>",
            _e(field.title or ""),
            _e(_plain(getattr(rule.params, name))),
            _e(field.description or ""),
        ]
        for name, field in fields.items()
    )
    params = (
        "<p>参数（默认值即条例规定）：</p>"
        + _table(["参数", "含义", "默认值", "说明"], rows, set())
        if fields
        else "<p>无参数。</p>"
    )
    aliases = f"；别名 {_e('、'.join(rule.aliases))}" if rule.aliases else ""
    return _card(
        f"规则 <code>{_e(rule.id)}</code>：{_e(rule.title_zh)}",
        f'<p class="muted">{_e(rule.title_en)}</p>',
        f"<p>对象：{_e(rule.scope.value)}；性质：{_e(rule.severity.value)}；"
        f"依据：{_e(rule.source)}{aliases}</p>",
        params,
    )
