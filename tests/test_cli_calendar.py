"""``dangjian upcoming`` and ``dangjian calendar``: the views of issue 10 on the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

import dangjian_core as dj
from dangjian_core.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "examples" / "jidian" / "ledger.json")


def test_upcoming_lists_what_the_library_lists(capsys):
    assert main(["upcoming", SEED, "--as-of", "2021-06-10", "--days", "20", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    expected = dj.upcoming(dj.load_ledger(SEED), date(2021, 6, 10), days=20)
    assert [u["rule_id"] for u in listed] == [u.rule_id for u in expected]
    assert listed and all("2021-06-10" <= u["due"] <= "2021-06-30" for u in listed)


def test_calendar_writes_an_ics_that_parses_and_redacts_names(tmp_path, capsys):
    out = tmp_path / "日历.ics"
    code = main(["calendar", SEED, "--from", "2021-06-01", "--to", "2021-12-31",
                 "--redact", "-o", str(out)])
    assert code == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert events and all(any(a.name == "VALARM" for a in e.subcomponents) for e in events)
    text = out.read_text(encoding="utf-8")
    names = {p.name for p in dj.load_ledger(SEED).people if len(p.name) >= 2}
    assert not [n for n in names if n in text]


def test_calendar_needs_its_span(capsys):
    assert main(["calendar", SEED, "-o", "x.ics"]) == 2
    assert "--from" in capsys.readouterr().err


def test_synth_writes_the_same_bytes_for_a_seed(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["synth", "--seed", "7", "-o", str(a)]) == 0
    assert main(["synth", "--seed", "7", "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert dj.load_ledger(a).people
    with pytest.raises(SystemExit) as usage:
        main(["synth", "--violation-rate", "1.5", "-o", str(a)])
    assert usage.value.code == 2
