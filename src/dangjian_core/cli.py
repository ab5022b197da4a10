"""The ``dangjian`` command: a thin shell over the public API.

Exit codes: 0 — done (and the ledger is valid / the score is high enough); 1 — the input has
problems, or the score is below ``--fail-under``; 2 — the command line itself is wrong.
Bad input never shows a traceback: it shows the problems, each with its location.

``check`` without ``--as-of`` judges as of today: that default is the only place the
library reads the clock, and it is here, in the shell, not in any rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date

from .errors import DangjianError
from .io import ledger_json_schema, load_ledger
from .periods import Window
from .report import render_text
from .rules import rule_catalogue, rule_family_markdown
from .scoring import assess, assessment_json_schema, load_scheme, schemes

__all__ = ["main"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应写成 YYYY-MM-DD：{text!r} (a date is written YYYY-MM-DD)"
        ) from None


def _validate(args: argparse.Namespace) -> int:
    ledger = load_ledger(args.ledger)
    counts = {
        "党组织": len(ledger.organizations),
        "人员": len(ledger.people),
        "会议与活动": len(ledger.meetings),
        "发展党员": len(ledger.development_cases),
        "党费记录": len(ledger.dues_payments),
    }
    summary = "，".join(f"{k} {v}" for k, v in counts.items())
    print(f"台账有效 (ledger is valid): {args.ledger}\n{summary}")
    return 0


def _check(args: argparse.Namespace) -> int:
    if (args.date_from is None) != (args.date_to is None):
        print("--from 与 --to 需同时给出 (give both --from and --to)", file=sys.stderr)
        return 2
    ledger = load_ledger(args.ledger)
    as_of = args.as_of or date.today()
    window = Window(args.date_from, args.date_to) if args.date_from else None
    scheme = load_scheme(args.scheme) if args.scheme.endswith(".toml") else args.scheme
    assessment = assess(ledger, scheme, as_of=as_of, window=window, subject=args.subject)
    if args.format == "json":
        print(assessment.to_json())
    else:
        print(render_text(assessment, lang=args.lang, top=args.top), end="")
    if args.fail_under is not None and any(s.score < args.fail_under for s in assessment.subjects):
        low = ", ".join(
            f"{s.subject_id}={s.score:.2f}"
            for s in assessment.subjects
            if s.score < args.fail_under
        )
        print(f"低于 --fail-under {args.fail_under}：{low} (below --fail-under)", file=sys.stderr)
        return 1
    return 0


def _rules(args: argparse.Namespace) -> int:
    catalogue = rule_catalogue()
    if args.family:
        catalogue = [r for r in catalogue if r["family"] == args.family]
        if not catalogue:
            print(f"没有规则族 {args.family} (no rule family {args.family!r})", file=sys.stderr)
            return 2
    if args.format == "json":
        print(json.dumps(catalogue, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        families = list(dict.fromkeys(r["family"] for r in catalogue))
        print("\n".join(rule_family_markdown(f) for f in families), end="")
    else:
        for r in catalogue:
            params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
            print(f"{r['id']:<40} {r['title_zh']}" + (f"  [{params}]" if params else ""))
    return 0


def _schemes(args: argparse.Namespace) -> int:
    items = schemes()
    if args.format == "json":
        print(
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
            )
        )
    else:
        for s in items:
            where = f"{s.package} {s.package_version}" if s.package else s.origin
            print(f"{s.id:<24} {s.version:<8} {s.scope:<11} {s.title}  ({where})")
    return 0


def _schema(args: argparse.Namespace) -> int:
    schema = ledger_json_schema() if args.which == "ledger" else assessment_json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 用法有误 (usage error): {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dangjian",
        description="高校党建台账检查与评分 (party-building ledger checks and scoring)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="检查台账并按方案评分 (check and score a ledger)")
    check.add_argument("ledger", help="台账 JSON 文件 (ledger JSON file)")
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
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--lang", choices=["zh", "en"], default="zh")
    check.add_argument("--top", type=int, default=5, help="列出前几项失分 (gaps to list)")
    check.add_argument(
        "--fail-under",
        type=float,
        dest="fail_under",
        help="总分低于此值时退出码为 1 (exit 1 below this score)",
    )
    check.set_defaults(run=_check)

    validate = sub.add_parser("validate", help="检查台账格式与完整性 (validate a ledger)")
    validate.add_argument("ledger", help="台账 JSON 文件 (ledger JSON file)")
    validate.set_defaults(run=_validate)

    rules = sub.add_parser("rules", help="列出全部规则 (list every rule)")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rules.add_argument("--family", help="只列出一个规则族，如 meeting (one family only)")
    rules.set_defaults(run=_rules)

    schemes = sub.add_parser("schemes", help="列出可用的评分方案 (list scoring schemes)")
    schemes.add_argument("--format", choices=["text", "json"], default="text")
    schemes.set_defaults(run=_schemes)

    schema = sub.add_parser("schema", help="输出 JSON Schema (print a JSON Schema)")
    schema.add_argument("which", choices=["ledger", "assessment"])
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except DangjianError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法读取 (cannot read): {exc}", file=sys.stderr)
        return 1
    return code
