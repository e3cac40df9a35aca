import math

import pytest

from certificates import codes


def test_codes_carry_at_least_60_random_bits_in_crockford_base32():
    assert codes.RANDOM_SYMBOLS * math.log2(len(codes.ALPHABET)) >= 60
    assert set(codes.ALPHABET).isdisjoint("ILOU") and len(set(codes.ALPHABET)) == 32
    samples = {codes.new_code() for _ in range(2000)}
    assert len(samples) == 2000
    for code in samples:
        assert len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET)
        assert codes.normalise(code) == code


def test_codes_are_shown_in_groups_with_a_prefix():
    code = "7KQ4M2XD9FJ3KQ"
    code += codes.check_symbol(code)
    assert codes.display(code) == f"EAE-7KQ4M-2XD9F-J3KQ{code[-1]}"


@pytest.mark.parametrize("seed", range(5))
def test_the_check_character_catches_every_single_mistyped_character(seed):
    import random

    rng = random.Random(seed)
    body = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.RANDOM_SYMBOLS))
    code = body + codes.check_symbol(body)
    for position in range(codes.LENGTH):
        for symbol in codes.ALPHABET:
            if symbol != code[position]:
                mistyped = code[:position] + symbol + code[position + 1:]
                assert codes.normalise(mistyped) is None, (code, mistyped)


def test_entry_is_forgiving():
    body = "0123456789ABCD"
    code = body + codes.check_symbol(body)
    shown = codes.display(code)
    for entered in (shown, shown.lower(), shown.replace("-", " "), code, f"  {code.lower()}  ",
                    shown.replace("0", "O").replace("1", "l"), code.replace("1", "I"), f"eae {code}"):
        assert codes.normalise(entered) == code, entered


@pytest.mark.parametrize("entered", ["", None, "EAE", "hello", "U" * 15, "0123456789ABCDU", "0" * 40])
def test_anything_else_is_not_a_code(entered):
    assert codes.normalise(entered) is None
