"""Check a seller's draft message for wording that hurts them on a marketplace.

Four kinds of finding, each with the span to highlight and a sentence that
teaches why: asking for ratings or tips, leaving the platform, pressure or
blame, and shouting. Patterns live in data/tone_cues.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KINDS = ("rating_pressure", "off_platform", "pressure", "shouting")

_DATA = Path(__file__).parent / "data" / "tone_cues.json"
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{5,}\d(?!\w)")
_DATE_OR_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[:.]\d{2}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
_BANGS = re.compile(r"!{2,}")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    reason: str

    def excerpt(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class _Rules:
    patterns: dict[str, list[re.Pattern[str]]]
    reasons: dict[str, str]
    acronyms: frozenset[str]
    phone_min_digits: int
    run_words: int
    single_letters: int


@cache
def _rules() -> _Rules:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    kinds = ("rating_pressure", "off_platform", "pressure")
    return _Rules(
        patterns={k: [re.compile(p, re.IGNORECASE) for p in raw[k]] for k in kinds},
        reasons=raw["reasons"],
        acronyms=frozenset(a.upper() for a in raw["acronyms"]),
        phone_min_digits=raw["phone_min_digits"],
        run_words=raw["shout_run_words"],
        single_letters=raw["shout_single_letters"],
    )


def check(text: str) -> list[Finding]:
    """All findings in `text`, ordered by position; overlapping hits of one kind merge."""
    rules = _rules()
    spans: list[tuple[int, int, str]] = []
    for kind, patterns in rules.patterns.items():
        spans += [(m.start(), m.end(), kind) for p in patterns for m in p.finditer(text)]
    spans += [(s, e, "off_platform") for s, e in _phones(text, rules.phone_min_digits)]
    spans += [(s, e, "shouting") for s, e in _shouting(text, rules)]
    return [Finding(s, e, k, rules.reasons[k]) for s, e, k in _merge(spans)]


def _phones(text: str, min_digits: int) -> list[tuple[int, int]]:
    found = []
    for m in _PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if digits >= min_digits and not _DATE_OR_TIME.match(m.group()):
            found.append((m.start(), m.end()))
    return found


def _is_caps(word: str, acronyms: frozenset[str]) -> bool:
    # Codes such as FO5F2A91C3 or MP4 are not words, so they never shout.
    return word.replace("'", "").isalpha() and word.isupper() and word not in acronyms


def _shouting(text: str, rules: _Rules) -> list[tuple[int, int]]:
    """Runs of capitalised words, one long capitalised word, or '!!'."""
    found: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for m in [*_WORD.finditer(text), None]:
        if m is not None and _is_caps(m.group(), rules.acronyms):
            run.append(m)
            continue
        long_words = [w for w in run if len(w.group()) >= 2]
        if len(run) >= rules.run_words and len(long_words) >= 2:
            found.append((run[0].start(), run[-1].end()))
        else:
            found += [(w.start(), w.end()) for w in run if len(w.group()) >= rules.single_letters]
        run = []
    found += [(m.start(), m.end()) for m in _BANGS.finditer(text)]
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sort by position and join overlapping spans of the same kind."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        same = [i for i, (_, e, k) in enumerate(merged) if k == kind and start <= e]
        if same:
            s, e, _ = merged[same[-1]]
            merged[same[-1]] = (s, max(e, end), kind)
        else:
            merged.append((start, end, kind))
    return sorted(merged)
