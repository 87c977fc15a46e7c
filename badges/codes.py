"""Verification codes: short, random (never sequential), easy to read aloud and type.

Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in
groups of four ("K7QX-3M9P-2AHD"); 31**12 ≈ 8·10^17 codes, so guessing one is hopeless
within the rate limit of the verification form.
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What people type (any case, with dashes or spaces) as stored; "" when it cannot be
    a code at all."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch not in " -–\t")
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
