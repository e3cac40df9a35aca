"""Certificate codes: 70 random bits in Crockford base32 (no I, L, O or U), plus a check character,
shown as EAE-XXXXX-XXXXX-XXXXX so they can be read out over the phone.

The check character is a weighted sum of the symbols' values modulo 32 with odd weights: changing
any one symbol changes the sum by an odd multiple of a non-zero difference below 32, which is never
a multiple of 32, so every single mistyped character is caught.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
RANDOM_SYMBOLS = 14
LENGTH = RANDOM_SYMBOLS + 1
PREFIX = "EAE"
GROUP = 5
CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = re.compile(r"[\s\-_.]+")


def check_symbol(symbols):
    total = sum((2 * position + 1) * VALUES[symbol] for position, symbol in enumerate(symbols))
    return ALPHABET[total % 32]


def new_code():
    """A fresh code in its stored form: 15 symbols, the last one the check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return body + check_symbol(body)


def display(code):
    groups = [code[start:start + GROUP] for start in range(0, len(code), GROUP)]
    return "-".join([PREFIX, *groups])


def normalise(entered):
    """The stored form of what someone typed, or None if it cannot be a code. Any case, spaces or
    dashes; O for 0 and I or L for 1; the EAE prefix optional."""
    text = SEPARATORS.sub("", (entered or "").upper()).translate(CONFUSABLE)
    if len(text) == LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX):]
    if len(text) != LENGTH or any(symbol not in VALUES for symbol in text):
        return None
    if check_symbol(text[:-1]) != text[-1]:
        return None
    return text
