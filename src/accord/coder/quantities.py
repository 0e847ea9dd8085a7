"""Money and other quantities in plain text: "$15 billion", "4.1 billion dollars",
"USD 300 million", "€2bn", "1.2 bln manat", "15 percent", "2,000 troops".

Why a parser of our own: quantulum3 misreads "USD 300 million", "€2bn" and
"15 mlrd manat" (and its classifier breaks under current scikit-learn), and
price-parser ignores scale words. The rules here are few and the vocabulary is data:
scale words, number words and units in ``ontology/data/quantities.toml``, currency
aliases in ``ontology/data/currencies.csv``.

A quantity is a number together with what it counts: a currency (stored as its ISO
4217 code, the value in units: 15e9 for "$15 billion") or a unit ("percent",
"troops", "bcm", ...). A number with neither is not a quantity, which by itself keeps
out years, ages, page counts, dates, durations and counts of things; phone numbers and
"in 2020 troops ..." are ruled out explicitly.

    >>> [(q.value, q.currency) for q in find_quantities("Exports rose to €2bn.")]
    [(2000000000.0, 'EUR')]
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from ..errors import OntologyError

__all__ = ["Quantity", "find_quantities", "parse_quantity", "QuantityVocabulary", "quantity_vocabulary"]


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a text; ``start``/``end`` are character offsets into it."""

    value: float
    currency: str | None
    unit: str | None
    start: int
    end: int
    text: str
    inherited: bool = False
    """True when the currency or unit was carried over from the quantity before it:
    "$3 billion, imports 1.2 billion" gives the second figure in US dollars too."""

    @property
    def measure(self) -> str:
        """What kind of thing it measures: "money" for any currency, else the unit."""
        return "money" if self.currency else str(self.unit)


# ----------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class _Phrase:
    """A word or phrase of the vocabulary, split the way text is split (see _tokenize)."""

    tokens: tuple[str, ...]
    spaced: tuple[bool, ...]  # whether whitespace comes before each token after the first
    exact_case: bool

    @classmethod
    def of(cls, written: str) -> _Phrase:
        parts = list(_TOKEN.finditer(written))
        if not parts:
            raise OntologyError(f"empty word in the quantity vocabulary: {written!r}")
        # Codes and symbols ("USD", "TL", "MW", "$") must match as written; words
        # ("dollars", "Turkish lira") match in any case.
        exact = not any(ch.islower() for ch in written)
        tokens = tuple(m.group() if exact else m.group().lower() for m in parts)
        spaced = tuple(parts[k].start() > parts[k - 1].end() for k in range(1, len(parts)))
        return cls(tokens, spaced, exact)


class _Table(dict):
    """Phrases of one kind ({_Phrase: what it means}), findable by their first or last
    word, so that reading a number looks at a handful of phrases, not all of them."""

    @functools.cached_property
    def _by_first(self) -> dict[str, list[tuple[_Phrase, Any]]]:
        return self._index(0)

    @functools.cached_property
    def _by_last(self) -> dict[str, list[tuple[_Phrase, Any]]]:
        return self._index(-1)

    def _index(self, position: int) -> dict[str, list[tuple[_Phrase, Any]]]:
        index: dict[str, list[tuple[_Phrase, Any]]] = {}
        for phrase, value in self.items():
            index.setdefault(phrase.tokens[position].lower(), []).append((phrase, value))
        return index

    def starting_with(self, word: str) -> list[tuple[_Phrase, Any]]:
        return self._by_first.get(word.lower(), [])

    def ending_with(self, word: str) -> list[tuple[_Phrase, Any]]:
        return self._by_last.get(word.lower(), [])


@dataclass(frozen=True)
class _Unit:
    unit: str
    factor: Decimal
    modifiers: bool


@dataclass(frozen=True)
class QuantityVocabulary:
    """Everything the parser knows, loaded once from the data files."""

    scales: _Table  # {phrase: factor}
    attached_scales: _Table
    number_words: dict[str, int]
    currencies_before: _Table  # {phrase: ISO code}
    currencies_after: _Table
    units: _Table  # {phrase: _Unit}
    modifier_words: frozenset[str]
    year_first: int
    year_last: int
    year_preceded_by: frozenset[str]
    phone_words: frozenset[str]


def _data_text(name: str) -> str:
    return resources.files("accord.ontology").joinpath(f"data/{name}").read_text(encoding="utf-8")


@functools.cache
def quantity_vocabulary() -> QuantityVocabulary:
    """Load and check ``quantities.toml`` and ``currencies.csv``."""
    try:
        data = tomllib.loads(_data_text("quantities.toml"))
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(f"not valid TOML: {exc}", item="quantities.toml") from exc
    try:
        scales, attached = _Table(), _Table()
        for entry in data["scale"]:
            factor = Decimal(str(entry["factor"]))
            scales.update({_Phrase.of(w): factor for w in entry["words"]})
            attached.update({_Phrase.of(w): factor for w in entry.get("attached", [])})
        units = _Table()
        for entry in data["unit"]:
            unit = _Unit(entry["unit"], Decimal(str(entry.get("factor", 1))), bool(entry.get("modifiers", False)))
            units.update({_Phrase.of(w): unit for w in entry["words"]})
        vocabulary = QuantityVocabulary(
            scales=scales,
            attached_scales=attached,
            number_words={w.lower(): int(v) for w, v in data["number_words"].items()},
            currencies_before=_Table(),
            currencies_after=_Table(),
            units=units,
            modifier_words=frozenset(w.lower() for w in data["modifiers"]["words"]),
            year_first=int(data["years"]["first"]),
            year_last=int(data["years"]["last"]),
            year_preceded_by=frozenset(w.lower() for w in data["years"]["preceded_by"]),
            phone_words=frozenset(w.lower() for w in data["phones"]["preceded_by"]),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise OntologyError(f"missing or bad entry: {exc!r}", item="quantities.toml") from exc
    _load_currencies(vocabulary)
    return vocabulary


def _load_currencies(vocabulary: QuantityVocabulary) -> None:
    lines = [line for line in _data_text("currencies.csv").splitlines() if not line.startswith("#")]
    seen: dict[_Phrase, str] = {}
    for line_number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        where = f"currencies.csv: row {line_number - 1} ({row.get('alias')!r})"
        code, placement = (row.get("code") or "").strip(), (row.get("placement") or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", code) or placement not in ("before", "after", "both"):
            raise OntologyError("code must be three capital letters, placement before/after/both", item=where)
        phrase = _Phrase.of(row["alias"].strip())
        if seen.get(phrase, code) != code:
            raise OntologyError(f"alias already stands for {seen[phrase]}", item=where)
        seen[phrase] = code
        if placement in ("before", "both"):
            vocabulary.currencies_before[phrase] = code
        if placement in ("after", "both"):
            vocabulary.currencies_after[phrase] = code


# ----------------------------------------------------------------------------------
# Reading text

# A number with its thousands separators and decimals, a run of letters, or any other
# single character. "US$" splits into "US" "$", "2,000" stays whole, "€2bn" is "€" "2" "bn".
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")

# Digit groups run together the way phone and fax numbers are written:
# "+994 12 555 12 34", "(012) 498-12-34", "555-1234-56". Also catches dotted dates.
_PHONE = re.compile(r"\+\d{1,4}(?:[\s\-.]?\(?\d{1,5}\)?){2,}|\(?\d{2,5}\)?[\s\-./]\d{2,5}(?:[\s\-./]\d{2,5}){1,4}")

_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")  # "4,1 billion": only with a scale word after it


@dataclass(slots=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int

    @property
    def is_digits(self) -> bool:
        return self.text[0].isdigit()


def _tokenize(text: str) -> list[_Token]:
    return [_Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with character offsets into ``text``."""
    vocabulary = quantity_vocabulary()
    if not _may_hold_a_number(text, vocabulary):
        return []  # most sentences: no need to split them into words
    tokens = _tokenize(text)
    reader = _Reader(text, tokens, vocabulary, [m.span() for m in _PHONE.finditer(text)])
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        reading = reader.read(i, found[-1] if found else None)
        if reading is None:
            i += 1
            continue
        quantity, i = reading
        found.append(quantity)
    return found


def _may_hold_a_number(text: str, vocabulary: QuantityVocabulary) -> bool:
    if any(ch.isdigit() for ch in text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in vocabulary.number_words)


def parse_quantity(text: str) -> Quantity | None:
    """The quantity ``text`` consists of ("$15 billion"), or None if it is not exactly one."""
    stripped = text.strip()
    found = find_quantities(stripped)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0]
    return None


class _Reader:
    """Reads one quantity starting at a number token: currency before it, the number,
    scale words, then a currency or a unit after it."""

    def __init__(self, text: str, tokens: list[_Token], vocabulary: QuantityVocabulary, phone_like):
        self.text = text
        self.tokens = tokens
        self.vocabulary = vocabulary
        self.phone_like = phone_like

    def read(self, i: int, previous: Quantity | None) -> tuple[Quantity, int] | None:
        token = self.tokens[i]
        if not token.is_digits and token.lower not in self.vocabulary.number_words:
            return None
        if token.is_digits and (self._is_phone_or_date(i) or self._is_model_name(i)):
            return None

        first = i
        currency: str | None = None
        before = self._currency_before(i)
        if before is not None:
            currency, first = before

        # Scale words: "2.5 billion", "two hundred thousand", "€2bn", "$300m".
        j = i + 1
        scale = Decimal(1)
        has_scale = uses_attached_scale = False
        while j < len(self.tokens):
            word = self._match(self.vocabulary.scales, j, after=j - 1)
            if word is None and self._gap(j - 1, j) == "" and self.tokens[j - 1].is_digits:
                word = self._match(self.vocabulary.attached_scales, j, after=j - 1)
                uses_attached_scale = word is not None
            if word is None:
                break
            factor, j = word
            scale *= factor
            has_scale = True

        number = self._number(token, has_scale)
        if number is None:
            return None

        unit: str | None = None
        unit_factor = Decimal(1)
        after = self._currency_after(j)
        if after is not None:
            code, next_j = after
            if currency is None or currency == code:  # "$15 billion US dollars" says it twice
                currency, j = code, next_j
        if currency is None:
            found_unit = self._unit_after(j)
            if found_unit is not None:
                unit_spec, j = found_unit
                unit, unit_factor = unit_spec.unit, unit_spec.factor

        inherited = False
        if currency is None and unit is None:
            # "exports reached $3 billion and imports 1.2 billion": the second is dollars too.
            if not has_scale or uses_attached_scale or previous is None or not self._same_sentence(previous, token):
                return None
            currency, unit, inherited = previous.currency, previous.unit, True
        if uses_attached_scale and currency is None:
            return None  # "300m" alone is metres, not millions
        if currency is None and not has_scale and self._is_year(i, token):
            return None

        start, end = self.tokens[first].start, self.tokens[j - 1].end
        value = float(number * scale * unit_factor)
        return Quantity(value, currency, unit, start, end, self.text[start:end], inherited), j

    # -- the number -------------------------------------------------------------

    def _number(self, token: _Token, has_scale: bool) -> Decimal | None:
        if not token.is_digits:
            return Decimal(self.vocabulary.number_words[token.lower])
        if _THOUSANDS.fullmatch(token.text) or _PLAIN.fullmatch(token.text):
            return Decimal(token.text.replace(",", ""))
        if has_scale and _DECIMAL_COMMA.fullmatch(token.text):
            return Decimal(token.text.replace(",", "."))
        return None  # "1,2,3", "1.234.567": not a number we can read with confidence

    def _is_phone_or_date(self, i: int) -> bool:
        token = self.tokens[i]
        if any(start <= token.start and token.end <= end for start, end in self.phone_like):
            return True
        # "Tel: 5551234", "call 012 4981234"
        for back in range(max(0, i - 3), i):
            if self.tokens[back].lower in self.vocabulary.phone_words:
                return True
        return False

    def _is_model_name(self, i: int) -> bool:
        """Digits glued to a name are part of it: "G20", "F-16 fighters", "Su-25"."""
        if i == 0 or not self.tokens[i - 1].text.isalpha():
            return False
        if self._currency_before(i) is not None:
            return False  # "USD300" is a currency code, not a name
        return self._gap(i - 1, i) in ("", "-")

    def _is_year(self, i: int, token: _Token) -> bool:
        if not (token.is_digits and len(token.text) == 4 and token.text.isdigit()):
            return False
        if not self.vocabulary.year_first <= int(token.text) <= self.vocabulary.year_last:
            return False
        return i > 0 and self.tokens[i - 1].lower in self.vocabulary.year_preceded_by

    # -- what it counts ---------------------------------------------------------

    def _currency_before(self, i: int) -> tuple[str, int] | None:
        """A currency written just before the number: "$15", "USD 300", "US$ 2"."""
        if i == 0 or not re.fullmatch(r"\s?", self._gap(i - 1, i)):
            return None
        best: tuple[str, int] | None = None
        for phrase, code in self.vocabulary.currencies_before.ending_with(self.tokens[i - 1].text):
            first = i - len(phrase.tokens)
            if first < 0:
                continue
            if self._matches_at(phrase, first) and (best is None or first < best[1]):
                if first > 0 and self._gap(first - 1, first) == "" and self.tokens[first - 1].text[-1].isalnum():
                    continue  # "XUSD 5" is not US dollars
                best = (code, first)
        return best

    def _currency_after(self, j: int) -> tuple[str, int] | None:
        # "1.2 bln. manat": an abbreviation's full stop may stand between scale and currency.
        if j < len(self.tokens) and self.tokens[j].text == "." and j > 0 and not self.tokens[j - 1].is_digits:
            match = self._match(self.vocabulary.currencies_after, j + 1, after=j)
            if match is not None:
                return match
        return self._match(self.vocabulary.currencies_after, j, after=j - 1)

    def _unit_after(self, j: int) -> tuple[_Unit, int] | None:
        """A unit after the number, allowing "2,000 Turkish troops" for units of people."""
        direct = self._match(self.vocabulary.units, j, after=j - 1)
        if direct is not None:
            return direct
        for skipped in (1, 2):
            describing = self.tokens[j : j + skipped]
            if len(describing) < skipped or not all(self._is_modifier(t) for t in describing):
                return None
            if not all(re.fullmatch(r"\s+", self._gap(k - 1, k)) for k in range(j, j + skipped)):
                return None
            match = self._match(self.vocabulary.units, j + skipped, after=j + skipped - 1)
            if match is not None and match[0].modifiers:
                return match
        return None

    def _is_modifier(self, token: _Token) -> bool:
        if token.lower in self.vocabulary.modifier_words:
            return True
        # Capitalised words: nationalities ("Turkish troops"); not a sentence's next word.
        return token.text.isalpha() and token.text[0].isupper() and not token.text.isupper()

    # -- matching vocabulary ----------------------------------------------------

    def _match(self, table: _Table, j: int, after: int):
        """The longest phrase of ``table`` starting at token ``j``, joined to token ``after``
        by nothing, spaces or a hyphen. Returns (value, index after the phrase) or None."""
        if j >= len(self.tokens):
            return None
        if after >= 0:
            gap = self._gap(after, j)
            if gap and not gap.isspace():
                return None
            # "a $15-billion deal", "a 15-percent rise": step over the hyphen.
            if self.tokens[j].text == "-" and j + 1 < len(self.tokens) and not self._gap(j, j + 1):
                j += 1
        best = None
        for phrase, value in table.starting_with(self.tokens[j].text):
            if self._matches_at(phrase, j) and (best is None or len(phrase.tokens) > best[1]):
                best = (value, len(phrase.tokens))
        if best is None:
            return None
        end = j + best[1]
        # A phrase must end at a word boundary: "15 bnx" is not "15 bn".
        if end < len(self.tokens) and self._gap(end - 1, end) == "" and self.tokens[end].text[0].isalnum():
            if self.tokens[end - 1].text[-1].isalnum():
                return None
        return best[0], end

    def _matches_at(self, phrase: _Phrase, j: int) -> bool:
        if j + len(phrase.tokens) > len(self.tokens):
            return False
        for k, expected in enumerate(phrase.tokens):
            token = self.tokens[j + k]
            if (token.text if phrase.exact_case else token.lower) != expected:
                return False
            if k > 0:
                gap = self._gap(j + k - 1, j + k)
                if phrase.spaced[k - 1] != bool(gap) or (gap and not gap.isspace()):
                    return False
        return True

    def _gap(self, a: int, b: int) -> str:
        """The text between token ``a`` and token ``b``."""
        return self.text[self.tokens[a].end : self.tokens[b].start]

    def _same_sentence(self, previous: Quantity, token: _Token) -> bool:
        return re.search(r"[.!?]\s", self.text[previous.end : token.start]) is None
