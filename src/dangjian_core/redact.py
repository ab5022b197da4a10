"""Redaction (脱敏): people's names become stable pseudonyms, ID and phone numbers are masked.

Why here, once, and on the data rather than in each view: every output format (terminal text,
Markdown, HTML and PDF, JSON, xlsx and CSV, the calendar) renders the same Assessment,
Findings and Ledger.  Redacting those objects before a view reads them gives every view the
same guarantee for free, and a view stays a pure function of what it is given.  The one call
a view or command makes is :func:`redacted`.

Why a ledger is needed: the names are the ledger's.  An Assessment keeps its findings'
messages (``"杜永刚（发展党员） 2021：…"``, ``"会议：讨论胡思彤预备党员转为正式党员"``) but not
which of their words are a person; only the ledger says who the people are.  Only names of
people in the ledger are replaced, so an ordinary word is never touched unless someone in the
ledger is called that.

- A **pseudonym** is ``人员`` and a code taken from a keyed hash (HMAC-SHA-256) of the person's
  *id*: the same person gets the same pseudonym in every output and every run, and nobody can
  turn it back into a name without the ledger.  "人员" rather than "党员": the ledger also holds
  applicants, activists and non-member teachers.  Codes are four hex digits, longer only for
  the few people whose four digits would collide within the ledger.
- Names are replaced **longest first** and in one pass, so ``李明华`` becomes that person's
  pseudonym and not ``李明``'s followed by ``华``, and a pseudonym is never replaced again.
  Chinese text has no spaces between words (``"张三 2025-03：…"``, ``"申浩宇（发展党员）"``),
  so a name is found anywhere in a text; a Latin name only as a whole word.  A one-character
  name is replaced where it is the whole field (a person's own name) but not inside texts,
  where it would hit every word with that character.
- Two people with the **same name** keep their own pseudonyms wherever the text is about one
  of them (their own findings, their development case); elsewhere the name cannot say which of
  them is meant, and it becomes one shared pseudonym of that name.
- **Numbers**: an 18-digit (or 15-digit) ID number becomes ``1101**********1234``, a mobile
  number ``138****5678`` (also written ``138-1234-5678``), a landline ``0351-***4321``, and any
  other run of 11 or more digits keeps only its first four and last four digits.  Full-width
  digits count.  A run after a decimal point (``3.14159265358979``) is a fraction, not a number
  to hide.
- **Ids** are kept: they are the link back to the ledger that the school needs to act on a
  finding, and they are not personal.  An id that itself holds a name or an ID/phone number
  (``"李明-01"``, ``"110101199003071234"``) is replaced by ``id-`` and a keyed hash, the same in
  every field that refers to it, so the redacted ledger stays valid.
- Dates (birth dates, admission dates) are kept: the rules need them, and a redacted ledger
  must score exactly as the original does.

See docs/privacy.md.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, overload

import attrs

from .errors import DangjianError
from .model import Ledger
from .rules import Finding, Findings
from .scoring import Assessment
from .scoring._assessment import DimensionResult, FindingRef, IndicatorResult, SubjectResult

__all__ = [
    "PSEUDONYM_PREFIX",
    "RedactionError",
    "Redactor",
    "mask_numbers",
    "redacted",
]

#: What every pseudonym starts with.
PSEUDONYM_PREFIX = "人员"

#: The default key of the keyed hash.  It is public, and that is enough for what it protects:
#: a pseudonym can only be linked to a person *id*, and only the ledger links an id to a name.
#: A school that wants pseudonyms nobody can even link to ids passes its own secret ``key``.
DEFAULT_KEY = b"dangjian-core/redact/v1"

_CODE_LENGTH = 4
_ID_CODE_LENGTH = 12
#: Names longer than this are replaced by a plain search instead of in the trie pattern, so
#: that an absurdly long name cannot nest the pattern deeper than ``re`` can compile.
_TRIE_MAX = 32

T = TypeVar("T")

_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class RedactionError(DangjianError, ValueError):
    """Redaction was asked for without the ledger it needs to know who the people are."""


# --------------------------------------------------------------------------- numbers

_ASCII_ALNUM = "A-Za-z0-9"
_NUMBER_RE = re.compile(
    # Not inside a longer digit run, and not the fraction part of a decimal number.
    r"(?<!\d)(?<!\d\.)"
    r"(?:"
    r"(?P<mobile>[1１][3-9３-９]\d)(?P<sep>[-\u0020\u3000])\d{4}(?P=sep)(?P<mobile_tail>\d{4})"
    r"|(?P<run>\d{17}[Xx]|\d{11,})"
    r"|(?P<area>[0０]\d{2,3})-(?P<local>\d{7,8})"
    r")"
    r"(?!\d)"
)


def _mask_match(m: re.Match[str]) -> str:
    if m.group("mobile") is not None:
        sep = m.group("sep")
        return f"{m.group('mobile')}{sep}****{sep}{m.group('mobile_tail')}"
    run = m.group("run")
    if run is not None:
        keep = 3 if len(run) == 11 else 4  # 138****5678; 1101**********1234
        return run[:keep] + "*" * (len(run) - keep - 4) + run[-4:]
    local = m.group("local")
    return f"{m.group('area')}-{'*' * (len(local) - 4)}{local[-4:]}"


def mask_numbers(text: str) -> str:
    """``text`` with every ID number, phone number and other run of 11+ digits masked.

    Needs no ledger: the numbers are found by their shape.
    """
    return _NUMBER_RE.sub(_mask_match, text)


# --------------------------------------------------------------------------- names


def _trie_pattern(names: Iterable[str]) -> str:
    """One regular expression matching any of ``names``, the longest at a position first.

    Why a trie: a plain alternation of a school's thousands of names is tried name by name at
    every character of every message; factored by common prefixes, each character is looked up
    once.  At each node, going on to a longer name is tried before stopping, so the longest
    name wins.  A name starting or ending with a Latin letter or digit matches only as a
    whole word (``Ann`` not inside ``Annual``).
    """
    root: dict[str, Any] = {}
    for name in names:
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any], last: str | None) -> str:
        options = [
            re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch != ""
        ]
        if node.get(""):
            stop = (
                f"(?![{_ASCII_ALNUM}])"
                if last is not None and last.isascii() and last.isalnum()
                else ""
            )
            options.append(stop)
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"

    top = []
    for ch, child in sorted(root.items()):
        start = f"(?<![{_ASCII_ALNUM}])" if ch.isascii() and ch.isalnum() else ""
        top.append(start + re.escape(ch) + build(child, ch))
    return "|".join(top)


class Redactor:
    """Redacts texts, findings, assessments and ledgers against one ledger's people.

    Build one per ledger and use it for every output of a run, so that all of them use the
    same pseudonyms.  ``key`` (text or bytes) keys the hash the pseudonyms come from; the
    default is public (see :data:`DEFAULT_KEY`).
    """

    def __init__(self, ledger: Ledger, *, key: bytes | str | None = None) -> None:
        self.ledger = ledger
        self._key = key.encode("utf-8") if isinstance(key, str) else (key or DEFAULT_KEY)
        by_name: dict[str, list[str]] = {}
        for p in ledger.people:
            for variant in {p.name.strip(), "".join(p.name.split())}:
                if variant:
                    by_name.setdefault(variant, []).append(p.id)
        # Codes for people (by id) and for names shared by several people (by name).
        wanted: dict[tuple[str, str], str] = {("id", p.id): p.id for p in ledger.people}
        for name, ids in by_name.items():
            if len(set(ids)) > 1:
                wanted[("name", name)] = name
        codes = self._codes(wanted)
        self._by_id: dict[str, str] = {p.id: codes[("id", p.id)] for p in ledger.people}
        self._name_of: dict[str, str] = {p.id: p.name for p in ledger.people}
        #: what a name in a text becomes when the text is about nobody in particular
        self._text_names: dict[str, str] = {
            name: codes[("name", name)] if len(set(ids)) > 1 else self._by_id[ids[0]]
            for name, ids in by_name.items()
        }
        # The subject a finding is about, as a person: people themselves and their cases.
        self._person_of: dict[str, str] = {p.id: p.id for p in ledger.people}
        self._person_of.update({c.id: c.person_id for c in ledger.development_cases})
        searchable = [n for n in self._text_names if len(n) >= 2]
        trie = [n for n in searchable if len(n) <= _TRIE_MAX]
        self._long_names = sorted(
            (n for n in searchable if len(n) > _TRIE_MAX), key=lambda n: (-len(n), n)
        )
        self._names_re = re.compile(_trie_pattern(trie)) if trie else None
        self._text_cache: dict[tuple[str, str | None], str] = {}
        self._ids_cache: frozenset[str] | None = None

    # -- pseudonyms ----------------------------------------------------------------------

    def _hash(self, label: str, value: str) -> str:
        message = f"{label}\0{value}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest().upper()

    def _codes(self, wanted: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], str]:
        """A distinct pseudonym for each wanted key: four hex digits, more where they collide.

        Only the colliding entries grow, so one new person changes no one else's pseudonym
        unless their four digits happen to meet.
        """
        digests = {k: self._hash(k[0], v) for k, v in wanted.items()}
        length = dict.fromkeys(wanted, _CODE_LENGTH)
        while True:
            seen: dict[str, list[tuple[str, str]]] = {}
            for k, digest in digests.items():
                seen.setdefault(digest[: length[k]], []).append(k)
            clashes = [ks for ks in seen.values() if len(ks) > 1]
            if not clashes:
                return {k: PSEUDONYM_PREFIX + d[: length[k]] for k, d in digests.items()}
            for ks in clashes:
                for k in ks:
                    length[k] += 2

    def pseudonym(self, person_id: str) -> str:
        """The pseudonym of the person with this id (``KeyError`` for an id not a person's)."""
        return self._by_id[person_id]

    def person_of(self, subject_id: str) -> str | None:
        """The person a finding's subject is (a person, or a development case), if any."""
        return self._person_of.get(subject_id)

    # -- texts ---------------------------------------------------------------------------

    def redact_text(self, text: str, *, person_id: str | None = None) -> str:
        """``text`` with numbers masked and every ledger person's name replaced.

        ``person_id`` says whom the text is about: that person's name becomes their own
        pseudonym even when someone else has the same name.
        """
        cache_key = (text, person_id)
        done = self._text_cache.get(cache_key)
        if done is not None:
            return done
        # Numbers first: a pseudonym's hex digits must never join a number next to it.
        out = mask_numbers(text)
        own: dict[str, str] = {}
        if person_id is not None and person_id in self._name_of:
            name = self._name_of[person_id]
            own = dict.fromkeys((name.strip(), "".join(name.split())), self._by_id[person_id])

        def name_for(name: str) -> str:
            return own.get(name) or self._text_names[name]

        for name in self._long_names:
            out = out.replace(name, name_for(name))
        if self._names_re is not None:
            out = self._names_re.sub(lambda m: name_for(m.group(0)), out)
        if len(self._text_cache) < 200_000:
            self._text_cache[cache_key] = out
        return out

    def redact_id(self, value: str) -> str:
        """An id as it is, unless it holds a name or a number to hide: then ``id-`` and a
        keyed hash, the same wherever the id is used."""
        if self.redact_text(value) == value:
            return value
        return "id-" + self._hash("record-id", value)[:_ID_CODE_LENGTH].lower()

    def _name_field(self, subject_id: str, name: str | None) -> str | None:
        """A subject's name: a person's own pseudonym, else the name with names replaced."""
        if name is None:
            return None
        if subject_id in self._by_id:
            return self._by_id[subject_id]
        return self.redact_text(name, person_id=self.person_of(subject_id))

    def _key_of(self, key: Any, ids: frozenset[str]) -> Any:
        """A dict key: an id as an id; a field name (``snake_case``) as it is; other text
        (a name used as a key) redacted."""
        if type(key) is not str:
            return key
        if key in ids:
            return self.redact_id(key)
        return key if _FIELD_NAME.fullmatch(key) else self.redact_text(key)

    def _value(self, value: Any, ids: frozenset[str] = frozenset()) -> Any:
        """A measured or expected value (or a plain JSON value): strings redacted, ids as ids."""
        if type(value) is str:  # exactly str: enum members (StrEnum) are kept as they are
            return self.redact_id(value) if value in ids else self.redact_text(value)
        if isinstance(value, tuple):
            return tuple(self._value(v, ids) for v in value)
        if isinstance(value, list):
            return [self._value(v, ids) for v in value]
        if isinstance(value, dict):
            return {self._key_of(k, ids): self._value(v, ids) for k, v in value.items()}
        if isinstance(value, frozenset | set):
            return type(value)(self._value(v, ids) for v in value)
        return value

    # -- findings ------------------------------------------------------------------------

    def redact_finding(self, finding: Finding) -> Finding:
        """One finding with its names, messages, values and ids redacted (its key follows)."""
        who = self.person_of(finding.subject_id)
        return attrs.evolve(
            finding,
            subject_id=self.redact_id(finding.subject_id),
            subject_name=self._name_field(finding.subject_id, finding.subject_name),
            message_zh=self.redact_text(finding.message_zh, person_id=who),
            message_en=self.redact_text(finding.message_en, person_id=who),
            facet=self.redact_text(finding.facet) if finding.facet is not None else None,
            reason=self.redact_text(finding.reason) if finding.reason is not None else None,
            measured=self._value(finding.measured, self._ids),
            expected=self._value(finding.expected, self._ids),
            evidence=tuple(self.redact_id(e) for e in finding.evidence),
            org_chain=tuple(self.redact_id(o) for o in finding.org_chain),
            waiver_id=self.redact_id(finding.waiver_id) if finding.waiver_id else None,
        )

    def redact_findings(self, findings: Findings) -> Findings:
        """The findings of a run, each redacted, with the run's as-of, window and waivers."""
        return Findings(
            (self.redact_finding(f) for f in findings),
            as_of=findings.as_of,
            window=findings.window,
            expired_waivers=[self.redact_id(w) for w in findings.expired_waivers],
        )

    # -- assessments ---------------------------------------------------------------------

    def _ref(self, ref: FindingRef, memo: dict[int, FindingRef]) -> FindingRef:
        done = memo.get(id(ref))
        if done is None:
            who = self.person_of(ref.subject_id)
            done = ref.model_copy(
                update={
                    "subject_id": self.redact_id(ref.subject_id),
                    "subject_name": self._name_field(ref.subject_id, ref.subject_name),
                    "facet": self.redact_text(ref.facet) if ref.facet is not None else None,
                    "message_zh": self.redact_text(ref.message_zh, person_id=who),
                    "message_en": self.redact_text(ref.message_en, person_id=who),
                    "evidence": [self.redact_id(e) for e in ref.evidence],
                }
            )
            memo[id(ref)] = done
        return done

    def _indicator(self, ind: IndicatorResult, memo: dict[int, FindingRef]) -> IndicatorResult:
        return ind.model_copy(
            update={
                "excluded": self.redact_text(ind.excluded) if ind.excluded else ind.excluded,
                "losses": [
                    loss.model_copy(
                        update={
                            "note": self.redact_text(loss.note),
                            "findings": [self._ref(r, memo) for r in loss.findings],
                        }
                    )
                    for loss in ind.losses
                ],
            }
        )

    def _subject(self, s: SubjectResult, memo: dict[int, FindingRef]) -> SubjectResult:
        dims: list[DimensionResult] = [
            d.model_copy(update={"indicators": [self._indicator(i, memo) for i in d.indicators]})
            for d in s.dimensions
        ]
        return s.model_copy(
            update={
                "subject_id": self.redact_id(s.subject_id),
                "subject_name": self._name_field(s.subject_id, s.subject_name),
                "veto": [self._ref(r, memo) for r in s.veto],
                "verdict_misses": [self.redact_text(m) for m in s.verdict_misses],
                "dimensions": dims,
                "findings": [self._ref(r, memo) for r in s.findings],
            }
        )

    def redact_assessment(self, assessment: Assessment) -> Assessment:
        """The assessment with its subjects' and findings' names, messages and ids redacted.

        Scores, grades, verdicts and the scheme's own texts (titles, dimension and indicator
        names) are unchanged: they come from the scheme, not from the ledger.
        """
        memo: dict[int, FindingRef] = {}
        return assessment.model_copy(
            update={
                "skipped": {k: self.redact_text(v) for k, v in assessment.skipped.items()},
                "subjects": [self._subject(s, memo) for s in assessment.subjects],
            }
        )

    # -- ledgers -------------------------------------------------------------------------

    @property
    def _ids(self) -> frozenset[str]:
        if self._ids_cache is None:
            self._ids_cache = frozenset(_record_ids(self.ledger.model_dump(mode="python")))
        return self._ids_cache

    def redact_ledger(self, ledger: Ledger | None = None) -> Ledger:
        """The ledger (this redactor's own by default) with every name a pseudonym and every
        free text (titles, topics, descriptions, reasons) redacted.

        Ids stay ids (``redact_id``), so every reference still points where it did and the
        redacted ledger checks and scores exactly like the original.  It is validated again,
        as any ledger is.
        """
        source = ledger if ledger is not None else self.ledger
        data = source.model_dump(mode="python")
        ids = frozenset(_record_ids(data)) if ledger is not None else self._ids
        names = {p["id"]: self._by_id.get(p["id"]) for p in data.get("people", [])}
        out = self._value(data, ids)
        for person, original in zip(out.get("people", []), data.get("people", []), strict=True):
            pseudonym = names[original["id"]]
            person["name"] = (
                pseudonym if pseudonym is not None else self.redact_text(person["name"])
            )
        return type(source).model_validate(out)

    # -- any of them ---------------------------------------------------------------------

    @overload
    def redact(self, obj: Assessment) -> Assessment: ...
    @overload
    def redact(self, obj: Findings) -> Findings: ...
    @overload
    def redact(self, obj: Finding) -> Finding: ...
    @overload
    def redact(self, obj: Ledger) -> Ledger: ...
    @overload
    def redact(self, obj: str) -> str: ...
    @overload
    def redact(self, obj: T) -> T: ...
    def redact(self, obj: Any) -> Any:
        """Whatever a view is given, redacted: an Assessment, Findings, a Finding, a Ledger,
        a text, or plain JSON-like data (dicts and lists, e.g. ``findings.to_records()``)."""
        if isinstance(obj, Assessment):
            return self.redact_assessment(obj)
        if isinstance(obj, Findings):
            return self.redact_findings(obj)
        if isinstance(obj, Finding):
            return self.redact_finding(obj)
        if isinstance(obj, Ledger):
            return self.redact_ledger(obj)
        if type(obj) is str or isinstance(obj, list | tuple | dict | set | frozenset):
            return self._value(obj, self._ids)
        raise TypeError(f"cannot redact a {type(obj).__name__}")


def _record_ids(data: Any) -> set[str]:
    """Every record id of a dumped ledger: the values under ``id`` keys."""
    found: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("id")
            if type(value) is str:
                found.add(value)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def redacted(obj: T, redact: bool | Ledger | Redactor | None, *, ledger: Ledger | None = None) -> T:
    """The one call a view or command makes: ``obj`` itself when ``redact`` is false, else
    ``obj`` redacted.

    ``redact`` is a :class:`Redactor` (use one per run, so every output shares it), a
    :class:`~dangjian_core.Ledger` (whose people are the names to hide), or ``True`` with the
    ledger given as ``ledger``.  ``True`` without a ledger is an error rather than a
    best effort: the assessment alone cannot say which of its words are people's names.
    """
    if redact is None or redact is False or obj is None:
        return obj  # None: a view's optional ledger or findings, absent
    if isinstance(redact, Redactor):
        return redact.redact(obj)
    if isinstance(redact, Ledger):
        return Redactor(redact).redact(obj)
    if ledger is None:
        raise RedactionError(
            "脱敏需要台账来识别人名：请传入 redact=台账 或 ledger=台账 "
            "(redaction needs the ledger to know the names: pass redact=ledger or ledger=...)"
        )
    return Redactor(ledger).redact(obj)
