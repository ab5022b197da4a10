"""The ``dangjian`` command: a thin shell over the public API.

Every command prints a few readable lines and exits 0 (ok), 1 (the input has problems) or
2 (the command line itself is wrong).  No traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import DangjianError
from .io import ledger_json_schema, load_ledger

__all__ = ["main"]


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


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(ledger_json_schema(), ensure_ascii=False, indent=2))
    return 0


def _rules(args: argparse.Namespace) -> int:
    from .rules import rule_catalogue, rule_family_markdown

    catalogue = rule_catalogue()
    if args.family:
        catalogue = [r for r in catalogue if r["family"] == args.family]
        if not catalogue:
            print(f"没有规则族 {args.family} (no rule family {args.family!r})", file=sys.stderr)
            return 2
    if args.format == "json":
        print(json.dumps(catalogue, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        families = (
            [args.family] if args.family else list(dict.fromkeys(r["family"] for r in catalogue))
        )
        print("\n".join(rule_family_markdown(f) for f in families), end="")
    else:
        for r in catalogue:
            params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
            print(f"{r['id']:<40} {r['title_zh']}" + (f"  [{params}]" if params else ""))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dangjian", description="高校党建台账检查与评分 (party-building ledger checks)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="检查台账格式与完整性 (validate a ledger)")
    validate.add_argument("ledger", help="台账 JSON 文件 (ledger JSON file)")
    validate.set_defaults(run=_validate)
    rules = sub.add_parser("rules", help="列出全部规则 (list every rule)")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rules.add_argument("--family", help="只列出一个规则族，如 meeting (one family only)")
    rules.set_defaults(run=_rules)
    schema = sub.add_parser("schema", help="输出 JSON Schema (print a JSON Schema)")
    schema.add_argument("which", choices=["ledger"], help="ledger: 台账格式")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except DangjianError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return code
