"""Tracking codes: two friendly words, five random symbols and a check symbol.

A code looks like ``maple-otter-7kq4py``: it reads like two ordinary words and a short
reference, never like a coupon. Its parts:

* two words from the built-in list of 256 (:data:`~goodword.attribution.wordlist.WORDS`),
  8 bits each;
* five symbols drawn with :mod:`secrets` from a 31-symbol alphabet with no ``0/o``,
  ``1/l/i`` look-alikes, log2(31) = 4.954 bits each;
* one check symbol from the same alphabet.

Randomness: 2 x 8 + 5 x 4.954 = 40.77 bits (:data:`ENTROPY_BITS`), so guessing a valid
code of a given campaign among a thousand issued ones takes about 2^31 tries.

The check symbol is a weighted sum modulo the prime 31. The values checked are the two
word indices written as two base-31 digits each, then the five symbols; weights run
2, 3, ... 10 and the check symbol has weight 1, so the weighted sum of a valid code is
0 mod 31. Because 31 is prime and every weight and every difference of two neighbouring
weights is non-zero mod 31, any single wrong symbol and any swap of two neighbouring
symbols changes the sum and is caught. A wrong letter inside a word is caught by the word
list itself: no two words (nor two word pairs run together) are one typo apart.

Input is case-insensitive and ignores spaces, hyphens, dots and underscores.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from math import log2
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from goodword.attribution.wordlist import WORDS
from goodword.errors import CodeError

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
MODULUS = len(ALPHABET)  # 31, a prime
RANDOM_SYMBOLS = 5
ENTROPY_BITS = 2 * log2(len(WORDS)) + RANDOM_SYMBOLS * log2(MODULUS)
_GROUP = RANDOM_SYMBOLS + 1
_INDEX = {w: i for i, w in enumerate(WORDS)}
_BLOCKED = ("save", "sale", "free", "deal", "xxx", "sex", "fck")
_IGNORED = str.maketrans("", "", " -_.\t")


@dataclass(frozen=True, slots=True)
class ParsedCode:
    """A well-formed code split into its parts."""

    first: str
    second: str
    symbols: str  # the five random symbols
    check: str

    def __str__(self) -> str:
        return f"{self.first}-{self.second}-{self.symbols}{self.check}"


def new_code(rng: random.Random | None = None) -> str:
    """A fresh code; pass a seeded ``random.Random`` for reproducible (demo) codes."""
    draw = rng if rng is not None else secrets.SystemRandom()
    while True:
        first, second = draw.choice(WORDS), draw.choice(WORDS)
        symbols = "".join(draw.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
        if not any(b in symbols for b in _BLOCKED):
            return str(ParsedCode(first, second, symbols, check_symbol(first, second, symbols)))


def check_symbol(first: str, second: str, symbols: str) -> str:
    """The check symbol that makes the weighted sum of the code 0 mod 31."""
    total = sum(w * v for w, v in enumerate(_values(first, second, symbols), start=2))
    return ALPHABET[-total % MODULUS]


def _values(first: str, second: str, symbols: str) -> list[int]:
    i, j = _INDEX[first], _INDEX[second]
    return [i // MODULUS, i % MODULUS, j // MODULUS, j % MODULUS] + [
        ALPHABET.index(c) for c in symbols
    ]


def compact(text: str) -> str:
    """The code as typed, lower-cased, without spaces, hyphens, dots or underscores."""
    return text.strip().lower().translate(_IGNORED)


def parse(text: str) -> ParsedCode:
    """Split and verify a code; raises :class:`CodeError` saying what is wrong."""
    raw = compact(text)
    if len(raw) < 8 + _GROUP:
        raise CodeError(f"{text!r} is too short to be a tracking code (like maple-otter-7kq4py)")
    head, group = raw[:-_GROUP], raw[-_GROUP:]
    bad = sorted({c for c in group if c not in ALPHABET})
    if bad:
        raise CodeError(f"{text!r} has {', '.join(bad)} where codes only use {ALPHABET}")
    first, second = _split_words(head, text)
    code = ParsedCode(first, second, group[:-1], group[-1])
    if check_symbol(first, second, code.symbols) != code.check:
        raise CodeError(f"{text!r} fails its check symbol: a character is mistyped")
    return code


def _split_words(head: str, text: str) -> tuple[str, str]:
    for cut in range(4, len(head) - 3):
        if head[:cut] in _INDEX and head[cut:] in _INDEX:
            return head[:cut], head[cut:]
    raise CodeError(f"{text!r} does not start with two words of the code list: check spelling")


def canonical(text: str) -> str:
    """The stored form ``word-word-symbols`` of a valid code."""
    return str(parse(text))


def is_valid(text: str) -> bool:
    """Whether ``text`` is a well-formed code with a correct check symbol."""
    try:
        parse(text)
    except CodeError:
        return False
    return True


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance between two strings."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def nearest(text: str, issued: Iterable[str], max_distance: int = 2) -> str | None:
    """The issued code closest to a mistyped one, if exactly one is within reach."""
    typed = compact(text)
    scored = sorted((distance(typed, compact(c)), c) for c in issued)
    best = [c for d, c in scored if d == scored[0][0]] if scored else []
    if len(best) == 1 and scored[0][0] <= max_distance:
        return best[0]
    return None


def tracked_url(url: str, code: str, *, venue: str | None, campaign: str = "goodword") -> str:
    """``url`` with UTM parameters naming the venue and carrying the code as utm_content."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query.update(
        utm_source=venue or "community",
        utm_medium="community",
        utm_campaign=campaign,
        utm_content=code,
    )
    return urlunsplit(parts._replace(query=urlencode(query)))


def code_from_text(value: str) -> str:
    """The code in an order's code field: the code itself or a tracked link's utm_content."""
    value = value.strip()
    if "utm_content=" in value:
        query = parse_qs(urlsplit(value).query)
        return query.get("utm_content", [value])[-1]
    return value
