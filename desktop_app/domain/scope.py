"""Tell what a buyer's revision request asks inside the package from what is new work.

`compare` splits the request into points and judges each one against the gig's
scope items. The judgement is a heuristic meant to give the seller a first
draft: every verdict can be changed with `with_override`. Cue words live in
data/scope_cues.json so wording can grow without touching code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR, VERDICTS

# Most significant first: new work changes the price, a concrete ask changes the work.
SIGNIFICANCE = (OUT_OF_SCOPE, IN_SCOPE, UNCLEAR)

_DATA = Path(__file__).parent / "data" / "scope_cues.json"
_SEP = " | "  # clause boundary kept in normalised text so phrases never span clauses
_VAGUE_REASON = "too vague to act on: ask what to change"
# Cue lists compiled into one whole-word regex each.
_PHRASE_LISTS = (
    "greetings",
    "thanks",
    "praise",
    "sign_offs",
    "new_work_cues",
    "create_verbs",
    "deliverables",
    "languages",
    "new_work_verbs",
    "service_verbs",
    "vague_cues",
    "change_cues",
    "defect_cues",
    "provide_cues",
    "more_cues",
    "run_on_joiners",
)
# Up to two words between a number and its unit ("3 logo concepts"); greedy so the
# head noun wins, but never across a preposition ("1 article of 1000 words").
_MID = r"(?:(?!(?:of|to|for|in|with|and|per|up|at|on) )[a-z]+ ){0,2}"


@dataclass(frozen=True)
class RequestPoint:
    text: str
    verdict: str
    matched_item: int | None
    reason: str


@dataclass(frozen=True)
class Quantity:
    count: int
    unit: str  # canonical plural, e.g. "concepts"
    more: bool  # "3 more pages", "another 1000 rows": on top of what was delivered


# ---------------------------------------------------------------- cue data


def _phrases_re(phrases: list[str]) -> re.Pattern[str]:
    # Longest first so "logo animation" wins over "animation".
    alts = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


class _Cues:
    def __init__(self, raw: dict) -> None:
        self.raw = raw
        self.contractions: dict[str, str] = raw["contractions"]
        self.stopwords = set(raw["stopwords"])
        self.synonyms: dict[str, str] = raw["synonyms"]
        self.elements = set(raw["elements"])
        self.numbers: dict[str, int] = raw["number_words"]
        self.units = self._unit_forms(raw["units"], raw["unit_aliases"])
        for key in _PHRASE_LISTS:
            setattr(self, key, _phrases_re(raw[key]))
        self.trailing_new = re.compile(
            r"\b(?:" + "|".join(map(re.escape, raw["new_work_trailing"])) + r")\s*(?:\||$)"
        )
        self.quantity = self._quantity_re(raw["more_cues"])
        self.another = re.compile(
            r"\b(?:another|an? (?:extra|additional|new|further)) "
            + _MID
            + r"(?P<unit>"
            + self._unit_alts()
            + r")\b"
        )

    @staticmethod
    def _unit_forms(units: list[str], aliases: dict[str, str]) -> dict[str, str]:
        forms = dict(aliases)
        for unit in units:
            forms[unit] = unit
            forms[unit.removesuffix("s")] = unit
        return forms

    def _unit_alts(self) -> str:
        return "|".join(sorted(map(re.escape, self.units), key=len, reverse=True))

    def _quantity_re(self, more: list[str]) -> re.Pattern[str]:
        nums = "|".join(self.numbers)
        return re.compile(
            r"\b(?P<pre>another |an? (?:extra|additional|new|further) )?"
            rf"(?P<num>\d+|{nums}) (?P<more>(?:{'|'.join(more)}) )?"
            rf"{_MID}(?P<unit>" + self._unit_alts() + r")\b"
        )


@cache
def _cues() -> _Cues:
    return _Cues(json.loads(_DATA.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- text helpers


def normalise(text: str) -> str:
    """Lower case, contractions expanded, punctuation reduced to clause marks."""
    cues = _cues()
    text = text.lower().replace("\u2019", "'").replace("'", "")
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    text = re.sub(r"[,.;:!?()\[\]]+", _SEP, text)
    text = re.sub(r"[^\w|#]+", " ", text)
    words = [cues.contractions.get(w, w) for w in text.split()]
    return re.sub(r"(?:\s*\|\s*)+", _SEP, " ".join(words)).strip(" |")


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _content_tokens(norm: str) -> list[str]:
    cues = _cues()
    out = []
    for word in norm.split():
        if word == "|" or word.isdigit() or word in cues.stopwords or word in cues.numbers:
            continue
        out.append(_stem(cues.synonyms.get(word, word)))
    return out


def _has(pattern: re.Pattern[str], norm: str) -> bool:
    return pattern.search(norm) is not None


# ---------------------------------------------------------------- splitting


def split_points(text: str) -> list[str]:
    """Split a request into points: list items, sentences and run-on asks.

    Greetings, thanks and sign-offs are dropped; the rest keeps the buyer's words.
    """
    cues = _cues()
    points: list[str] = []
    signed_off = False
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*\u2022\u00b7\u2013]|\(?\d{1,2}[.)]|[a-h][)])\s+", "", line)
        if signed_off and len(line.split()) <= 3:
            continue  # a name under "Regards,"
        for sentence in _sentences(line):
            for part in _run_on_parts(sentence):
                # a leading "and" is left over from a run-on split across sentences
                cleaned = re.sub(r"^(?:and|plus)\s+", "", _strip_courtesy(part), flags=re.I)
                if cleaned.endswith(":") and len(cleaned.split()) <= 5:
                    continue  # "A few things:" introduces the list, it asks nothing
                if cleaned:
                    points.append(cleaned)
                elif _has(cues.sign_offs, normalise(part)) and normalise(part) == normalise(line):
                    signed_off = True
    return points


def _sentences(line: str) -> list[str]:
    protected = line
    for abbr in _cues().raw["abbreviations"]:
        protected = re.sub(re.escape(abbr), abbr.replace(".", "\0"), protected, flags=re.I)
    parts = re.split(r"(?<=[.!?])\s+", protected)
    return [p.replace("\0", ".").strip() for p in parts if p.strip()]


def _run_on_parts(sentence: str) -> list[str]:
    """Split "fix X and also add Y" where both halves are real asks (3+ words)."""
    joiners = "|".join(map(re.escape, _cues().raw["run_on_joiners"]))
    pattern = re.compile(rf",?\s+(?:{joiners})\s+|,\s+and\s+", re.I)
    parts = [p.strip(" ,") for p in pattern.split(sentence)]
    if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts):
        return parts
    return [sentence]


def _strip_courtesy(part: str) -> str:
    """Remove a leading greeting and trailing thanks; '' when nothing is left."""
    cues = _cues()
    greeting = "|".join(sorted(map(re.escape, cues.raw["greetings"]), key=len, reverse=True))
    # "Hi Anna, ..." / "hello there! ..." / "hey ..." (a name only before punctuation)
    part = re.sub(
        rf"^\s*(?:{greeting})\b(?:(?:\s+[\w']+){{0,2}}\s*[,!:.\-]+|[\s,!]*)",
        "",
        part,
        count=1,
        flags=re.I,
    ).strip()
    part = re.sub(
        r"[\s,.!]*\b(?:thanks|thank you|thx|ty)(?: so much| a lot| in advance)?[\s.!]*$",
        "",
        part,
        flags=re.I,
    ).strip()
    norm = normalise(part)
    if not norm or _is_thanks(norm) or cues.greetings.fullmatch(norm):
        return ""
    return part


def _is_thanks(norm: str) -> bool:
    """A short line of thanks or praise with nothing to act on."""
    cues = _cues()
    short_thanks = cues.thanks.match(norm) and len(norm.split()) <= 8
    if not short_thanks and not _has(cues.praise, norm):
        return False
    asks = (cues.change_cues, cues.defect_cues, cues.provide_cues, cues.new_work_cues,
            cues.vague_cues)
    return not any(_has(p, norm) for p in asks) and "but" not in norm.split()


# ---------------------------------------------------------------- judging


def quantities(text: str) -> list[Quantity]:
    """Counted units in a text: "3 logo concepts", "5 more pages", "another 1000 rows"."""
    cues = _cues()
    norm = normalise(text)
    found: list[Quantity] = []
    for m in cues.quantity.finditer(norm):
        raw = m["num"]
        count = int(raw) if raw.isdigit() else cues.numbers[raw]
        found.append(Quantity(count, cues.units[m["unit"]], bool(m["pre"] or m["more"])))
    if not found:
        found = [Quantity(1, cues.units[m["unit"]], True) for m in cues.another.finditer(norm)]
    return found


def _promised(scope_items: list[str]) -> dict[str, tuple[int, int]]:
    """unit -> (promised count, scope item index); the first item naming a unit wins."""
    promised: dict[str, tuple[int, int]] = {}
    for index, item in enumerate(scope_items):
        for q in quantities(item):
            promised.setdefault(q.unit, (q.count, index))
    return promised


def _unit_word(count: int, unit: str) -> str:
    return unit.removesuffix("s") if count == 1 else unit


def _judge_quantity(text: str, promised: dict[str, tuple[int, int]]) -> RequestPoint | None:
    for q in quantities(text):
        asked = f"{q.count} {'more ' if q.more else ''}{_unit_word(q.count, q.unit)}"
        if q.unit in promised:
            count, index = promised[q.unit]
            if q.more or q.count > count:
                reason = f"asks for {asked}; the package includes {count}"
                return RequestPoint(text, OUT_OF_SCOPE, index, reason)
        elif q.more:
            return RequestPoint(text, OUT_OF_SCOPE, None, f"asks for {asked}, not in the package")
    return None


def _in_scope_text(phrase: str, scope_norm: str) -> bool:
    tokens = _content_tokens(scope_norm)
    return all(any(fuzz.ratio(w, t) >= 85 for t in tokens) for w in _content_tokens(phrase))


def _new_deliverable(norm: str, scope_norm: str) -> str | None:
    """The first deliverable or language named in the request that no scope item covers."""
    cues = _cues()
    for m in cues.deliverables.finditer(norm):
        if not _in_scope_text(m.group(), scope_norm):
            return m.group()
    for m in cues.languages.finditer(norm):
        if m.group() not in scope_norm.split():
            return f"{m.group().capitalize()} version"
    return None


def best_item(text: str, scope_items: list[str]) -> int | None:
    """Index of the scope item the text talks about, by fuzzy keyword overlap."""
    words = set(_content_tokens(normalise(text)))
    best: tuple[int, float, int] | None = None
    for index, item in enumerate(scope_items):
        item_tokens = set(_content_tokens(normalise(item)))
        hits = sum(1 for t in item_tokens if any(_same_word(t, w) for w in words))
        if hits:
            score = (hits, fuzz.token_set_ratio(text.lower(), item.lower()), -index)
            best = max(best or score, score)
    return -best[2] if best else None


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    # Typos ("colro") only count on longer words, where a ratio means something.
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85


def _is_change(norm: str) -> bool:
    cues = _cues()
    excess = re.search(r"\btoo [a-z]+", norm)  # "too loud"; a clause-final "too" means "also"
    return _has(cues.change_cues, norm) or _has(cues.defect_cues, norm) or excess is not None


def _judge(text: str, scope_items: list[str], promised: dict) -> RequestPoint:
    """Strongest evidence first: counts, named new deliverables, then the wording."""
    norm = normalise(text)
    return (
        _judge_quantity(text, promised)
        or _judge_deliverable(text, norm, scope_items)
        or _judge_wording(text, norm, scope_items)
    )


def _new_cue(norm: str) -> bool:
    cues = _cues()
    return _has(cues.new_work_cues, norm) or _has(cues.trailing_new, norm)


def _judge_deliverable(text: str, norm: str, scope_items: list[str]) -> RequestPoint | None:
    scope_norm = " | ".join(normalise(i) for i in scope_items)
    deliverable = _new_deliverable(norm, scope_norm)
    # "on my website" is context; "also ... a website" or "design a website" is an ask
    if deliverable and (_new_cue(norm) or _has(_cues().create_verbs, norm)):
        return RequestPoint(text, OUT_OF_SCOPE, None, f"a new deliverable: {deliverable}")
    return None


def _judge_wording(text: str, norm: str, scope_items: list[str]) -> RequestPoint:
    cues = _cues()
    index = best_item(text, scope_items)
    words = set(norm.split())
    named = index is not None or bool(cues.elements & words)
    change = _is_change(norm) or ("add" in words and bool(cues.elements & words))
    if _has(cues.vague_cues, norm) and not (change and named):
        return RequestPoint(text, UNCLEAR, None, _VAGUE_REASON)
    if index is not None and _has(cues.provide_cues, norm):
        return RequestPoint(text, IN_SCOPE, index, f"part of the package: '{scope_items[index]}'")
    new_work = _has(cues.service_verbs, norm) or (index is None and _has(cues.new_work_verbs, norm))
    if not change and (_new_cue(norm) or new_work):
        return RequestPoint(text, OUT_OF_SCOPE, None, "new work not listed in the package")
    if change or named:  # a concrete remark about the work, without a vague cue
        if index is not None:
            return RequestPoint(text, IN_SCOPE, index, f"refines '{scope_items[index]}'")
        return RequestPoint(text, IN_SCOPE, None, "a change to the delivered work")
    return RequestPoint(text, UNCLEAR, None, _VAGUE_REASON)


# ---------------------------------------------------------------- public API


def compare(scope_items: list[str], request_text: str) -> list[RequestPoint]:
    """Split the request into points and judge each against the scope items."""
    promised = _promised(scope_items)
    return [_judge(point, scope_items, promised) for point in split_points(request_text)]


def most_significant(points: list[RequestPoint]) -> RequestPoint | None:
    """The point that matters most to the answer: new work, then a fix, then a question."""
    ranked = sorted(points, key=lambda p: SIGNIFICANCE.index(p.verdict))
    return ranked[0] if ranked else None


def with_override(point: RequestPoint, verdict: str) -> RequestPoint:
    """The same point with the seller's own verdict; the reason says who decided."""
    if verdict not in VERDICTS:
        raise ValueError(f"'{verdict}' is not a verdict; use one of {', '.join(VERDICTS)}")
    labels = {IN_SCOPE: "in scope", OUT_OF_SCOPE: "new work", UNCLEAR: "needs a question"}
    return replace(point, verdict=verdict, reason=f"set by the seller: {labels[verdict]}")
