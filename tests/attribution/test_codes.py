"""Tracking codes: readable, 40+ random bits, every single typo and adjacent swap caught."""

from __future__ import annotations

import collections
import random
import re
import string

import pytest

from goodword.attribution import codes
from goodword.attribution.wordlist import WORDS
from goodword.errors import CodeError

TYPED = string.ascii_lowercase + string.digits


def sample_codes(n: int = 150) -> list[str]:
    rng = random.Random(42)
    return [codes.new_code(rng) for _ in range(n)]


def test_codes_look_like_two_words_and_a_short_reference() -> None:
    for code in sample_codes(50):
        first, second, tail = code.split("-")
        assert first in WORDS and second in WORDS
        assert re.fullmatch(f"[{codes.ALPHABET}]{{6}}", tail)
        assert not re.search(r"save|sale|free|deal|off|\d\d%", code)


def test_randomness_is_at_least_40_bits() -> None:
    assert len(WORDS) == 256 and len(set(WORDS)) == 256
    assert codes.MODULUS == 31 and len(set(codes.ALPHABET)) == 31
    assert codes.ENTROPY_BITS == pytest.approx(16 + 5 * 4.9542, abs=1e-3)
    assert codes.ENTROPY_BITS >= 40


def test_alphabet_has_no_look_alikes() -> None:
    assert not set("01ilo") & set(codes.ALPHABET)


def test_a_seeded_random_gives_the_same_codes_and_secrets_differ() -> None:
    assert sample_codes(5) == sample_codes(5)
    assert len({codes.new_code() for _ in range(200)}) == 200


def test_input_is_case_insensitive_and_ignores_spaces_and_hyphens() -> None:
    code = sample_codes(1)[0]
    first, second, tail = code.split("-")
    for typed in (code.upper(), f" {first} {second} {tail} ", f"{first}{second}{tail}",
                  f"{first.title()}_{second}.{tail.upper()}"):  # fmt: skip
        assert codes.canonical(typed) == code


def _substitutions(text: str):  # type: ignore[no-untyped-def]
    for i, old in enumerate(text):
        for new in TYPED:
            if new != old:
                yield text[:i] + new + text[i + 1 :]


def _transpositions(text: str):  # type: ignore[no-untyped-def]
    for i in range(len(text) - 1):
        if text[i] != text[i + 1]:
            yield text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def test_every_single_substitution_is_detected() -> None:
    for code in sample_codes(60):
        for typo in _substitutions(codes.compact(code)):
            assert not codes.is_valid(typo), (code, typo)


def test_every_adjacent_transposition_is_detected() -> None:
    for code in sample_codes(300):
        for typo in _transpositions(codes.compact(code)):
            assert not codes.is_valid(typo), (code, typo)


def test_check_symbol_catches_every_change_of_the_reference_exhaustively() -> None:
    """All 31 x 6 substitutions and 5 swaps of the reference group, for many word pairs."""
    rng = random.Random(7)
    for _ in range(200):
        code = codes.new_code(rng)
        head, tail = code.rsplit("-", 1)
        for i in range(6):
            for sym in codes.ALPHABET.replace(tail[i], ""):
                assert not codes.is_valid(f"{head}-{tail[:i]}{sym}{tail[i + 1 :]}")


def _one_apart(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
    return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])


def test_no_two_words_are_one_typo_apart() -> None:
    for i, a in enumerate(WORDS):
        assert a.isalpha() and a.islower() and 4 <= len(a) <= 6
        assert not any(_one_apart(a, b) for b in WORDS[i + 1 :]), a


def test_run_together_word_pairs_split_unambiguously_even_after_one_typo() -> None:
    pairs = {a + b: (a, b) for a in WORDS for b in WORDS}
    assert len(pairs) == len(WORDS) ** 2
    masked = collections.defaultdict(set)
    for text, pair in pairs.items():
        for i in range(len(text)):
            masked[text[:i] + "*" + text[i + 1 :]].add(pair)
    assert all(len(v) == 1 for v in masked.values())
    for text in pairs:
        assert not any(t in pairs for t in _transpositions(text) if t != text)


def test_errors_say_what_is_wrong() -> None:
    code = sample_codes(1)[0]
    with pytest.raises(CodeError, match="check symbol"):
        codes.parse(code[:-1] + ("2" if code[-1] != "2" else "3"))
    with pytest.raises(CodeError, match="only use"):
        codes.parse(code[:-1] + "0")
    with pytest.raises(CodeError, match="two words"):
        codes.parse("save20-xx-abcdef")
    with pytest.raises(CodeError, match="too short"):
        codes.parse("SAVE20")


def test_nearest_finds_the_meant_code() -> None:
    issued = sample_codes(100)
    meant = issued[17]
    typo = meant[:3] + meant[4] + meant[3] + meant[5:]
    assert codes.nearest(typo, issued) == meant
    assert codes.nearest(meant[:-1], issued) == meant  # a dropped character
    assert codes.nearest("completely-different-thing", issued) is None


def test_tracked_links_carry_the_code_in_utm_content() -> None:
    url = codes.tracked_url("https://shop.example/p?id=3", "maple-otter-7kq4py", venue="forum")
    assert "id=3" in url and "utm_source=forum" in url and "utm_medium=community" in url
    assert codes.code_from_text(url) == "maple-otter-7kq4py"
