"""The ``dangjian`` command: a thin shell over the public API.

Exit codes: 0 — done (and the ledger is valid / the score is high enough); 1 — the input has
problems, the score is below ``--fail-under``, a file cannot be read, or an internal error
(one line asking for a report); 2 — the command line itself is wrong (a bad date, number,
encoding, window or subject); 130 — interrupted (Ctrl-C); 141 — whoever read the output
stopped early (``dangjian … | head``), the status a shell reports for a process ended by
SIGPIPE, given without any message, as ``cat`` or ``grep`` would.  No path prints a
traceback: bad input shows its problems, each with its location; anything else one line.

``LEDGER`` may be ``-`` to read the ledger from standard input (as bytes, so ``--encoding``
applies to it as to a file).

``check`` without ``--as-of`` judges as of today: that default is the only place the
library reads the clock, and it is here, in the shell, not in any rule.

``--lang en`` gives English throughout (grades, verdicts, dimension and indicator names come
from the scheme's ``title_en`` / ``grade_en``).  ``check`` shows a progress bar on stderr
while its rules run, only when stderr is a terminal and the ``progress`` extra (tqdm) is
installed: a pipe or a CI log never sees one.  docs/cli.md is the reference, in Chinese.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._version import library_version
from .errors import DangjianError, LedgerError, Problem, SchemeError
from .io import DEFAULT_LIMITS, dump_ledger, excel, ledger_json_schema, load_ledger
from .model import Ledger, OrgKind
from .model.index import LedgerIndex
from .periods import FIRST_YEAR, LAST_YEAR, Window, check_run, in_supported_years
from .redact import Redactor
from .report import render_text, write_csv, write_xlsx
from .report.html import render_html
from .report.markdown import render_markdown
from .report.pdf import write_pdf
from .report.text import english_names
from .rules import rule_catalogue, rule_family_markdown
from .scoring import (
    Assessment,
    AssessmentDiff,
    Scheme,
    assess,
    assessment_json_schema,
    diff,
    get_scheme,
    load_scheme,
    schemes,
)
from .testing.synth import synth
from .upcoming import upcoming, write_calendar

__all__ = ["main"]

#: The exit status of a process that wrote into a pipe nobody reads any more (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141

#: The exit status after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


class _Unreadable(Exception):
    """An input file that cannot be read or is not what the command needs: one line, exit 1."""


class _UsageError(Exception):
    """A command line that parses but asks for something impossible (``--from`` after
    ``--to``, an unknown ``--subject``): reported like an argparse error, exit 2."""


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应写成 YYYY-MM-DD：{text!r} (a date is written YYYY-MM-DD)"
        ) from None
    if not in_supported_years(day):
        raise argparse.ArgumentTypeError(
            f"日期 {text} 超出支持的年份 {FIRST_YEAR}–{LAST_YEAR} "
            f"(date {text} is outside the supported years {FIRST_YEAR}–{LAST_YEAR})"
        )
    return day


def _points(text: str) -> float:
    """A ``--fail-under`` score: a finite number from 0 to 100.  NaN would compare false with
    every score and so never fail — a CI gate silently switched off — hence refused."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
        ok = False
    else:
        ok = math.isfinite(value) and 0 <= value <= 100
    if not ok:
        raise argparse.ArgumentTypeError(
            f"应为 0 到 100 之间的分数：{text!r} (a score from 0 to 100)"
        )
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为非负整数：{text!r} (a whole number, 0 or more)")
    return value


def _encoding(text: str) -> str:
    """A text encoding Python knows (``gb18030``, ``utf-16`` …); ``rot13`` and other
    non-text codecs are refused here rather than while reading.  (Decoding empty bytes
    would not even look the codec up, hence the two bytes, with errors ignored.)"""
    try:
        b"\x00\x00".decode(text, "ignore")
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"未知的文本编码：{text!r} (unknown text encoding)"
        ) from None
    return text


def _load(args: argparse.Namespace) -> Ledger:
    """The ledger named by ``LEDGER``: a file, or standard input for ``-``.  Standard input
    is read as bytes (so ``--encoding`` decodes it as it does a file) and only up to one
    byte over the size limit: an endless pipe is refused by its size, not read forever."""
    if args.ledger != "-":
        return load_ledger(args.ledger, encoding=args.encoding)
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None:
        raise _UsageError("没有可读的标准输入 (LEDGER is -, but there is no standard input)")
    data = stdin.read(DEFAULT_LIMITS.max_bytes + 1)
    return load_ledger(text=data, encoding=args.encoding)


#: What ``validate`` counts: JSON key, Chinese and English label.
_COUNTED = (
    ("organizations", "党组织", "organisations"),
    ("people", "人员", "people"),
    ("meetings", "会议与活动", "meetings and activities"),
    ("development_cases", "发展党员", "development cases"),
    ("dues_payments", "党费记录", "dues payments"),
)


def _problem_json(p: Problem) -> dict[str, str]:
    return {
        "location": p.location,
        "code": p.code,
        "message_zh": p.message_zh,
        "message_en": p.message_en,
    }


def _validate(args: argparse.Namespace) -> int:
    """Text: the bilingual error (or its English half with ``--lang en``) on stderr, exit 1.
    JSON: one object on stdout (or ``-o``) whether valid or not — the problems carry the
    very locations the text shows — and the same exit codes."""
    name = "<stdin>" if args.ledger == "-" else args.ledger
    en = args.lang == "en"
    try:
        ledger = _load(args)
    except LedgerError as exc:
        if args.format == "json":
            report: dict[str, object] = {
                "valid": False,
                "source": name,
                "problems": [_problem_json(p) for p in exc.problems],
                "counts": {},
            }
            _emit(json.dumps(report, ensure_ascii=False, indent=2), args.output)
            return 1
        if not en:
            raise
        where = f" ({exc.source})" if exc.source else ""
        lines = [f"invalid ledger{where}: {len(exc.problems)} problem(s)"]
        lines += [f"  - {p.location}: {p.message_en}" for p in exc.problems]
        print("\n".join(lines), file=sys.stderr)
        return 1
    counts = {key: len(getattr(ledger, key)) for key, _, _ in _COUNTED}
    if args.format == "json":
        report = {"valid": True, "source": name, "problems": [], "counts": counts}
        _emit(json.dumps(report, ensure_ascii=False, indent=2), args.output)
    elif en:
        summary = ", ".join(f"{label} {counts[key]}" for key, _, label in _COUNTED)
        _emit(f"ledger is valid: {name}\n{summary}", args.output)
    else:
        summary = "，".join(f"{label} {counts[key]}" for key, label, _ in _COUNTED)
        _emit(f"台账有效 (ledger is valid): {name}\n{summary}", args.output)
    return 0


def _window(args: argparse.Namespace, as_of: date) -> Window:
    """The run's window, refused as a usage error before the ledger is read."""
    if (args.date_from is None) != (args.date_to is None):
        raise _UsageError("--from 与 --to 需同时给出 (give both --from and --to)")
    if args.date_from is None:
        window = Window.calendar_year(as_of)
    elif args.date_to < args.date_from:
        raise _UsageError(
            f"--from {args.date_from} 晚于 --to {args.date_to} "
            f"(--from {args.date_from} is after --to {args.date_to})"
        )
    else:
        window = Window(args.date_from, args.date_to)
    try:
        check_run(as_of, window)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    return window


def _unknown_subject(ledger: Ledger, scope: str, subject: str) -> _UsageError:
    """``--subject`` names no organisation the scheme scores: say which ones it could be."""
    index = LedgerIndex(ledger)
    orgs = index.departments if scope == "department" else index.of_kind(OrgKind.BRANCH)
    ids = [o.id for o in orgs]
    known = ", ".join(ids[:10]) + (f" …（共 {len(ids)} 个）" if len(ids) > 10 else "")
    return _UsageError(
        f"--subject {subject!r}：台账中没有这个可评价的对象，可选：{known or '无'} "
        f"(no {scope} {subject!r} in the ledger; known: {known or 'none'})"
    )


def _emit(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` (UTF-8) when ``-o`` was given."""
    if output is None:
        print(text, end="" if text.endswith("\n") else "\n")
        return
    with open(output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")



def _tqdm() -> Any:
    """tqdm's class, or None without the ``progress`` extra: a progress bar is a nicety, so
    its absence is silent.  Imported here, not at the top, so the command starts without it."""
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # noqa: PLC0415 (optional extra)
    except ImportError:
        return None
    return tqdm


class _Progress:
    """A progress bar on stderr while ``check`` runs its rules — only when stderr is a
    terminal and tqdm is installed; otherwise it does nothing and costs nothing."""

    def __init__(self, desc: str) -> None:
        self._bar: Any = None
        isatty = getattr(sys.stderr, "isatty", None)
        cls = _tqdm() if isatty is not None and isatty() else None
        if cls is not None:
            self._bar = cls(total=0, desc=desc, unit="条规则", file=sys.stderr, leave=False)

    @property
    def callback(self) -> Any:
        return self._tick if self._bar is not None else None

    def _tick(self, done: int, total: int, rule_id: str) -> None:
        self._bar.total = total
        self._bar.n = done
        self._bar.set_postfix_str(rule_id, refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _check(args: argparse.Namespace) -> int:
    if args.format in ("xlsx", "csv", "pdf") and not args.output:
        raise _UsageError(
            f"--format {args.format} 需要 -o 路径 (--format {args.format} needs -o PATH)"
        )
    as_of = args.as_of or date.today()
    window = _window(args, as_of)
    ledger = _load(args)
    # An id goes to assess as an id, so that the Assessment names the package it came from.
    chosen = load_scheme(args.scheme) if args.scheme.endswith(".toml") else args.scheme
    scheme: Scheme = get_scheme(chosen)
    bar = _Progress("检查" if args.lang != "en" else "checking")
    try:
        assessment = assess(
            ledger,
            chosen,
            as_of=as_of,
            window=window,
            subject=args.subject,
            progress=bar.callback,
            # JSON lists only what --findings keeps; the other views read every finding.
            findings=args.findings if args.format == "json" else "all",
        )
    except SchemeError as exc:
        if args.subject is None or {p.code for p in exc.problems} != {"unknown_subject"}:
            raise
        raise _unknown_subject(ledger, scheme.scope, args.subject) from None
    finally:
        bar.close()
    if args.redact:  # one Redactor, so the same person has the same pseudonym everywhere
        redactor = Redactor(ledger)
        assessment, ledger = redactor.redact(assessment), redactor.redact(ledger)
    digest = _input_sha256(args.ledger)
    page = {"lang": args.lang, "input_sha256": digest}
    if args.format == "xlsx":
        write_xlsx(assessment, args.output, ledger=ledger)
    elif args.format == "csv":
        write_csv(assessment, args.output, ledger=ledger)
    elif args.format == "pdf":
        write_pdf(assessment, args.output, ledger=ledger, **page)
    elif args.format == "html":
        _emit(render_html(assessment, ledger=ledger, **page), args.output)
    elif args.format == "markdown":
        _emit(render_markdown(assessment, **page), args.output)
    else:
        text = (
            assessment.to_json()
            if args.format == "json"
            else render_text(assessment, lang=args.lang, top=args.top, scheme=scheme)
        )
        _emit(text, args.output)
    if args.fail_under is not None and any(s.score < args.fail_under for s in assessment.subjects):
        low = ", ".join(
            f"{s.subject_id}={s.score:.2f}"
            for s in assessment.subjects
            if s.score < args.fail_under
        )
        print(f"低于 --fail-under {args.fail_under}：{low} (below --fail-under)", file=sys.stderr)
        return 1
    return 0


def _input_sha256(ledger: str) -> str | None:
    """The SHA-256 of the ledger file, shown in HTML, PDF and Markdown reports so a printed
    report can be matched to its input; None for standard input (already consumed)."""
    if ledger == "-":
        return None
    digest = hashlib.sha256()
    with open(ledger, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _template(args: argparse.Namespace) -> int:
    path = excel.write_template(args.output)
    print(f"已写出台账模板 (template written): {path}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    ledger = excel.read_workbooks(args.workbooks, mapping=args.mapping)
    _emit(dump_ledger(ledger), args.output)
    return 0


def _export(args: argparse.Namespace) -> int:
    ledger = _load(args)
    if args.redact:
        ledger = Redactor(ledger).redact_ledger()
    path = excel.write_ledger(ledger, args.output)
    print(f"已导出台账 (ledger exported): {path}", file=sys.stderr)
    return 0


def _synth(args: argparse.Namespace) -> int:
    paths = synth(
        args.scale, args.output, seed=args.seed, violation_rate=args.violation_rate
    )
    print(
        f"已写出合成台账 (synthetic ledger written): {len(paths)} 个文件，{args.output}",
        file=sys.stderr,
    )
    return 0


def _share(text: str) -> float:
    """A violation rate: a finite share from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 <= value <= 1):
        raise argparse.ArgumentTypeError(f"应为 0 到 1 之间的比率：{text!r} (a share in [0, 1])")
    return value


def _upcoming(args: argparse.Namespace) -> int:
    as_of = args.as_of or date.today()
    ledger = _load(args)
    if args.redact:  # names in the descriptions become the ledger's pseudonyms
        ledger = Redactor(ledger).redact_ledger()
    items = upcoming(ledger, as_of, days=args.days)
    if args.format == "json":
        text = json.dumps([u.to_record() for u in items], ensure_ascii=False, indent=1)
    else:
        head = (
            f"{as_of} 起 {args.days} 天内到期、尚未完成的事项：{len(items)} 项"
            if args.lang != "en"
            else f"due within {args.days} days of {as_of} and not yet met: {len(items)}"
        )
        text = "\n".join([head, *(str(u) for u in items)])
    _emit(text, args.output)
    return 0


def _calendar(args: argparse.Namespace) -> int:
    if (args.date_from is None) != (args.date_to is None) or args.date_from is None:
        raise _UsageError("calendar 需要 --from 与 --to (calendar needs --from and --to)")
    if args.date_to < args.date_from:
        raise _UsageError(f"--from {args.date_from} 晚于 --to {args.date_to} (--from is after --to)")
    ledger = _load(args)
    if args.redact:
        ledger = Redactor(ledger).redact_ledger()
    path = write_calendar(
        ledger,
        args.output,
        start=args.date_from,
        end=args.date_to,
        reminder_days=args.reminder_days,
    )
    print(f"已写出日历 (calendar written): {path}", file=sys.stderr)
    return 0


def _rules(args: argparse.Namespace) -> int:
    catalogue = rule_catalogue()
    if args.family:
        catalogue = [r for r in catalogue if r["family"] == args.family]
        if not catalogue:
            print(f"没有规则族 {args.family} (no rule family {args.family!r})", file=sys.stderr)
            return 2
    if args.format == "json":
        _emit(json.dumps(catalogue, ensure_ascii=False, indent=2), args.output)
    elif args.format == "markdown":
        families = list(dict.fromkeys(r["family"] for r in catalogue))
        _emit("\n".join(rule_family_markdown(f) for f in families), args.output)
    else:
        title = "title_en" if args.lang == "en" else "title_zh"
        lines = []
        for r in catalogue:
            params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
            lines.append(f"{r['id']:<40} {r[title]}" + (f"  [{params}]" if params else ""))
        _emit("\n".join(lines), args.output)
    return 0


def _schemes(args: argparse.Namespace) -> int:
    items = schemes()
    if args.format == "json":
        _emit(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "version": s.version,
                        "title": s.title,
                        "scope": s.scope,
                        "origin": s.origin,
                        "package": s.package,
                        "package_version": s.package_version,
                    }
                    for s in items
                ],
                ensure_ascii=False,
                indent=2,
            ),
            args.output,
        )
    else:
        lines = []
        for s in items:
            where = f"{s.package} {s.package_version}" if s.package else s.origin
            lines.append(
                f"{s.id:<24} {s.version:<8} {s.scope:<11} {_scheme_title(s.id, s.title, args.lang)}  ({where})"
            )
        _emit("\n".join(lines), args.output)
    return 0


def _scheme_title(scheme_id: str, title: str, lang: str) -> str:
    """The scheme's English title with ``--lang en`` (its ``title_en``), else its title.  A
    scheme that fails to load keeps its listed title: the list must not fail on it."""
    if lang != "en":
        return title
    try:
        return get_scheme(scheme_id).title_en or title
    except DangjianError:
        return title


def _schema(args: argparse.Namespace) -> int:
    schema = ledger_json_schema() if args.which == "ledger" else assessment_json_schema()
    _emit(json.dumps(schema, ensure_ascii=False, indent=2), args.output)
    return 0


def _read_assessment(path: str) -> Assessment:
    """A saved assessment (``check --format json``), or one line saying why it is not one."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _Unreadable(f"无法读取 (cannot read): {path}: {exc.strerror or exc}") from None
    try:
        return Assessment.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(根)"
        raise _Unreadable(
            f"{path} 不是评估结果 JSON（dangjian check --format json 的输出）：{where}: "
            f"{first['msg']} (not a saved assessment; {exc.error_count()} error(s))"
        ) from None


def _diff_json(old: Assessment, new: Assessment, d: AssessmentDiff) -> str:
    def meta(a: Assessment) -> dict[str, object]:
        return {
            "scheme_id": a.scheme_id,
            "scheme_version": a.scheme_version,
            "as_of": a.as_of.isoformat(),
            "window_start": a.window_start.isoformat(),
            "window_end": a.window_end.isoformat(),
        }

    before = {s.subject_id: s.score for s in old.subjects}
    after = {s.subject_id: s.score for s in new.subjects}
    report = {
        "before": meta(old),
        "after": meta(new),
        "scores": {
            sid: {"before": before.get(sid), "after": after.get(sid), "change": change}
            for sid, change in d.score.items()
        },
        "dimensions": d.dimensions,
        "indicators": d.indicators,
        "findings": {
            "new": [f.model_dump(mode="json") for f in d.new],
            "resolved": [f.model_dump(mode="json") for f in d.resolved],
            "changed": [
                {"before": x.model_dump(mode="json"), "after": y.model_dump(mode="json")}
                for x, y in d.changed
            ],
            "unchanged": len(d.unchanged),
        },
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


def _signed(value: float) -> str:
    return "±0" if abs(value) < 0.005 else f"{value:+.2f}"


def _diff_text(old: Assessment, new: Assessment, d: AssessmentDiff, lang: str, top: int) -> str:
    zh = lang != "en"
    en = english_names(new)
    names = {s.subject_id: s.subject_name for s in [*old.subjects, *new.subjects]}
    titles = {dim.id: dim.title for s in [*old.subjects, *new.subjects] for dim in s.dimensions}
    before = {s.subject_id: s for s in old.subjects}
    after = {s.subject_id: s for s in new.subjects}
    lines = [
        f"{new.scheme_title}（{new.scheme_id} {new.scheme_version}）：截至 {old.as_of} → 截至 {new.as_of}"
        if zh
        else f"{en.scheme} ({new.scheme_id} {new.scheme_version}): as of {old.as_of} → {new.as_of}"
    ]
    for sid, change in d.score.items():
        a, b = before.get(sid), after.get(sid)
        was = f"{a.score:.2f}" if a else "—"
        now = f"{b.score:.2f}" if b else "—"
        lines.append("")
        lines.append(f"== {names[sid]} ({sid}) ==")
        grades = ""
        if a and b and a.grade != b.grade:
            grades = (
                f"，等次 {a.grade} → {b.grade}"
                if zh
                else f", grade {en.grade(a.grade)} → {en.grade(b.grade)}"
            )
        lines.append(
            f"总分 {was} → {now}（{_signed(change)}）{grades}"
            if zh
            else f"score {was} → {now} ({_signed(change)}){grades}"
        )
        for did, delta in d.dimensions.get(sid, {}).items():
            if abs(delta) >= 0.005:
                label = titles.get(did, did) if zh else en.dimension(did)
                lines.append(f"  {_signed(delta):>7}  {label}")
    for kind, items in (("new", d.new), ("resolved", d.resolved)):
        if not items:
            continue
        head = {
            ("new", True): f"新增问题 {len(items)} 条：",
            ("resolved", True): f"已整改 {len(items)} 条：",
            ("new", False): f"New problems ({len(items)}):",
            ("resolved", False): f"Resolved ({len(items)}):",
        }[(kind, zh)]
        lines += ["", head]
        for f in items[:top]:
            lines.append(f"  · {f.message_zh if zh else f.message_en}")
        if len(items) > top:
            more = len(items) - top
            lines.append(f"  · ……另有 {more} 条" if zh else f"  · … {more} more")
    if d.changed:
        lines += [
            "",
            f"状态变化（非失分）{len(d.changed)} 条"
            if zh
            else f"Other status changes: {len(d.changed)}",
        ]
    if not (d.new or d.resolved or d.changed):
        lines += ["", "检查结果没有变化" if zh else "No finding changed"]
    return "\n".join(lines)


def _diff(args: argparse.Namespace) -> int:
    old, new = _read_assessment(args.old), _read_assessment(args.new)
    d = diff(old, new)
    text = (
        _diff_json(old, new, d)
        if args.format == "json"
        else _diff_text(old, new, d, args.lang, args.top)
    )
    _emit(text, args.output)
    return 0


def _usage_line(prog: str, message: str) -> str:
    return f"{prog}: 用法有误 (usage error): {message}（见 {prog} --help）"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (exit 2), pointing at ``--help``
    instead of printing the whole usage — a CI log shows the problem, not a wall."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(_usage_line(self.prog, message), file=sys.stderr)
        raise SystemExit(2)


def _ledger_arguments(parser: argparse.ArgumentParser) -> None:
    """``LEDGER`` and ``--encoding``, the same for every command that reads a ledger."""
    parser.add_argument(
        "ledger",
        help="台账 JSON 或 Excel 文件，- 为标准输入 (ledger JSON or workbook; - for stdin)",
    )
    parser.add_argument(
        "--encoding",
        type=_encoding,
        help="台账的文本编码，如 gb18030 (text encoding; default UTF-8, BOM accepted)",
    )


def _output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", help="写入文件（UTF-8）而不是标准输出 (write to FILE, not stdout)"
    )


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help="输出语言 (output language; en names grades, verdicts and dimensions in English)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dangjian",
        description="高校党建台账检查与评分 (party-building ledger checks and scoring)",
    )
    parser.add_argument("--version", action="version", version=f"dangjian {library_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="检查台账并按方案评分 (check and score a ledger)")
    _ledger_arguments(check)
    check.add_argument(
        "--scheme",
        default="five-in-place",
        help="方案编号或 TOML 文件 (scheme id or TOML file; default five-in-place)",
    )
    check.add_argument(
        "--as-of", type=_date, dest="as_of", help="评估日期 YYYY-MM-DD (default: today)"
    )
    check.add_argument("--from", type=_date, dest="date_from", help="考核期起 (window start)")
    check.add_argument("--to", type=_date, dest="date_to", help="考核期止 (window end)")
    check.add_argument("--subject", help="只评价这个院系或支部 (one subject id)")
    check.add_argument(
        "--format",
        choices=["text", "json", "xlsx", "csv", "html", "pdf", "markdown"],
        default="text",
        help="html 为单页报告，pdf 需要 Chromium 且需 -o (pdf needs chromium and -o)",
    )
    check.add_argument(
        "--redact",
        action="store_true",
        help="人名替换为化名，身份证号、手机号打码 (pseudonyms for names, masked numbers)",
    )
    check.add_argument(
        "-o",
        "--output",
        help="输出到文件；csv 为目录（每表一个 CSV）(write to FILE; for csv a folder, one CSV a table)",
    )
    _lang_argument(check)
    check.add_argument(
        "--findings",
        choices=["failing", "all", "none"],
        default="failing",
        help="JSON 中保留哪些检查结果：failing（默认，去掉通过与不适用）、all、none "
        "(which findings the JSON keeps; scores and counts stay)",
    )
    check.add_argument("--top", type=_count, default=5, help="列出前几项失分 (gaps to list)")
    check.add_argument(
        "--fail-under",
        type=_points,
        dest="fail_under",
        help="总分低于此值（0–100）时退出码为 1 (exit 1 below this score, 0–100)",
    )
    check.set_defaults(run=_check)

    template = sub.add_parser("template", help="写出 Excel 台账模板 (write the Excel template)")
    template.add_argument("-o", "--output", default="台账模板.xlsx", help="输出文件 (output file)")
    template.set_defaults(run=_template)

    imp = sub.add_parser("import", help="把 Excel 台账转成 JSON (workbooks to a JSON ledger)")
    imp.add_argument("workbooks", nargs="+", help="一个或多个工作簿 (.xlsx .xlsm .xls .ods)")
    imp.add_argument("--mapping", help="学校自有格式的映射文件 TOML (a school layout's mapping)")
    imp.add_argument("-o", "--output", help="输出的台账 JSON 文件 (default: standard output)")
    imp.set_defaults(run=_import)

    export = sub.add_parser("export", help="把台账导出为 Excel (a ledger to the template layout)")
    _ledger_arguments(export)
    export.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件 (output file)")
    export.add_argument("--redact", action="store_true", help="姓名换成化名 (pseudonyms for names)")
    export.set_defaults(run=_export)

    validate = sub.add_parser("validate", help="检查台账格式与完整性 (validate a ledger)")
    _ledger_arguments(validate)
    validate.add_argument("--format", choices=["text", "json"], default="text")
    _output_argument(validate)
    _lang_argument(validate)
    validate.set_defaults(run=_validate)

    synth_cmd = sub.add_parser("synth", help="生成合成台账 (write a synthetic ledger)")
    synth_cmd.add_argument(
        "--scale", choices=("department", "school", "province"), default="department"
    )
    synth_cmd.add_argument("--seed", type=int, default=0, help="随机种子 (seed; same seed, same bytes)")
    synth_cmd.add_argument(
        "--violation-rate", type=_share, default=0.05, help="违规比例 (share of broken units)"
    )
    synth_cmd.add_argument(
        "-o", "--output", required=True, help="输出文件；province 为输出目录 (file; a folder for province)"
    )
    synth_cmd.set_defaults(run=_synth)

    upc = sub.add_parser("upcoming", help="列出即将到期、尚未完成的事项 (what falls due next)")
    _ledger_arguments(upc)
    upc.add_argument("--as-of", type=_date, dest="as_of", help="从哪天算起 (default: today)")
    upc.add_argument("--days", type=_count, default=30, help="往后看多少天 (days ahead; 30)")
    upc.add_argument("--format", choices=["text", "json"], default="text")
    upc.add_argument("--lang", choices=["zh", "en"], default="zh")
    upc.add_argument("--redact", action="store_true", help="姓名换成化名 (pseudonyms for names)")
    upc.add_argument("-o", "--output", help="输出到文件 (write to FILE)")
    upc.set_defaults(run=_upcoming)

    cal = sub.add_parser("calendar", help="写出党建日历 .ics (an iCalendar file of due dates)")
    _ledger_arguments(cal)
    cal.add_argument("--from", type=_date, dest="date_from", help="起 (start) YYYY-MM-DD")
    cal.add_argument("--to", type=_date, dest="date_to", help="止 (end) YYYY-MM-DD")
    cal.add_argument(
        "--reminder-days", type=_count, default=7, help="提前几天提醒 (reminder, days before; 7)"
    )
    cal.add_argument("--redact", action="store_true", help="姓名换成化名 (pseudonyms for names)")
    cal.add_argument("-o", "--output", default="党建日历.ics", help="输出文件 (output .ics)")
    cal.set_defaults(run=_calendar)

    diff_cmd = sub.add_parser("diff", help="比较两次保存的评估结果 (compare two saved assessments)")
    diff_cmd.add_argument("old", help="较早的评估 JSON (check --format json 的输出)")
    diff_cmd.add_argument("new", help="较新的评估 JSON")
    diff_cmd.add_argument("--format", choices=["text", "json"], default="text")
    diff_cmd.add_argument(
        "--top", type=_count, default=10, help="每类列出几条检查结果 (findings listed per kind)"
    )
    _output_argument(diff_cmd)
    _lang_argument(diff_cmd)
    diff_cmd.set_defaults(run=_diff)

    rules = sub.add_parser("rules", help="列出全部规则 (list every rule)")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rules.add_argument("--family", help="只列出一个规则族，如 meeting (one family only)")
    _output_argument(rules)
    _lang_argument(rules)
    rules.set_defaults(run=_rules)

    schemes = sub.add_parser("schemes", help="列出可用的评分方案 (list scoring schemes)")
    schemes.add_argument("--format", choices=["text", "json"], default="text")
    _output_argument(schemes)
    _lang_argument(schemes)
    schemes.set_defaults(run=_schemes)

    schema = sub.add_parser("schema", help="输出 JSON Schema (print a JSON Schema)")
    schema.add_argument("which", choices=["ledger", "assessment"])
    _output_argument(schema)
    schema.set_defaults(run=_schema)
    return parser


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what is still buffered does not fail again on the closed pipe and print a warning."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing will be flushed to a pipe
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _run(args: argparse.Namespace, prog: str) -> int:
    """Run the chosen command, turning every error into one message on stderr and its exit
    code; only a broken output pipe is left to :func:`main`."""
    try:
        code: int = args.run(args)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _UsageError as exc:
        print(_usage_line(prog, str(exc)), file=sys.stderr)
        return 2
    except _Unreadable as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except DangjianError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法读取 (cannot read): {exc}", file=sys.stderr)
        return 1
    except UnicodeError as exc:
        print(f"无法解码 (cannot decode): {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line to report, not a traceback for a user
        text = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        print(
            f"内部错误 (internal error): {text} — 请报告此问题 (please report this bug)",
            file=sys.stderr,
        )
        return 1
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (see the module docstring)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code = _run(args, f"{parser.prog} {args.command}")
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    return code
